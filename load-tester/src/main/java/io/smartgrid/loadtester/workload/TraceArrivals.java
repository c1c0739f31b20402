package io.smartgrid.loadtester.workload;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Replays real sessions on a compressed clock: the first session arrives at once, every other one at its real
 * offset divided by {@code speed}, and each is stopped at its real disconnection time, compressed the same way.
 * Each request carries the departure its driver stated, compressed the same way onto the real clock from the moment
 * the replay begins (the grid's substations run their clocks at the same speed), when it is at least
 * {@link #DEPARTURE_LEAD} of real time after the car's arrival: a departure closer than that could be past by the
 * time the request is read, which the grid refuses.
 */
public final class TraceArrivals implements ArrivalSchedule {

	/** The least real time between a car's arrival and the departure it sends. */
	public static final Duration DEPARTURE_LEAD = Duration.ofMillis(50);

	private final List<TraceSession> sessions;

	private final double speed;

	private final String source;

	public TraceArrivals(List<TraceSession> sessions, double speed, String source) {
		if (sessions.isEmpty()) {
			throw new IllegalArgumentException("no trace sessions to replay");
		}
		if (!(speed > 0)) {
			throw new IllegalArgumentException("speed must be positive");
		}
		this.sessions = List.copyOf(sessions);
		this.speed = speed;
		this.source = source;
	}

	@Override
	public long expectedCount() {
		return this.sessions.size();
	}

	/** How long the replay takes in real time, up to the last disconnection. */
	public Duration replayDuration() {
		Instant origin = this.sessions.get(0).connection();
		Instant last = this.sessions.stream().map(TraceSession::disconnection).max(Instant::compareTo).orElse(origin);
		return Duration.ofNanos(compress(origin, last));
	}

	@Override
	public String description() {
		return String.format(Locale.ROOT, "trace replay of %d sessions from %s (%s to %s) at %.0fx speed, about %s",
				this.sessions.size(), this.source, this.sessions.get(0).connection(),
				this.sessions.get(this.sessions.size() - 1).connection(), this.speed,
				Durations.format(replayDuration().withNanos(0)));
	}

	private long compress(Instant origin, Instant at) {
		return compress(origin, at, this.speed);
	}

	/** Real nanoseconds from the start of a replay at {@code speed} to {@code at}, a time on the trace's clock. */
	public static long compress(Instant origin, Instant at, double speed) {
		return (long) (Duration.between(origin, at).toNanos() / speed);
	}

	/**
	 * The departure a car of a replay sends: its stated departure compressed onto the real clock from
	 * {@code replayOrigin}, or null when unsaid or less than {@link #DEPARTURE_LEAD} of real time after its arrival.
	 * @param origin the trace time the replay starts from
	 */
	public static Instant departureAt(Instant origin, Instant arrival, Instant stated, double speed,
			Instant replayOrigin) {
		if (stated == null || compress(origin, stated, speed) - compress(origin, arrival, speed) < DEPARTURE_LEAD.toNanos()) {
			return null;
		}
		return replayOrigin.plusNanos(compress(origin, stated, speed));
	}

	@Override
	public Iterator<Arrival> iterator() {
		Instant origin = this.sessions.get(0).connection();
		Instant replayOrigin = Instant.now();
		Iterator<TraceSession> each = this.sessions.iterator();
		return new Iterator<>() {

			private long sequence;

			@Override
			public boolean hasNext() {
				return each.hasNext();
			}

			@Override
			public Arrival next() {
				TraceSession session = each.next();
				long arrival = compress(origin, session.connection());
				Instant departure = departureAt(origin, session.connection(), session.requestedDeparture(),
						TraceArrivals.this.speed, replayOrigin);
				return new Arrival(arrival, session.toRequest(++this.sequence, departure),
						compress(origin, session.disconnection()));
			}

		};
	}

}
