package io.smartgrid.loadtester.reference;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

import io.smartgrid.substation.allocation.Allocation;
import io.smartgrid.substation.allocation.ChargingDemand;
import io.smartgrid.substation.allocation.PowerAllocator;

/**
 * Charges a trace's cars through one site of a given capacity, offline, on a simulated clock: the reference the
 * online grid is later measured against.
 *
 * <p>Time moves from event to event (an arrival, a departure, a car's energy complete at its present power) and at
 * least every {@code step}, when the allocation is computed again; so least laxity re-orders at that granularity.
 * Power and energy are whole micro-kW and micro-kW-seconds. Under a sharing policy a car is admitted when its
 * minimum fits beside the minimums of those charging ({@link PowerAllocator#admits}); one that does not waits in a
 * first-come first-served waitlist until it fits, or leaves unserved at its departure. Under 503-only a car is
 * admitted when its full power fits beside the full powers of those charging, and is otherwise turned away at once.
 */
public final class ReferenceSimulator {

	private static final long MICRO_KW_SECONDS_PER_KWH = 3_600_000_000L;

	private ReferenceSimulator() {
	}

	/** One run: what each car got, in order of arrival, and the highest load of the site. */
	public record Run(List<CarOutcome> outcomes, long peakLoadMicroKw) {
	}

	/**
	 * The peak load if every car drew its maximum from its arrival until its energy was delivered: the highest sum
	 * of maximums over the intervals {@code [arrival, arrival + energy / maximum)}.
	 */
	public static long uncontrolledPeakMicroKw(List<ReferenceCar> cars) {
		List<long[]> changes = new ArrayList<>();
		for (ReferenceCar car : cars) {
			long start = car.arrival().getEpochSecond();
			long seconds = ceilDiv(energy(car), car.maxMicroKw());
			changes.add(new long[] { start, car.maxMicroKw() });
			changes.add(new long[] { start + seconds, -car.maxMicroKw() });
		}
		// At the same second a car that finishes makes room before one that starts.
		changes.sort(Comparator.<long[]>comparingLong((c) -> c[0]).thenComparingLong((c) -> c[1]));
		long load = 0;
		long peak = 0;
		for (long[] change : changes) {
			load += change[1];
			peak = Math.max(peak, load);
		}
		return peak;
	}

	/** Runs {@code cars} through a site of {@code capacityMicroKw} under {@code policy}. */
	public static Run run(List<ReferenceCar> cars, long capacityMicroKw, ReferencePolicy policy, Duration step) {
		if (capacityMicroKw < 1) {
			throw new IllegalArgumentException("capacity must be positive");
		}
		if (step.getSeconds() < 1) {
			throw new IllegalArgumentException("step must be at least a second");
		}
		List<ReferenceCar> byArrival = new ArrayList<>(cars);
		byArrival.sort(Comparator.comparing(ReferenceCar::arrival));
		CarOutcome[] outcomes = new CarOutcome[byArrival.size()];
		List<Charging> active = new ArrayList<>();
		Deque<Charging> waiting = new ArrayDeque<>();
		long stepSeconds = step.getSeconds();
		long peak = 0;
		int next = 0;
		long now = byArrival.isEmpty() ? 0 : byArrival.get(0).arrival().getEpochSecond();
		while (next < byArrival.size() || !active.isEmpty() || !waiting.isEmpty()) {
			if (active.isEmpty() && waiting.isEmpty()) {
				now = Math.max(now, byArrival.get(next).arrival().getEpochSecond());
			}
			leave(active, waiting, now, outcomes);
			while (next < byArrival.size() && byArrival.get(next).arrival().getEpochSecond() <= now) {
				Charging car = new Charging(byArrival.get(next), next);
				next++;
				if (policy.allocation() != null) {
					waiting.addLast(car);
				}
				else if (reserved(active) + car.car.maxMicroKw() <= capacityMicroKw) {
					car.start(now, active);
				}
				else {
					outcomes[car.sequence] = car.outcome(null);
				}
			}
			while (!waiting.isEmpty()
					&& PowerAllocator.admits(capacityMicroKw, demands(active, false), waiting.peekFirst().car.minMicroKw())) {
				waiting.pollFirst().start(now, active);
			}
			if (active.isEmpty() && !waiting.isEmpty()) {
				// Its minimum is above the capacity itself: it can never start.
				Charging never = waiting.pollFirst();
				outcomes[never.sequence] = never.outcome(null);
				continue;
			}
			long[] power = allocate(active, capacityMicroKw, policy, now);
			long end = now + stepSeconds;
			if (next < byArrival.size()) {
				end = Math.min(end, byArrival.get(next).arrival().getEpochSecond());
			}
			long load = 0;
			for (int i = 0; i < active.size(); i++) {
				Charging car = active.get(i);
				end = Math.min(end, car.car.departure().getEpochSecond());
				if (power[i] > 0) {
					end = Math.min(end, now + ceilDiv(car.remaining, power[i]));
				}
				load += power[i];
			}
			for (Charging car : waiting) {
				end = Math.min(end, car.car.departure().getEpochSecond());
			}
			end = Math.max(end, now + 1);
			for (int i = 0; i < active.size(); i++) {
				active.get(i).charge(power[i], end - now);
			}
			peak = Math.max(peak, load);
			now = end;
		}
		return new Run(Arrays.asList(outcomes), peak);
	}

