package io.smartgrid.loadtester.comparison;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import io.smartgrid.loadtester.grid.ChargeRequest;
import io.smartgrid.loadtester.grid.ChargeResult;
import io.smartgrid.loadtester.grid.EndedSession;
import io.smartgrid.loadtester.grid.GridClient;
import io.smartgrid.loadtester.grid.Outcome;
import io.smartgrid.loadtester.grid.StopOutcome;
import io.smartgrid.loadtester.reference.CarOutcome;
import io.smartgrid.loadtester.reference.ReferenceCar;
import io.smartgrid.loadtester.workload.InFlight;
import io.smartgrid.loadtester.workload.TraceArrivals;

/**
 * Charges the offline reference's cars through a real grid, online: each car asks at its arrival, compressed by
 * {@code speed} onto the real clock (the grid's substations run their clocks at the same speed), and is stopped at its
 * real departure, compressed the same way; what {@code DELETE /charge/{id}} answers is what it left with.
 *
 * <p>The grid is told what it would be told in service: the car's maximum and minimum power, the energy the car
 * takes (it stops drawing once full), and the departure its driver stated, if any and at least
 * {@link TraceArrivals#DEPARTURE_LEAD} of real time after the arrival (a closer one could be past when the request is read).
 * It is not told the real departure. Under {@link Mode#REFUSE_WHEN_FULL} each car asks for its full power as its
 * minimum and does not wait, which is how the grid behaved before it shared power: it charges at full power or is
 * refused. Under {@link Mode#SHARE} each car asks with its minimum and asks to wait ({@code Prefer: respond-async}).
 *
 * <p>Times a car's outcome carries (its arrival, when it started) are mapped back onto the trace's clock, so the
 * figures read as the offline reference's do.
 */
public final class OnlineReplay {

	/** How the cars ask. */
	public enum Mode {

		/** At full power or not at all, and no waiting: the grid before power sharing. */
		REFUSE_WHEN_FULL,

		/** With their minimum, and asking to wait when no substation can take it now. */
		SHARE

	}

	/**
	 * What a replay did.
	 *
	 * @param outcomes each car's outcome, in order of arrival
	 * @param answers how the grid answered the cars' {@code POST /charge}
	 * @param leftWaiting cars that waited and left (their departure came, or the waitlist's maximum wait) before
	 * they started
	 * @param failedStops the stops of acknowledged sessions that did not answer 200, by what they got instead
	 * ({@link EndedSession#answer()}, e.g. {@code 404 session-not-found}); each such car counts as having got
	 * nothing. A 404 is among them: the grid acknowledged the session, so it must still know it at departure.
	 */
	public record Result(List<CarOutcome> outcomes, Map<Outcome, Long> answers, int leftWaiting,
			Map<String, Long> failedStops) {

		public Result {
			failedStops = Collections.unmodifiableMap(new TreeMap<>(failedStops));
		}

		/** Stops that got no usable answer. */
		public long stopErrors() {
			return this.failedStops.values().stream().mapToLong(Long::longValue).sum();
		}

		/** Answers that were neither a session nor a polite 503: the grid failed them. */
		public long errors() {
			return this.answers.entrySet().stream().filter((e) -> e.getKey().isError()).mapToLong(Map.Entry::getValue)
				.sum() + stopErrors();
		}

		/**
		 * What the grid answered, by name: e.g. {@code starts answered {201 created=2}; stops that failed
		 * {404 session-not-found=1}}.
		 */
		public String describe() {
			String starts = this.answers.entrySet().stream().map((e) -> e.getKey().label() + "=" + e.getValue())
				.collect(Collectors.joining(", ", "{", "}"));
			return "starts answered " + starts + "; stops that failed "
					+ (this.failedStops.isEmpty() ? "none" : this.failedStops);
		}

		/** Cars refused on arrival with {@code 503 grid-full}. */
		public long refusedOnArrival() {
			return this.answers.getOrDefault(Outcome.GRID_FULL, 0L);
		}

	}

	private final GridClient client;

	private final double speed;

	private final Mode mode;

	public OnlineReplay(GridClient client, double speed, Mode mode) {
		if (!(speed > 0)) {
			throw new IllegalArgumentException("speed must be positive");
		}
		this.client = client;
		this.speed = speed;
		this.mode = mode;
	}

