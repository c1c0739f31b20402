package io.smartgrid.loadtester.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.smartgrid.loadtester.grid.Outcome;
import io.smartgrid.loadtester.grid.SubstationState;
import io.smartgrid.loadtester.report.RunReport.Balance;
import io.smartgrid.loadtester.report.RunReport.Latency;
import io.smartgrid.loadtester.report.RunReport.Overshoot;
import io.smartgrid.loadtester.report.RunReport.Point;
import io.smartgrid.loadtester.report.RunReport.Series;
import io.smartgrid.loadtester.report.UtilizationSampler.Sample;
import org.HdrHistogram.AbstractHistogram;

/** The arithmetic of a report: pure functions of what the recorder and the sampler collected. */
public final class ReportBuilder {

	private ReportBuilder() {
	}

	/** Who, what and against which thresholds: the parts of a report that are not measurements. */
	public record Context(String workload, String target, String balancer, String startedAt, boolean interrupted,
			boolean latencyCorrected, double maxErrorRate) {
	}

	public static RunReport build(Context context, RunRecorder.Snapshot snapshot, List<Sample> samples,
			long sampleFailures) {
		long requests = sum(snapshot.outcomes());
		long stopRequests = sum(snapshot.stops());
		long errors = snapshot.outcomes().entrySet().stream().filter((e) -> e.getKey().isError())
			.mapToLong(Map.Entry::getValue).sum()
				+ snapshot.stops().entrySet().stream().filter((e) -> e.getKey().isError())
					.mapToLong(Map.Entry::getValue).sum();
		double errorRate = ratio(errors, requests + stopRequests);
		List<Overshoot> overshoots = overshoots(samples);
		Balance peak = peak(samples);
		Balance end = samples.isEmpty() ? null : balance(samples.get(samples.size() - 1));

		List<String> failures = new ArrayList<>();
		if (errorRate > context.maxErrorRate()) {
			failures.add(String.format("error rate %.2f%% (%d of %d requests) exceeds --max-error-rate %.2f%%",
					errorRate * 100, errors, requests + stopRequests, context.maxErrorRate() * 100));
		}
		if (!overshoots.isEmpty()) {
			Overshoot first = overshoots.get(0);
			failures.add(String.format("capacity exceeded in %d substation samples, first %s at %.2f s: %.1f kW > %.1f kW",
					overshoots.size(), first.substationId(), first.atSeconds(), first.loadKw(), first.capacityKw()));
		}
		List<String> warnings = new ArrayList<>();
		if (samples.isEmpty()) {
			warnings.add("no balancer samples: utilisation, balance and overshoot were not observed");
		}
		else if (sampleFailures > 0) {
			warnings.add(sampleFailures + " balancer samples failed");
		}
		if (context.interrupted()) {
			warnings.add("interrupted: this report covers only what ran before Ctrl-C");
		}
		return new RunReport(context.workload(), context.target(), context.balancer(), context.startedAt(),
				context.interrupted(), snapshot.elapsedSeconds(), snapshot.chargeSeconds(), requests,
				snapshot.outcomes(), snapshot.stops(), errors, errorRate, context.maxErrorRate(),
				throughput(requests, snapshot.chargeSeconds()),
				throughput(snapshot.outcomes().getOrDefault(Outcome.CREATED, 0L), snapshot.chargeSeconds()),
				context.latencyCorrected(), latency(snapshot.latency()), latency(snapshot.serviceTime()),
				snapshot.sessionsPerSubstation(), series(samples), peak, end, overshoots, samples.size(),
				sampleFailures, failures.isEmpty(), failures, warnings);
	}

	private static long sum(Map<?, Long> counts) {
		return counts.values().stream().mapToLong(Long::longValue).sum();
	}

	static double ratio(long part, long whole) {
		return (whole == 0) ? 0 : (double) part / whole;
	}

	/** Requests per second; zero for an empty or instantaneous run rather than infinity. */
	public static double throughput(long count, double seconds) {
		return (seconds <= 0) ? 0 : count / seconds;
	}

	/** Percentiles of a histogram of microseconds, in milliseconds. */
	public static Latency latency(AbstractHistogram micros) {
		if (micros.getTotalCount() == 0) {
			return new Latency(0, 0, 0, 0, 0, 0, 0);
		}
		return new Latency(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
				ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)),
				ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()), micros.getMean() / 1000.0);
	}

	private static double ms(long micros) {
		return micros / (double) TimeUnit.MILLISECONDS.toMicros(1);
	}

	/**
	 * Spread and coefficient of variation of utilisation over the healthy substations of one sample; an
	 * unhealthy substation carries no new load by design and would only make a fair spread look unfair.
	 */
	public static Balance balance(Sample sample) {
		List<SubstationState> considered = sample.substations().stream().filter(SubstationState::healthy).toList();
		if (considered.isEmpty()) {
			considered = sample.substations();
		}
		Map<String, Double> utilization = new TreeMap<>();
		considered.forEach((state) -> utilization.put(state.id(), state.utilization()));
		double totalLoad = sample.substations().stream().mapToDouble(SubstationState::loadKw).sum();
		double[] values = utilization.values().stream().mapToDouble(Double::doubleValue).toArray();
		if (values.length == 0) {
			return new Balance(sample.atSeconds(), totalLoad, utilization, 0, 0, 0);
		}
		double mean = 0;
		double min = Double.MAX_VALUE;
		double max = -Double.MAX_VALUE;
		for (double value : values) {
			mean += value;
			min = Math.min(min, value);
			max = Math.max(max, value);
		}
		mean /= values.length;
		double variance = 0;
		for (double value : values) {
			variance += (value - mean) * (value - mean);
		}
		variance /= values.length;
		double cv = (mean == 0) ? 0 : Math.sqrt(variance) / mean;
		return new Balance(sample.atSeconds(), totalLoad, utilization, mean, max - min, cv);
	}

	/** Balance at the sample with the most total load: where an uneven spread would hurt first. */
	static Balance peak(List<Sample> samples) {
		return samples.stream()
			.max(Comparator.comparingDouble(
					(Sample sample) -> sample.substations().stream().mapToDouble(SubstationState::loadKw).sum()))
			.map(ReportBuilder::balance)
			.orElse(null);
	}

	static List<Overshoot> overshoots(List<Sample> samples) {
		List<Overshoot> overshoots = new ArrayList<>();
		for (Sample sample : samples) {
			for (SubstationState state : sample.substations()) {
				if (state.overshoots()) {
					overshoots.add(new Overshoot(sample.atSeconds(), state.id(), state.loadKw(), state.capacityKw()));
				}
			}
		}
		return overshoots;
	}

	static List<Series> series(List<Sample> samples) {
		Map<String, List<Point>> points = new LinkedHashMap<>();
		Map<String, Double> capacities = new LinkedHashMap<>();
		for (Sample sample : samples) {
			for (SubstationState state : sample.substations()) {
				points.computeIfAbsent(state.id(), (id) -> new ArrayList<>())
					.add(new Point(sample.atSeconds(), state.utilization(), state.loadKw()));
				capacities.put(state.id(), state.capacityKw());
			}
		}
		List<Series> series = new ArrayList<>();
		new TreeMap<>(points).forEach((id, list) -> series.add(new Series(id, capacities.get(id), list)));
		return series;
	}

}
