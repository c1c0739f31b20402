package io.smartgrid.loadtester.report;

import static io.smartgrid.loadtester.report.SvgCharts.fmt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.smartgrid.loadtester.grid.Outcome;
import io.smartgrid.loadtester.grid.StopOutcome;
import io.smartgrid.loadtester.report.RunReport.Balance;
import io.smartgrid.loadtester.report.RunReport.Latency;
import io.smartgrid.loadtester.report.RunReport.Overshoot;
import io.smartgrid.loadtester.report.SvgCharts.Bar;

/**
 * The report as one self-contained HTML page: inline CSS and inline SVG charts, no scripts, no fonts, no
 * links, so it opens the same on an air-gapped operator console as on a laptop.
 */
public final class HtmlReport {

	private static final String CSS = """
			body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1000px}
			h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #ddd}
			table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 10px;text-align:right;border-bottom:1px solid #eee}
			td:first-child,th:first-child{text-align:left}
			.pass{color:#1a7f37;font-weight:bold}.fail{color:#c62828;font-weight:bold}.warn{color:#a15c00}
			.chart{max-width:100%;height:auto;display:block;margin:8px 0}
			.chart .title{font-weight:bold;font-size:14px}.chart .label{font-size:12px}
			.chart .value,.chart .axis{font-size:11px;fill:#555}
			table.kv td:last-child{text-align:left}
			.chart .overshoot{fill:#c62828}
			.chart .grid{stroke:#e5e5e5}.chart .capacity{stroke:#c62828;stroke-dasharray:6 4}
			""";

	private HtmlReport() {
	}

	public static void write(RunReport report, Path file) throws IOException {
		Files.writeString(file, render(report));
	}

	public static String render(RunReport report) {
		StringBuilder html = new StringBuilder();
		html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
		html.append("<title>Load test report</title><style>").append(CSS).append("</style></head><body>\n");
		html.append("<h1>Load test report").append(report.interrupted() ? " (interrupted)" : "").append("</h1>\n");
		html.append(report.passed() ? "<p class=\"pass\">PASS</p>" : "<p class=\"fail\">FAIL</p>");
		html.append("<ul>");
		report.failures().forEach((failure) -> html.append("<li class=\"fail\">").append(e(failure)).append("</li>"));
		report.warnings().forEach((warning) -> html.append("<li class=\"warn\">").append(e(warning)).append("</li>"));
		html.append("</ul>\n");

		html.append("<h2>Run</h2><table class=\"kv\">");
		row(html, "workload", report.workload());
		// Shown without their scheme: the page must contain no URL at all, so nothing in it can be fetched.
		row(html, "target", withoutScheme(report.target()));
		row(html, "balancer", withoutScheme(report.balancer()));
		row(html, "started", report.startedAt());
		row(html, "elapsed", fmt("%.2f s", report.elapsedSeconds()));
		row(html, "charges answered within", fmt("%.2f s", report.chargeSeconds()));
		row(html, "throughput", fmt("%.1f req/s", report.throughputPerSecond()));
		row(html, "sessions started", fmt("%.1f /s", report.createdPerSecond()));
		row(html, "error rate", fmt("%.2f%% (%d errors, limit %.2f%%)", report.errorRate() * 100, report.errors(),
				report.maxErrorRate() * 100));
		html.append("</table>\n");

		html.append("<h2>Requests by outcome</h2><table><tr><th>outcome</th><th>count</th><th>share</th></tr>");
		List<Bar> outcomeBars = new ArrayList<>();
		for (Map.Entry<Outcome, Long> entry : report.outcomes().entrySet()) {
			html.append(fmt("<tr><td>%s</td><td>%d</td><td>%.2f%%</td></tr>", e(entry.getKey().label()),
					entry.getValue(), share(entry.getValue(), report.requests())));
			outcomeBars.add(new Bar(entry.getKey().label(), entry.getValue(), Long.toString(entry.getValue()),
					outcomeColor(entry.getKey())));
		}
		html.append(fmt("<tr><th>total</th><th>%d</th><th></th></tr></table>\n", report.requests()));
		html.append(SvgCharts.horizontalBars("Charge requests by outcome", outcomeBars));
		long stops = report.stops().values().stream().mapToLong(Long::longValue).sum();
		if (stops > 0) {
			html.append("<table><tr><th>stop requests</th><th>count</th></tr>");
			for (Map.Entry<StopOutcome, Long> entry : report.stops().entrySet()) {
				html.append(fmt("<tr><td>%s</td><td>%d</td></tr>", e(entry.getKey().label()), entry.getValue()));
			}
			html.append("</table>\n");
		}

		html.append("<h2>Latency</h2><p>")
			.append(report.latencyCorrected()
					? "Open loop: latency counts from the moment each request was <em>due</em>, so a stalled server "
							+ "is charged for the requests it kept waiting (coordinated omission corrected). "
							+ "Service time counts from the actual send."
					: "Closed loop: latency counts from the actual send.")
			.append("</p><table><tr><th></th><th>count</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th>")
			.append("<th>max</th><th>mean</th></tr>");
		latencyRow(html, "latency (ms)", report.latency());
		if (report.latencyCorrected()) {
			latencyRow(html, "service time (ms)", report.serviceTime());
		}
		html.append("</table>\n");
		Latency latency = report.latency();
		html.append(SvgCharts.horizontalBars("Latency percentiles (ms)",
				List.of(latencyBar("p50", latency.p50Ms()), latencyBar("p90", latency.p90Ms()),
						latencyBar("p99", latency.p99Ms()), latencyBar("p99.9", latency.p999Ms()),
						latencyBar("max", latency.maxMs()))));

		html.append("<h2>Sessions per substation</h2><table><tr><th>substation</th><th>sessions</th><th>share</th></tr>");
		long created = report.outcomes().getOrDefault(Outcome.CREATED, 0L);
		List<Bar> sessionBars = new ArrayList<>();
		int index = 0;
		for (Map.Entry<String, Long> entry : report.sessionsPerSubstation().entrySet()) {
			html.append(fmt("<tr><td>%s</td><td>%d</td><td>%.2f%%</td></tr>", e(entry.getKey()), entry.getValue(),
					share(entry.getValue(), created)));
			sessionBars.add(new Bar(entry.getKey(), entry.getValue(), Long.toString(entry.getValue()),
					SvgCharts.PALETTE[index++ % SvgCharts.PALETTE.length]));
		}
		html.append("</table>\n");
		html.append(SvgCharts.horizontalBars("Sessions started per substation", sessionBars));

		html.append("<h2>Utilisation and balance</h2>");
		html.append(fmt("<p>%d samples of the balancer's view (%d failed).</p>", report.samples(),
				report.sampleFailures()));
		if (!report.utilization().isEmpty()) {
			html.append(SvgCharts.utilization(report.utilization()));
		}
		html.append("<p>Spread is the highest minus the lowest utilisation of the healthy substations, in percentage "
				+ "points; CV is their standard deviation over their mean. Both are 0 for a perfectly even grid.</p>");
		html.append("<table class=\"kv\"><tr><th></th><th>at</th><th>total load</th><th>mean utilisation</th><th>spread</th>")
			.append("<th>CV</th><th>per substation</th></tr>");
		balanceRow(html, "peak load", report.peak());
		balanceRow(html, "end", report.end());
		html.append("</table>\n");

		html.append("<h2>Capacity overshoots</h2>");
		if (report.overshoots().isEmpty()) {
			html.append(report.samples() > 0 ? "<p class=\"pass\">None: no substation was ever seen above its capacity.</p>"
					: "<p class=\"warn\">Not observed: no balancer samples.</p>");
		}
		else {
			html.append("<table><tr><th>at</th><th>substation</th><th>load kW</th><th>capacity kW</th></tr>");
			for (Overshoot overshoot : report.overshoots()) {
				html.append(fmt("<tr><td>%.2f s</td><td>%s</td><td>%.1f</td><td>%.1f</td></tr>", overshoot.atSeconds(),
						e(overshoot.substationId()), overshoot.loadKw(), overshoot.capacityKw()));
			}
			html.append("</table>\n");
		}
		html.append("</body></html>\n");
		return html.toString();
	}

