package io.smartgrid.loadtester.reference;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Runs every policy at each cap and prints one table of their figures. */
public final class ReferenceTable {

	/** One policy at one cap, with what each car got. */
	public record Row(double capShare, double capacityKw, ReferencePolicy policy, ShareMetrics metrics,
			List<CarOutcome> outcomes) {
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
			long capacity = Math.max(1, Math.round(peak * share));
			double capacityKw = capacity / 1_000_000.0;
			for (ReferencePolicy policy : ReferencePolicy.values()) {
				ReferenceSimulator.Run run = ReferenceSimulator.run(cars, capacity, policy, step);
				rows.add(new Row(share, capacityKw, policy,
						ShareMetrics.of(run.outcomes(), capacityKw, run.peakLoadMicroKw() / 1_000_000.0), run.outcomes()));
			}
		}
		return rows;
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
