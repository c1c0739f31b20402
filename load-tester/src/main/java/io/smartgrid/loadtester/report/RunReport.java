package io.smartgrid.loadtester.report;

import java.util.List;
import java.util.Map;

import io.smartgrid.loadtester.grid.Outcome;
import io.smartgrid.loadtester.grid.StopOutcome;

/**
 * Everything a run found out, in the shape written to {@code --report} JSON and rendered as text and HTML.
 *
 * @param workload what was sent, in words
 * @param target the charge-request service's base URL
 * @param balancer the balancer's base URL, sampled for utilisation
 * @param startedAt wall-clock start, ISO-8601
 * @param interrupted true when the run was cut short (Ctrl-C) and this covers only what ran so far
 * @param elapsedSeconds the whole run, including waiting for scheduled stops
 * @param chargeSeconds from the start to the last charge answer; throughput is measured over it
 * @param requests charge requests answered (or failed), whatever the outcome
 * @param outcomes charge requests by outcome
 * @param stops stop requests by outcome
 * @param errors charge and stop requests that count as errors (never a 503 grid-full)
 * @param errorRate {@code errors} over all charge and stop requests
 * @param throughputPerSecond charge requests answered per second
 * @param createdPerSecond sessions started per second
 * @param latencyCorrected whether latency counts from the intended send time (open loop)
 * @param latency per charge request with an HTTP answer; from intended send time when corrected
 * @param serviceTime per charge request with an HTTP answer, from the actual send time
 * @param sessionsPerSubstation sessions started, by the substation the 201 named
 * @param utilization each substation's utilisation at every sample
 * @param peak balance at the sample with the most total load (null without samples)
 * @param end balance at the last sample (null without samples)
 * @param overshoots every sample in which a substation's load exceeded its capacity
 */
public record RunReport(String workload, String target, String balancer, String startedAt, boolean interrupted,
		double elapsedSeconds, double chargeSeconds, long requests, Map<Outcome, Long> outcomes,
		Map<StopOutcome, Long> stops, long errors, double errorRate, double maxErrorRate, double throughputPerSecond,
		double createdPerSecond, boolean latencyCorrected, Latency latency, Latency serviceTime,
		Map<String, Long> sessionsPerSubstation, List<Series> utilization, Balance peak, Balance end,
		List<Overshoot> overshoots, int samples, long sampleFailures, boolean passed, List<String> failures,
		List<String> warnings) {

	/** Latency percentiles in milliseconds, read from an HdrHistogram. */
	public record Latency(long count, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs,
			double meanMs) {
	}

	/** One substation's utilisation over the run. */
	public record Series(String substationId, double capacityKw, List<Point> points) {
	}

	/** One sample of one substation. */
	public record Point(double atSeconds, double utilization, double loadKw) {
	}

	/**
	 * How evenly load was spread across the healthy substations at one moment.
	 * @param spread max minus min utilisation
	 * @param coefficientOfVariation population standard deviation over mean of utilisation (0 when idle)
	 */
	public record Balance(double atSeconds, double totalLoadKw, Map<String, Double> utilization,
			double meanUtilization, double spread, double coefficientOfVariation) {
	}

	/** A substation seen above its capacity: the one thing the grid must never do. */
	public record Overshoot(double atSeconds, String substationId, double loadKw, double capacityKw) {
	}

}
