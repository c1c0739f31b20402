package io.smartgrid.loadtester.report;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import io.smartgrid.loadtester.grid.ChargeResult;
import io.smartgrid.loadtester.grid.Outcome;
import io.smartgrid.loadtester.grid.StopOutcome;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Collects what happened during a run, from many threads at once, so that a report can be taken at any moment
 * (including from a Ctrl-C shutdown hook while requests are still in flight).
 */
public final class RunRecorder {

	/** One hour in microseconds: anything slower is clamped rather than lost. */
	private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

	private final long startNanos;

	private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);

	private final Map<StopOutcome, LongAdder> stops = new EnumMap<>(StopOutcome.class);

	private final Map<String, LongAdder> sessionsPerSubstation = new ConcurrentHashMap<>();

	// From the intended send time: what a user waiting for an answer experiences (coordinated-omission corrected).
	private final SynchronizedHistogram latency = new SynchronizedHistogram(HIGHEST_MICROS, 3);

	// From the actual send time: what the server took once the request was on the wire.
	private final SynchronizedHistogram serviceTime = new SynchronizedHistogram(HIGHEST_MICROS, 3);

	private final AtomicLong lastChargeNanos = new AtomicLong(-1);

	private final LongAdder sent = new LongAdder();

	public RunRecorder(long startNanos) {
		this.startNanos = startNanos;
		for (Outcome outcome : Outcome.values()) {
			this.outcomes.put(outcome, new LongAdder());
		}
		for (StopOutcome outcome : StopOutcome.values()) {
			this.stops.put(outcome, new LongAdder());
		}
	}

	public long startNanos() {
		return this.startNanos;
	}

	/** A charge request left (or was due to leave) now. */
	public void recordSent() {
		this.sent.increment();
	}

	/**
	 * @param intendedNanos when the workload meant to send it (equal to {@code sentNanos} in a closed loop)
	 * @param sentNanos when it actually went out
	 * @param doneNanos when its answer (or failure) arrived
	 */
	public void recordCharge(ChargeResult result, long intendedNanos, long sentNanos, long doneNanos) {
		this.outcomes.get(result.outcome()).increment();
		// A transport error has no server time to speak of (a refused connection "answers" in microseconds).
		if (result.outcome() != Outcome.TRANSPORT_ERROR) {
			this.latency.recordValue(micros(doneNanos - intendedNanos));
			this.serviceTime.recordValue(micros(doneNanos - sentNanos));
		}
		if (result.outcome() == Outcome.CREATED) {
			String substation = (result.substationId() != null) ? result.substationId() : "(unknown)";
			this.sessionsPerSubstation.computeIfAbsent(substation, (id) -> new LongAdder()).increment();
		}
		this.lastChargeNanos.accumulateAndGet(doneNanos, Math::max);
	}

	private static long micros(long nanos) {
		return Math.min(HIGHEST_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
	}

	public void recordStop(StopOutcome outcome) {
		this.stops.get(outcome).increment();
	}

	public long sent() {
		return this.sent.sum();
	}

	public long completed() {
		return this.outcomes.values().stream().mapToLong(LongAdder::sum).sum();
	}

	public long count(Outcome outcome) {
		return this.outcomes.get(outcome).sum();
	}

	public long errors() {
		return this.outcomes.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().isError())
			.mapToLong((entry) -> entry.getValue().sum())
			.sum();
	}

	/** A consistent-enough copy of everything recorded so far. */
	public Snapshot snapshot(long nowNanos) {
		Map<Outcome, Long> outcomeCounts = new EnumMap<>(Outcome.class);
		this.outcomes.forEach((outcome, count) -> outcomeCounts.put(outcome, count.sum()));
		Map<StopOutcome, Long> stopCounts = new EnumMap<>(StopOutcome.class);
		this.stops.forEach((outcome, count) -> stopCounts.put(outcome, count.sum()));
		Map<String, Long> perSubstation = new TreeMap<>();
		this.sessionsPerSubstation.forEach((id, count) -> perSubstation.put(id, count.sum()));
		long last = this.lastChargeNanos.get();
		double chargeSeconds = seconds(((last < 0) ? nowNanos : last) - this.startNanos);
		return new Snapshot(outcomeCounts, stopCounts, perSubstation, this.latency.copy(), this.serviceTime.copy(),
				chargeSeconds, seconds(nowNanos - this.startNanos));
	}

	private static double seconds(long nanos) {
		return Math.max(0, nanos) / 1e9;
	}

	/**
	 * @param latency microseconds from intended send to answer
	 * @param serviceTime microseconds from actual send to answer
	 * @param chargeSeconds from the start to the last charge answer: the window throughput is measured over
	 * @param elapsedSeconds from the start to the snapshot, including waiting for scheduled stops
	 */
	public record Snapshot(Map<Outcome, Long> outcomes, Map<StopOutcome, Long> stops,
			Map<String, Long> sessionsPerSubstation, Histogram latency, Histogram serviceTime, double chargeSeconds,
			double elapsedSeconds) {
	}

}
