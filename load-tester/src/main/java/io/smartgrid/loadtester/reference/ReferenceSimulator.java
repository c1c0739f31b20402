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
 * online grid is later measured against; or through several sites (the grid's substations), each car sent to one on
 * arrival by a {@link SplitRouting}, to tell what splitting the capacity costs from what deciding online costs.
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

	/**
	 * One run: what each car got, in order of arrival, the highest load of all sites together, and each site's own
	 * highest load.
	 */
	public record Run(List<CarOutcome> outcomes, long peakLoadMicroKw, List<Long> sitePeaksMicroKw) {

		/** One site's run: its peak is the site's. */
		public Run(List<CarOutcome> outcomes, long peakLoadMicroKw) {
			this(outcomes, peakLoadMicroKw, List.of(peakLoadMicroKw));
		}

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
		return run(cars, List.of(capacityMicroKw), policy, SplitRouting.GRID, step);
	}

	/**
	 * Runs {@code cars} through sites of {@code capacitiesMicroKw} under {@code policy}, each car sent on arrival to a
	 * site by {@code routing}; one site is {@link #run(List, long, ReferencePolicy, Duration)}. A car stays at its site
	 * until it leaves. One that no site admits waits at the site where power for it should free up first, as the
	 * grid's balancer estimates it: the least shortfall of its minimum, counting the minimums charging and waiting
	 * there, over the capacity ({@code (Σ minimums + Σ waiting minimums + minimum − capacity) / capacity}), ties to the
	 * first, among the sites at least as large as its minimum.
	 */
	public static Run run(List<ReferenceCar> cars, List<Long> capacitiesMicroKw, ReferencePolicy policy,
			SplitRouting routing, Duration step) {
		if (capacitiesMicroKw.isEmpty() || capacitiesMicroKw.stream().anyMatch((c) -> c < 1)) {
			throw new IllegalArgumentException("every capacity must be positive");
		}
		if (step.getSeconds() < 1) {
			throw new IllegalArgumentException("step must be at least a second");
		}
		List<ReferenceCar> byArrival = new ArrayList<>(cars);
		byArrival.sort(Comparator.comparing(ReferenceCar::arrival));
		CarOutcome[] outcomes = new CarOutcome[byArrival.size()];
		List<Site> sites = capacitiesMicroKw.stream().map(Site::new).toList();
		long stepSeconds = step.getSeconds();
		long peak = 0;
		int next = 0;
		long now = byArrival.isEmpty() ? 0 : byArrival.get(0).arrival().getEpochSecond();
		while (next < byArrival.size() || sites.stream().anyMatch(Site::busy)) {
			if (sites.stream().noneMatch(Site::busy)) {
				now = Math.max(now, byArrival.get(next).arrival().getEpochSecond());
			}
			for (Site site : sites) {
				site.leave(now, outcomes);
				site.startWaiting(now, outcomes);
			}
			while (next < byArrival.size() && byArrival.get(next).arrival().getEpochSecond() <= now) {
				Charging car = new Charging(byArrival.get(next), next);
				next++;
				arrive(car, sites, policy, routing, now, outcomes);
			}
			for (Site site : sites) {
				site.startWaiting(now, outcomes);
			}
			long end = now + stepSeconds;
			if (next < byArrival.size()) {
				end = Math.min(end, byArrival.get(next).arrival().getEpochSecond());
			}
			long load = 0;
			long[][] powers = new long[sites.size()][];
			for (int s = 0; s < sites.size(); s++) {
				Site site = sites.get(s);
				long[] power = allocate(site.active, site.capacity, policy, now);
				powers[s] = power;
				long siteLoad = 0;
				for (int i = 0; i < site.active.size(); i++) {
					Charging car = site.active.get(i);
					end = Math.min(end, car.car.departure().getEpochSecond());
					if (power[i] > 0) {
						end = Math.min(end, now + ceilDiv(car.remaining, power[i]));
					}
					siteLoad += power[i];
				}
				for (Charging car : site.waiting) {
					end = Math.min(end, car.car.departure().getEpochSecond());
				}
				site.peak = Math.max(site.peak, siteLoad);
				load += siteLoad;
			}
			end = Math.max(end, now + 1);
			for (int s = 0; s < sites.size(); s++) {
				List<Charging> active = sites.get(s).active;
				for (int i = 0; i < active.size(); i++) {
					active.get(i).charge(powers[s][i], end - now);
				}
			}
			peak = Math.max(peak, load);
			now = end;
		}
		return new Run(Arrays.asList(outcomes), peak, sites.stream().map((site) -> site.peak).toList());
	}

	/** A car arrives: it starts at the site its routing chooses among those that admit it, waits, or is refused. */
	private static void arrive(Charging car, List<Site> sites, ReferencePolicy policy, SplitRouting routing, long now,
			CarOutcome[] outcomes) {
		List<Site> admitting = sites.stream().filter((site) -> site.admits(car, policy)).toList();
		if (routing == SplitRouting.FINISH) {
			List<Site> finishing = admitting.stream().filter((site) -> finishes(site, car, policy, now)).toList();
			if (!finishing.isEmpty()) {
				admitting = finishing;
			}
		}
		Site chosen = null;
		double best = Double.NEGATIVE_INFINITY;
		for (Site site : admitting) {
			double score = (routing == SplitRouting.LARGEST_SHARE) ? shareAt(site, car, policy, now)
					: -(double) (reserved(site.active) + car.car.maxMicroKw()) / site.capacity;
			// Higher scores win; ties to the first site under the grid's rule, to the larger one under the others.
			if (chosen == null || score > best
					|| (score == best && routing != SplitRouting.GRID && site.capacity > chosen.capacity)) {
				chosen = site;
				best = score;
			}
		}
		if (chosen != null) {
			car.start(now, chosen.active);
			return;
		}
		if (policy.allocation() == null) {
			outcomes[car.sequence] = car.outcome(null);
			return;
		}
		Site wait = null;
		double shortfall = Double.POSITIVE_INFINITY;
		for (Site site : sites) {
			if (site.capacity < car.car.minMicroKw()) {
				continue;
			}
			double mine = (double) (site.minimums() + car.car.minMicroKw() - site.capacity) / site.capacity;
			if (mine < shortfall) {
				wait = site;
				shortfall = mine;
			}
		}
		if (wait == null) {
			outcomes[car.sequence] = car.outcome(null);
		}
		else {
			wait.waiting.addLast(car);
		}
	}

	/**
	 * Whether {@code car}, at the power it would get at {@code site} now, would have its energy by its departure, both
	 * as the policy knows them; false when the departure is not known.
	 */
	private static boolean finishes(Site site, Charging car, ReferencePolicy policy, long now) {
		Instant departure = knownDeparture(car, policy);
		if (departure == null) {
			return false;
		}
		long seconds = departure.getEpochSecond() - now;
		return seconds > 0 && (double) shareAt(site, car, policy, now) * seconds >= knownRemaining(car, policy);
	}

	/** The power {@code car} would get now at {@code site} beside the cars already there, under the policy. */
	private static long shareAt(Site site, Charging car, ReferencePolicy policy, long now) {
		if (policy.allocation() == null) {
			return Math.min(car.car.maxMicroKw(), site.capacity);
		}
		List<Charging> with = new ArrayList<>(site.active);
		with.add(car);
		return allocate(with, site.capacity, policy, now)[with.size() - 1];
	}

	/** The departure as the policy knows it: the real one with perfect knowledge, otherwise the stated one or null. */
	private static Instant knownDeparture(Charging car, ReferencePolicy policy) {
		return (policy == ReferencePolicy.LEAST_LAXITY) ? car.car.departure() : car.car.statedDeparture();
	}

	/** The energy left, in micro-kW-seconds, as the policy knows it. */
	private static long knownRemaining(Charging car, ReferencePolicy policy) {
		if (policy == ReferencePolicy.LEAST_LAXITY || car.car.statedEnergyKwh() == null) {
			return car.remaining;
		}
		return Math.round(car.car.statedEnergyKwh() * MICRO_KW_SECONDS_PER_KWH);
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

	/** One site (substation): its capacity, the cars charging there and those waiting for it, first come first. */
	private static final class Site {

		private final long capacity;

		private final List<Charging> active = new ArrayList<>();

		private final Deque<Charging> waiting = new ArrayDeque<>();

		private long peak;

		Site(long capacity) {
			this.capacity = capacity;
		}

		boolean busy() {
			return !this.active.isEmpty() || !this.waiting.isEmpty();
		}

		/** Whether {@code car} may start here now: under 503-only its full power fits, otherwise its minimum. */
		boolean admits(Charging car, ReferencePolicy policy) {
			if (policy.allocation() == null) {
				return reserved(this.active) + car.car.maxMicroKw() <= this.capacity;
			}
			return this.waiting.isEmpty()
					&& PowerAllocator.admits(this.capacity, demands(this.active, false), car.car.minMicroKw());
		}

		/** The minimums of the cars charging and waiting here. */
		long minimums() {
			long sum = 0;
			for (Charging car : this.active) {
				sum += car.car.minMicroKw();
			}
			for (Charging car : this.waiting) {
				sum += car.car.minMicroKw();
			}
			return sum;
		}

		/**
		 * Starts the waiting cars, first come first, while the first one's minimum fits; one whose minimum is above
		 * the capacity itself can never start and leaves unserved.
		 */
		void startWaiting(long now, CarOutcome[] outcomes) {
			while (!this.waiting.isEmpty()) {
				if (PowerAllocator.admits(this.capacity, demands(this.active, false),
						this.waiting.peekFirst().car.minMicroKw())) {
					this.waiting.pollFirst().start(now, this.active);
				}
				else if (this.active.isEmpty()) {
					Charging never = this.waiting.pollFirst();
					outcomes[never.sequence] = never.outcome(null);
				}
				else {
					return;
				}
			}
		}

		void leave(long now, CarOutcome[] outcomes) {
			for (Iterator<Charging> each = this.active.iterator(); each.hasNext();) {
				Charging car = each.next();
				if (car.remaining == 0 || car.car.departure().getEpochSecond() <= now) {
					outcomes[car.sequence] = car.outcome(car.admittedAt);
					each.remove();
				}
			}
			for (Iterator<Charging> each = this.waiting.iterator(); each.hasNext();) {
				Charging car = each.next();
				if (car.car.departure().getEpochSecond() <= now) {
					outcomes[car.sequence] = car.outcome(null);
					each.remove();
				}
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
