package io.smartgrid.loadtester.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.smartgrid.loadtester.grid.Outcome;
import io.smartgrid.loadtester.grid.StopOutcome;
import io.smartgrid.loadtester.report.RunReport.Balance;
import io.smartgrid.loadtester.report.RunReport.Latency;
import io.smartgrid.loadtester.report.RunReport.Overshoot;
import io.smartgrid.loadtester.report.RunReport.Point;
import io.smartgrid.loadtester.report.RunReport.Series;
import org.junit.jupiter.api.Test;

class HtmlReportTests {

	@Test
	void rendersEveryFigureWithoutAnyNetworkReference() {
		String html = HtmlReport.render(report(List.of()));

		assertThat(html).startsWith("<!DOCTYPE html>")
			.doesNotContain("http://", "https://", "<script", "<link", "@import", "url(")
			.contains("localhost:8080", "localhost:8081")
			.contains("201 created", "503 grid full", "transport error", "1234")
			.contains("123.45", "234.56", "345.67", "456.78", "567.89")
			.contains("substation-1", "substation-2", "&lt;odd&gt;")
			.contains("<svg", "<polyline")
			.contains("20.0 pp", "0.250")
			.contains("PASS", "None: no substation was ever seen above its capacity");
		assertThat(Pattern.compile("(src|href)\\s*=").matcher(html).find()).isFalse();
	}

	@Test
	void listsEveryOvershootAndShowsTheFailure() {
		String html = HtmlReport.render(report(List.of(new Overshoot(1.5, "substation-2", 310.0, 300.0))));

		assertThat(html).contains("FAIL", "capacity exceeded", "310.0", "300.0", "1.50 s");
	}

	@Test
	void longSeriesAreThinnedButKeepTheirSpikes() {
		List<Point> points = new java.util.ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			points.add(new Point(i, (i == 4321) ? 1.2 : 0.5, 0));
		}

		List<Point> kept = SvgCharts.downsample(points);

		assertThat(kept).hasSizeLessThanOrEqualTo(600).anyMatch((p) -> p.utilization() == 1.2);
	}

	private static RunReport report(List<Overshoot> overshoots) {
		Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
		for (Outcome outcome : Outcome.values()) {
			outcomes.put(outcome, 0L);
		}
		outcomes.put(Outcome.CREATED, 1234L);
		outcomes.put(Outcome.GRID_FULL, 56L);
		Map<StopOutcome, Long> stops = new EnumMap<>(StopOutcome.class);
		stops.put(StopOutcome.STOPPED, 1234L);
		Latency latency = new Latency(1290, 123.45, 234.56, 345.67, 456.78, 567.89, 150.0);
		List<Series> utilization = List.of(
				new Series("substation-1", 500, List.of(new Point(0, 0.1, 50), new Point(0.25, 0.6, 300))),
				new Series("substation-2", 300, List.of(new Point(0, 0.2, 60), new Point(0.25, 0.8, 240))));
		Balance peak = new Balance(0.25, 540, Map.of("substation-1", 0.6, "substation-2", 0.8), 0.7, 0.2, 0.25);
		boolean passed = overshoots.isEmpty();
		return new RunReport("open loop <odd> workload", "http://localhost:8080", "http://localhost:8081",
				"2026-11-21T08:00:00Z", false, 10, 9.5, 1290, outcomes, stops, 0, 0, 0.01, 135.8, 129.9, true, latency,
				latency, Map.of("substation-1", 700L, "substation-2", 534L, "<odd>", 0L), utilization, peak, peak,
				overshoots, 2, 0, passed,
				passed ? List.of() : List.of("capacity exceeded in 1 substation samples"), List.of());
	}

}