	static String withoutScheme(String url) {
		return (url == null) ? "" : url.replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "");
	}

	private static Bar latencyBar(String label, double ms) {
		return new Bar(label, ms, fmt("%.2f ms", ms), "#1f77b4");
	}

	private static void latencyRow(StringBuilder html, String name, Latency latency) {
		html.append(fmt("<tr><td>%s</td><td>%d</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td><td>%.2f</td>"
				+ "<td>%.2f</td></tr>", e(name), latency.count(), latency.p50Ms(), latency.p90Ms(), latency.p99Ms(),
				latency.p999Ms(), latency.maxMs(), latency.meanMs()));
	}

	private static void balanceRow(StringBuilder html, String name, Balance balance) {
		if (balance == null) {
			html.append("<tr><td>").append(e(name)).append("</td><td colspan=\"6\">not observed</td></tr>");
			return;
		}
		StringBuilder each = new StringBuilder();
		balance.utilization().forEach((id, value) -> each.append(fmt("%s %.1f%% ", id, value * 100)));
		html.append(fmt("<tr><td>%s</td><td>%.2f s</td><td>%.1f kW</td><td>%.1f%%</td><td>%.1f pp</td><td>%.3f</td>"
				+ "<td>%s</td></tr>", e(name), balance.atSeconds(), balance.totalLoadKw(),
				balance.meanUtilization() * 100, balance.spread() * 100, balance.coefficientOfVariation(),
				e(each.toString().trim())));
	}

	private static String outcomeColor(Outcome outcome) {
		return switch (outcome) {
			case CREATED -> "#2ca02c";
			case GRID_FULL -> "#ff7f0e";
			default -> "#d62728";
		};
	}

	private static void row(StringBuilder html, String name, String value) {
		html.append("<tr><td>").append(e(name)).append("</td><td>").append(e(value)).append("</td></tr>");
	}

	private static double share(long part, long whole) {
		return (whole == 0) ? 0 : 100.0 * part / whole;
	}

	private static String e(String text) {
		return Html.escape(text);
	}

}
