package io.smartgrid.loadtester.comparison;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import io.smartgrid.loadtester.reference.CarOutcome;
import io.smartgrid.loadtester.reference.ReferenceTable;
import io.smartgrid.loadtester.reference.ShareMetrics;

/**
 * The online grid's figures set beside the offline reference's, cap by cap: the gap between an online row and the
 * reference's is what splitting the capacity into substations and deciding online costs.
 */
public final class ComparisonTable {

	/**
	 * One policy at one cap.
	 *
	 * @param run {@code offline} (one site, the reference), {@code split/<routing>} (offline, the capacity split into
	 * sites as the grid's, cars sent to a site on arrival by that routing), {@code capped} (offline, one site, each
	 * car's maximum cut to the largest part's capacity) or {@code online} (the grid)
	 * @param leastServed the smallest share of its request any car left with
	 * @param mostServed the largest
	 * @param refusedOnArrival for an online run, the cars answered {@code 503} on arrival (the others that never
	 * started left the waitlist); null offline
	 * @param overshoots for an online run, the samples with a substation above its capacity; null offline
	 * @param errors for an online run, the answers the grid failed; null offline
	 */
	public record Row(double capShare, double capacityKw, String run, String policy, ShareMetrics metrics,
			double leastServed, double mostServed, Long refusedOnArrival, Long overshoots, Long errors) {

		/** A row of the offline reference: {@code offline} for one site, {@code split/<routing>} for a split. */
		public static Row offline(ReferenceTable.Row row) {
			return offline(row, (row.routing() == null) ? "offline" : "split/" + row.routing().label());
		}

		/** A row of the offline reference under the label {@code run}. */
		public static Row offline(ReferenceTable.Row row, String run) {
			return new Row(row.capShare(), row.capacityKw(), run, row.policy().label(), row.metrics(),
					least(row.outcomes()), most(row.outcomes()), null, null, null);
		}

		/** A row of an online run. */
		public static Row online(double capShare, double capacityKw, String policy, OnlineReplay.Result result,
				LoadSampler.Peaks peaks) {
			return new Row(capShare, capacityKw, "online", policy,
					ShareMetrics.of(result.outcomes(), capacityKw, peaks.gridKw()), least(result.outcomes()),
					most(result.outcomes()), result.refusedOnArrival(), peaks.overshoots(), result.errors());
		}

	}

	private ComparisonTable() {
	}

	static double least(List<CarOutcome> outcomes) {
		return outcomes.stream().mapToDouble(CarOutcome::servedShare).min().orElse(Double.NaN);
	}

	static double most(List<CarOutcome> outcomes) {
		return outcomes.stream().mapToDouble(CarOutcome::servedShare).max().orElse(Double.NaN);
	}

	private static String text(Long count) {
		return (count == null) ? "-" : count.toString();
	}

	public static void print(List<Row> rows, PrintStream out) {
		out.printf(Locale.ROOT, "%-15s %-12s %-19s %7s %7s %6s %7s %7s %5s %9s %9s %6s %6s %5s %6s%n", "cap", "run",
				"policy", "energy", "served", "Jain", "peak", "refused", "503", "mean wait", "max wait", "least",
				"most", "over", "errors");
		for (Row row : rows) {
			ShareMetrics m = row.metrics();
			out.printf(Locale.ROOT, "%3.0f%% %7.1f kW  %-12s %-19s %6.1f%% %6.1f%% %6s %6.1f%% %7d %5s %9s %9s %5.1f%% %5.1f%% %5s %6s%n",
					row.capShare() * 100, row.capacityKw(), row.run(), row.policy(), m.energyDelivered() * 100,
					m.fullyServed() * 100,
					Double.isNaN(m.jainIndex()) ? "-" : String.format(Locale.ROOT, "%.3f", m.jainIndex()),
					m.peakUtilization() * 100, m.turnedAway(), text(row.refusedOnArrival()), ReferenceTable.minutes(m.meanWait()), ReferenceTable.minutes(m.maxWait()),
					row.leastServed() * 100, row.mostServed() * 100,
					text(row.overshoots()), text(row.errors()));
		}
	}

}