	/**
	 * Starts and at once stops {@code rounds} small sessions, one after another, so that a new grid has loaded and
	 * compiled its code paths before the replay: on a clock {@code speed} times as fast, the first requests' cold
	 * latency would otherwise cost their cars hours of charging. Leaves nothing charging.
	 */
	public void warmUp(int rounds) {
		for (int i = 0; i < rounds; i++) {
			ChargeResult answer = this.client.charge(new ChargeRequest("WARM-UP-" + (i + 1), 1, 0.1, 1.0, null),
					false).join();
			if (answer.outcome().hasSession() && answer.sessionId() != null) {
				this.client.end(answer.sessionId()).join();
			}
		}
	}

	/** Replays {@code cars} and waits until every one has left; returns what each got. */
	public Result run(List<ReferenceCar> cars) throws InterruptedException {
		List<ReferenceCar> byArrival = new ArrayList<>(cars);
		byArrival.sort(Comparator.comparing(ReferenceCar::arrival));
		CarOutcome[] outcomes = new CarOutcome[byArrival.size()];
		ChargeResult[] answers = new ChargeResult[byArrival.size()];
		EndedSession[] ends = new EndedSession[byArrival.size()];
		if (byArrival.isEmpty()) {
			return new Result(List.of(), Map.of(), 0, Map.of());
		}
		Instant origin = byArrival.get(0).arrival();
		ScheduledExecutorService stopper = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "replay-stopper");
			thread.setDaemon(true);
			return thread;
		});
		InFlight pending = new InFlight();
		long startNanos = System.nanoTime();
		Instant startWall = Instant.now();
		try {
			for (int i = 0; i < byArrival.size(); i++) {
				ReferenceCar car = byArrival.get(i);
				long due = startNanos + compress(origin, car.arrival());
				long wait;
				while ((wait = due - System.nanoTime()) > 0) {
					LockSupport.parkNanos(wait);
					if (Thread.interrupted()) {
						throw new InterruptedException();
					}
				}
				int index = i;
				long leaveAt = startNanos + compress(origin, car.departure());
				pending.begin();
				this.client.charge(request(index, car, origin, startWall), this.mode == Mode.SHARE).whenComplete((answer, ex) -> {
					answers[index] = answer;
					if (answer != null && answer.outcome().hasSession() && answer.sessionId() != null) {
						pending.begin();
						stopper.schedule(() -> this.client.end(answer.sessionId()).whenComplete((ended, failure) -> {
							ends[index] = ended;
							pending.end();
						}), Math.max(0, leaveAt - System.nanoTime()), TimeUnit.NANOSECONDS);
					}
					pending.end();
				});
			}
			pending.awaitNone();
		}
		finally {
			stopper.shutdownNow();
		}
		Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
		int leftWaiting = 0;
		Map<String, Long> failedStops = new TreeMap<>();
		for (int i = 0; i < outcomes.length; i++) {
			ReferenceCar car = byArrival.get(i);
			ChargeResult answer = answers[i];
			counts.merge(answer.outcome(), 1L, Long::sum);
			EndedSession ended = ends[i];
			double delivered = 0;
			Instant started = null;
			if (ended != null && ended.outcome() == StopOutcome.STOPPED) {
				delivered = ended.deliveredKwh();
				started = (ended.startedAt() != null) ? traceTime(origin, startWall, ended.startedAt()) : null;
				if (started == null) {
					leftWaiting++;
				}
			}
			else if (ended != null) {
				failedStops.merge(ended.answer(), 1L, Long::sum);
			}
			outcomes[i] = new CarOutcome(car.id(), car.energyKwh(), delivered, car.arrival(),
					(started != null && started.isBefore(car.arrival())) ? car.arrival() : started);
		}
		return new Result(Arrays.asList(outcomes), counts, leftWaiting, failedStops);
	}

	/** The car's request; its vehicle id is its place in the order of arrival, as the trace's ids do not fit one. */
	private ChargeRequest request(int index, ReferenceCar car, Instant origin, Instant startWall) {
		double maxKw = car.maxMicroKw() / 1_000_000.0;
		double minKw = (this.mode == Mode.SHARE) ? car.minMicroKw() / 1_000_000.0 : maxKw;
		Instant departureAt = TraceArrivals.departureAt(origin, car.arrival(), car.statedDeparture(), this.speed,
				startWall);
		return new ChargeRequest("ACN-" + (index + 1), maxKw, car.energyKwh(), minKw, departureAt);
	}

	/** Real nanoseconds from the start of the replay to {@code at} on the trace's clock. */
	private long compress(Instant origin, Instant at) {
		return TraceArrivals.compress(origin, at, this.speed);
	}

	/** The instant on the trace's clock of {@code real}, a time on the replay's real clock. */
	private Instant traceTime(Instant origin, Instant startWall, Instant real) {
		return origin.plusNanos((long) (Duration.between(startWall, real).toNanos() * this.speed));
	}

}
