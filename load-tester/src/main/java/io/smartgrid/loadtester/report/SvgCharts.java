package io.smartgrid.loadtester.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.smartgrid.loadtester.report.RunReport.Point;
import io.smartgrid.loadtester.report.RunReport.Series;

/**
 * Charts as inline SVG strings. Drawn by hand rather than with a JavaScript chart library so that the HTML
 * report is one small self-contained file that opens offline, in any browser, with nothing to load or run.
 * No {@code xmlns} attribute: inline SVG in HTML does not need one, and the report must carry no URLs.
 */
final class SvgCharts {

	static final String[] PALETTE = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
			"#7f7f7f", "#bcbd22", "#17becf" };

	/** Enough points to look continuous at report width without making the file large on long runs. */
	private static final int MAX_POINTS = 600;

	private SvgCharts() {
	}

	record Bar(String label, double value, String valueText, String color) {
	}

	static String horizontalBars(String title, List<Bar> bars) {
		int labelWidth = 190;
		int width = 720;
		int rowHeight = 26;
		int height = 30 + Math.max(1, bars.size()) * rowHeight + 10;
		double max = bars.stream().mapToDouble(Bar::value).max().orElse(0);
		double plotWidth = width - labelWidth - 110;
		StringBuilder svg = open(title, width, height);
		svg.append(text(8, 18, title, "title"));
		for (int i = 0; i < bars.size(); i++) {
			Bar bar = bars.get(i);
			double y = 30 + i * rowHeight;
			double w = (max > 0) ? plotWidth * bar.value() / max : 0;
			svg.append(text(8, y + 16, bar.label(), "label"));
			svg.append(fmt("<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"18\" fill=\"%s\"><title>%s: %s</title></rect>",
					labelWidth, y + 2, Math.max(w, 0.5), bar.color(), Html.escape(bar.label()),
					Html.escape(bar.valueText())));
			svg.append(text(labelWidth + w + 6, y + 16, bar.valueText(), "value"));
		}
		return svg.append("</svg>").toString();
	}

	/** Utilisation (0 to 1, or above when overshooting) of every substation over time, with the 100% line. */
	static String utilization(List<Series> series) {
		int width = 900;
		int height = 360;
		int left = 56;
		int right = 170;
		int top = 30;
		int bottom = 40;
		double plotW = width - left - right;
		double plotH = height - top - bottom;
		double maxT = series.stream().flatMap((s) -> s.points().stream()).mapToDouble(Point::atSeconds).max()
			.orElse(1);
		maxT = Math.max(maxT, 1e-3);
		double highest = series.stream().flatMap((s) -> s.points().stream()).mapToDouble(Point::utilization).max()
			.orElse(1);
		// Gridlines every 25%, up to the first one at or above both 100% and the highest point.
		int quarters = (int) Math.ceil(Math.max(1.0, highest) * 4 - 1e-9);
		double maxU = quarters / 4.0 * 1.04;
		StringBuilder svg = open("Utilisation per substation over time", width, height);
		svg.append(text(8, 18, "Utilisation per substation over time", "title"));
		for (int tick = 0; tick <= quarters; tick++) {
			double u = tick / 4.0;
			double y = top + plotH - plotH * u / maxU;
			svg.append(fmt("<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>", left, y, left + plotW,
					y));
			svg.append(text(4, y + 4, fmt("%.0f%%", u * 100), "axis"));
		}
		for (int tick = 0; tick <= 5; tick++) {
			double t = maxT * tick / 5;
			double x = left + plotW * t / maxT;
			svg.append(text(x - 12, top + plotH + 16, fmt("%.1fs", t), "axis"));
		}
		double capacityY = top + plotH - plotH * 1.0 / maxU;
		svg.append(fmt("<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"capacity\"><title>capacity</title></line>",
				left, capacityY, left + plotW, capacityY));
		svg.append(text(left + plotW - 60, capacityY - 4, "capacity", "axis"));
		for (int i = 0; i < series.size(); i++) {
			Series s = series.get(i);
			String color = PALETTE[i % PALETTE.length];
			StringBuilder points = new StringBuilder();
			for (Point point : downsample(s.points())) {
				points.append(fmt("%.1f,%.1f ", left + plotW * point.atSeconds() / maxT,
						top + plotH - plotH * point.utilization() / maxU));
			}
			for (Point point : s.points()) {
				if (point.utilization() > 1.0) {
					svg.append(fmt("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" class=\"overshoot\"><title>%s above capacity at %.2f s</title></circle>",
							left + plotW * point.atSeconds() / maxT, top + plotH - plotH * point.utilization() / maxU,
							Html.escape(s.substationId()), point.atSeconds()));
				}
			}
			svg.append(fmt("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\" points=\"%s\"><title>%s</title></polyline>",
					color, points.toString().trim(), Html.escape(s.substationId())));
			double legendY = top + 14 + i * 18;
			svg.append(fmt("<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\"/>", left + plotW + 12,
					legendY - 10, color));
			svg.append(text(left + plotW + 30, legendY, s.substationId(), "label"));
		}
		svg.append(text(left + plotW / 2 - 40, height - 6, "seconds since start", "axis"));
		return svg.append("</svg>").toString();
	}

	/** Keeps the highest point of each bucket, so that a short spike (an overshoot) never disappears. */
	static List<Point> downsample(List<Point> points) {
		if (points.size() <= MAX_POINTS) {
			return points;
		}
		List<Point> kept = new ArrayList<>();
		double bucket = points.size() / (double) MAX_POINTS;
		for (int b = 0; b < MAX_POINTS; b++) {
			int from = (int) (b * bucket);
			int to = Math.min(points.size(), (int) ((b + 1) * bucket));
			Point highest = points.get(from);
			for (int i = from; i < to; i++) {
				if (points.get(i).utilization() > highest.utilization()) {
					highest = points.get(i);
				}
			}
			kept.add(highest);
		}
		return kept;
	}

	private static StringBuilder open(String title, int width, int height) {
		return new StringBuilder(fmt(
				"<svg role=\"img\" aria-label=\"%s\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" class=\"chart\">",
				Html.escape(title), width, height, width, height));
	}

	private static String text(double x, double y, String text, String cssClass) {
		return fmt("<text x=\"%.1f\" y=\"%.1f\" class=\"%s\">%s</text>", x, y, cssClass, Html.escape(text));
	}

	static String fmt(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

}
