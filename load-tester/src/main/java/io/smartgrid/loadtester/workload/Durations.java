package io.smartgrid.loadtester.workload;

import java.time.Duration;
import java.util.Locale;

/** Durations written the way they are typed on the command line: {@code 250ms}, {@code 1.5s}, {@code 1h30m}. */
public final class Durations {

	private Durations() {
	}

	public static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis < 1000) {
			return millis + "ms";
		}
		long hours = millis / 3_600_000;
		long minutes = (millis % 3_600_000) / 60_000;
		double seconds = (millis % 60_000) / 1000.0;
		StringBuilder text = new StringBuilder();
		if (hours > 0) {
			text.append(hours).append('h');
		}
		if (minutes > 0) {
			text.append(minutes).append('m');
		}
		if (seconds > 0 || text.length() == 0) {
			text.append((seconds == Math.rint(seconds)) ? Long.toString((long) seconds)
					: String.format(Locale.ROOT, "%.3f", seconds).replaceAll("0+$", "")).append('s');
		}
		return text.toString();
	}

}