	private static long[] allocate(List<Charging> active, long capacity, ReferencePolicy policy, long now) {
		long[] power = new long[active.size()];
		if (policy.allocation() == null) {
			for (int i = 0; i < power.length; i++) {
				power[i] = active.get(i).car.maxMicroKw();
			}
			return power;
		}
		Instant at = Instant.ofEpochSecond(now);
		Allocation allocation = PowerAllocator.allocate(policy.allocation(), capacity,
				demands(active, policy == ReferencePolicy.LEAST_LAXITY_STATED), at);
		for (int i = 0; i < power.length; i++) {
			power[i] = allocation.powerAt(i);
		}
		return power;
	}

	/**
	 * The sessions as the allocator sees them: with perfect knowledge the real departure and remaining energy; told
	 * what drivers stated, their departure and their request less what the car has taken.
	 */
	private static List<ChargingDemand> demands(List<Charging> active, boolean stated) {
		List<ChargingDemand> demands = new ArrayList<>(active.size());
		for (Charging car : active) {
			Instant departure = car.car.departure();
			long remaining = car.remaining;
			if (stated) {
				boolean told = car.car.statedDeparture() != null && car.car.statedEnergyKwh() != null;
				departure = told ? car.car.statedDeparture() : null;
				remaining = told ? Math.max(0, Math.round(car.car.statedEnergyKwh() * MICRO_KW_SECONDS_PER_KWH)
						- (energy(car.car) - car.remaining)) : 0;
			}
			demands.add(new ChargingDemand(Integer.toString(car.sequence), car.car.minMicroKw(), car.car.maxMicroKw(),
					ceilDiv(remaining, 3600), departure, car.sequence));
		}
		return demands;
	}

	private static long reserved(List<Charging> active) {
		return active.stream().mapToLong((car) -> car.car.maxMicroKw()).sum();
	}

	private static void leave(List<Charging> active, Deque<Charging> waiting, long now, CarOutcome[] outcomes) {
		for (Iterator<Charging> each = active.iterator(); each.hasNext();) {
			Charging car = each.next();
			if (car.remaining == 0 || car.car.departure().getEpochSecond() <= now) {
				outcomes[car.sequence] = car.outcome(car.admittedAt);
				each.remove();
			}
		}
		for (Iterator<Charging> each = waiting.iterator(); each.hasNext();) {
			Charging car = each.next();
			if (car.car.departure().getEpochSecond() <= now) {
				outcomes[car.sequence] = car.outcome(null);
				each.remove();
			}
		}
	}

	static long energy(ReferenceCar car) {
		return Math.round(car.energyKwh() * MICRO_KW_SECONDS_PER_KWH);
	}

	private static long ceilDiv(long dividend, long divisor) {
		return dividend / divisor + ((dividend % divisor != 0) ? 1 : 0);
	}

	/** A car at the site, in micro-kW-seconds of energy. */
	private static final class Charging {

		private final ReferenceCar car;

		private final int sequence;

		private long remaining;

		private Instant admittedAt;

		Charging(ReferenceCar car, int sequence) {
			this.car = car;
			this.sequence = sequence;
			this.remaining = energy(car);
		}

		void start(long now, List<Charging> active) {
			this.admittedAt = Instant.ofEpochSecond(now);
			active.add(this);
		}

		void charge(long power, long seconds) {
			this.remaining -= Math.min(this.remaining, power * seconds);
		}

		CarOutcome outcome(Instant admitted) {
			double delivered = (double) (energy(this.car) - this.remaining) / MICRO_KW_SECONDS_PER_KWH;
			return new CarOutcome(this.car.id(), this.car.energyKwh(), delivered, this.car.arrival(), admitted);
		}

	}

}
