package io.smartgrid.loadtester.report;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.smartgrid.loadtester.grid.Outcome;
import io.smartgrid.loadtester.grid.StopOutcome;
import io.smartgrid.loadtester.report.RunReport.Balance;
import io.smartgrid.loadtester.report.RunReport.Latency;
import io.smartgrid.loadtester.report.RunReport.Overshoot;

/** The report as plain-text tables, for the terminal. */
public final class TextReport {

	/** Past this many, overshoots are summarised: the JSON report has them all. */
	private static final int MAX_OVERSHOOT_LINES = 20;

	private TextReport() {
	}

	public static void print(RunReport report, PrintStream out) {
		out.println();
		out.println("=== Load test report" + (report.interrupted() ? " (INTERRUPTED)" : "") + " ===");
		row(out, "workload", report.workload());
		row(out, "target", report.target() + "   balancer " + report.balancer());
		row(out, "started", report.startedAt());
		row(out, "elapsed", fmt("%.2f s (charges answered within %.2f s)", report.elapsedSeconds(),
				report.chargeSeconds()));

		out.println();
		out.println("Charge requests");
		for (Map.Entry<Outcome, Long> entry : report.outcomes().entrySet()) {
			row(out, "  " + entry.getKey().label(), fmt("%8d  %6.2f%%", entry.getValue(),
					percent(entry.getValue(), report.requests())));
		}
		row(out, "  total", fmt("%8d", report.requests()));
		long stops = report.stops().values().stream().mapToLong(Long::longValue).sum();
		if (stops > 0) {
			out.println("Stop requests");
			for (Map.Entry<StopOutcome, Long> entry : report.stops().entrySet()) {
				row(out, "  " + entry.getKey().label(), fmt("%8d", entry.getValue()));
			}
		}
		row(out, "throughput", fmt("%.1f req/s (%.1f sessions started/s)", report.throughputPerSecond(),
				report.createdPerSecond()));
		row(out, "error rate", fmt("%.2f%% (%d errors; limit %.2f%%)", report.errorRate() * 100, report.errors(),
				report.maxErrorRate() * 100));

		out.println();
		out.println(report.latencyCorrected() ? "Latency, ms (from intended send time: coordinated-omission corrected)"
				: "Latency, ms (closed loop: from actual send time)");
		out.println(fmt("  %-14s %9s %9s %9s %9s %9s %9s", "", "p50", "p90", "p99", "p99.9", "max", "mean"));
		latencyRow(out, "latency", report.latency());
		if (report.latencyCorrected()) {
			latencyRow(out, "service time", report.serviceTime());
		}

		out.println();
		out.println("Sessions per substation");
		if (report.sessionsPerSubstation().isEmpty()) {
			out.println("  (none)");
		}
		long created = report.outcomes().getOrDefault(Outcome.CREATED, 0L);
		report.sessionsPerSubstation().forEach((id, count) -> row(out, "  " + id,
				fmt("%8d  %6.2f%%", count, percent(count, created))));

		out.println();
		out.println("Balance (utilisation of healthy substations; " + report.samples() + " samples)");
		balanceRow(out, "at peak load", report.peak());
		balanceRow(out, "at end", report.end());
		if (report.overshoots().isEmpty()) {
			row(out, "overshoots", report.samples() > 0 ? "none" : "not observed");
		}
		else {
			row(out, "overshoots", report.overshoots().size() + " (load above capacity)");
			List<Overshoot> shown = report.overshoots().subList(0,
					Math.min(MAX_OVERSHOOT_LINES, report.overshoots().size()));
			for (Overshoot overshoot : shown) {
				out.println(fmt("    %8.2f s  %-24s %8.1f kW > %8.1f kW", overshoot.atSeconds(),
						overshoot.substationId(), overshoot.loadKw(), overshoot.capacityKw()));
			}
		}

		out.println();
		report.warnings().forEach((warning) -> out.println("WARNING: " + warning));
		if (report.passed()) {
			out.println("RESULT: PASS");
		}
		else {
			report.failures().forEach((failure) -> out.println("FAIL: " + failure));
			out.println("RESULT: FAIL");
		}
		out.flush();
	}

	private static void latencyRow(PrintStream out, String name, Latency latency) {
		out.println(fmt("  %-14s %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f", name, latency.p50Ms(), latency.p90Ms(),
				latency.p99Ms(), latency.p999Ms(), latency.maxMs(), latency.meanMs()));
	}

	private static void balanceRow(PrintStream out, String name, Balance balance) {
		if (balance == null) {
			row(out, "  " + name, "not observed");
			return;
		}
		StringBuilder each = new StringBuilder();
		balance.utilization().forEach((id, value) -> each.append(fmt(" %s %.0f%%", id, value * 100)));
		row(out, "  " + name, fmt("t=%.2f s  load %.1f kW  spread %.1f pp  CV %.3f  |%s", balance.atSeconds(),
				balance.totalLoadKw(), balance.spread() * 100, balance.coefficientOfVariation(), each));
	}

	private static void row(PrintStream out, String name, String value) {
		out.println(fmt("%-24s %s", name, value));
	}

	private static double percent(long part, long whole) {
		return (whole == 0) ? 0 : 100.0 * part / whole;
	}

	private static String fmt(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

}
