package io.smartgrid.loadtester.reference;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Runs every policy at each cap and prints one table of their figures. */
public final class ReferenceTable {

	/**
	 * One policy at one cap, with what each car got.
	 *
	 * @param routing how cars were sent to the sites when the capacity was split; null for one site
	 */
	public record Row(double capShare, double capacityKw, ReferencePolicy policy, SplitRouting routing,
			ShareMetrics metrics, List<CarOutcome> outcomes) {

		/** A row of one site. */
		public Row(double capShare, double capacityKw, ReferencePolicy policy, ShareMetrics metrics,
				List<CarOutcome> outcomes) {
			this(capShare, capacityKw, policy, null, metrics, outcomes);
		}

	}

	private ReferenceTable() {
	}

	/**
	 * Every policy at every cap, a cap being a share of the uncontrolled peak of {@code cars}.
	 */
	public static List<Row> compute(List<ReferenceCar> cars, List<Double> capShares, Duration step) {
		long peak = ReferenceSimulator.uncontrolledPeakMicroKw(cars);
		List<Row> rows = new ArrayList<>();
		for (double share : capShares) {
			long capacity = capacityAt(peak, share);
			double capacityKw = capacity / 1_000_000.0;
			for (ReferencePolicy policy : ReferencePolicy.values()) {
				ReferenceSimulator.Run run = ReferenceSimulator.run(cars, capacity, policy, step);
				rows.add(new Row(share, capacityKw, policy,
						ShareMetrics.of(run.outcomes(), capacityKw, run.peakLoadMicroKw() / 1_000_000.0), run.outcomes()));
			}
		}
		return rows;
	}

	/**
	 * Every policy under every routing at every cap, the cap's capacity split into sites by {@code weights} (1, 2, 3:
	 * three sites of one sixth, two sixths and three sixths of it), as the online grid splits it.
	 */
	public static List<Row> computeSplit(List<ReferenceCar> cars, List<Double> capShares, List<Double> weights,
			List<SplitRouting> routings, Duration step) {
		long peak = ReferenceSimulator.uncontrolledPeakMicroKw(cars);
		List<Row> rows = new ArrayList<>();
		for (double share : capShares) {
			long capacity = capacityAt(peak, share);
			double capacityKw = capacity / 1_000_000.0;
			List<Long> sites = split(capacity, weights);
			for (SplitRouting routing : routings) {
				for (ReferencePolicy policy : ReferencePolicy.values()) {
					ReferenceSimulator.Run run = ReferenceSimulator.run(cars, sites, policy, routing, step);
					rows.add(new Row(share, capacityKw, policy, routing,
							ShareMetrics.of(run.outcomes(), capacityKw, run.peakLoadMicroKw() / 1_000_000.0),
							run.outcomes()));
				}
			}
		}
		return rows;
	}

	/**
	 * Every policy at every cap on one site of the whole capacity, with each car's maximum (and minimum) cut to the
	 * capacity of the largest part the weights would split it into: no split grid can give a car more than its
	 * substation's capacity, so these rows show what that limit alone costs, whatever the routing.
	 */
	public static List<Row> computeCapped(List<ReferenceCar> cars, List<Double> capShares, List<Double> weights,
			Duration step) {
		long peak = ReferenceSimulator.uncontrolledPeakMicroKw(cars);
		List<Row> rows = new ArrayList<>();
		for (double share : capShares) {
			long capacity = capacityAt(peak, share);
			double capacityKw = capacity / 1_000_000.0;
			long largest = split(capacity, weights).stream().mapToLong(Long::longValue).max().orElseThrow();
			List<ReferenceCar> capped = cars.stream().map((car) -> car.cappedAt(largest)).toList();
			for (ReferencePolicy policy : ReferencePolicy.values()) {
				ReferenceSimulator.Run run = ReferenceSimulator.run(capped, capacity, policy, step);
				rows.add(new Row(share, capacityKw, policy, ShareMetrics.of(run.outcomes(), capacityKw,
						run.peakLoadMicroKw() / 1_000_000.0), run.outcomes()));
			}
		}
		return rows;
	}

	/** A cap's capacity: its share of the uncontrolled peak, in whole micro-kW and at least 1. */
	private static long capacityAt(long peakMicroKw, double share) {
		return Math.max(1, Math.round(peakMicroKw * share));
	}

	/** {@code capacityMicroKw} split by {@code weights}, each part rounded to the micro-kW and at least 1. */
	public static List<Long> split(long capacityMicroKw, List<Double> weights) {
		if (weights.isEmpty() || weights.stream().anyMatch((w) -> !(w > 0))) {
			throw new IllegalArgumentException("every weight must be positive: " + weights);
		}
		double total = weights.stream().mapToDouble(Double::doubleValue).sum();
		return weights.stream().map((w) -> Math.max(1, Math.round(capacityMicroKw * w / total))).toList();
	}

	public static void print(List<Row> rows, PrintStream out) {
		out.printf(Locale.ROOT, "%-17s %-19s %8s %8s %6s %8s %8s %9s %9s%n", "cap", "policy", "energy", "served",
				"Jain", "peak", "refused", "mean wait", "max wait");
		for (Row row : rows) {
			ShareMetrics m = row.metrics();
			out.printf(Locale.ROOT, "%3.0f%% %8.1f kW   %-19s %7.1f%% %7.1f%% %6s %7.1f%% %8d %9s %9s%n",
					row.capShare() * 100, row.capacityKw(), row.policy().label(), m.energyDelivered() * 100,
					m.fullyServed() * 100, Double.isNaN(m.jainIndex()) ? "-" : String.format(Locale.ROOT, "%.3f",
							m.jainIndex()),
					m.peakUtilization() * 100, m.turnedAway(), minutes(m.meanWait()), minutes(m.maxWait()));
		}
	}

	/** A duration as minutes with one decimal, as the tables print waits. */
	public static String minutes(Duration duration) {
		return String.format(Locale.ROOT, "%.1f min", duration.toMillis() / 60_000.0);
	}

}
