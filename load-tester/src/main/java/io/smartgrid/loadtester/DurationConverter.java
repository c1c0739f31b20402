package io.smartgrid.loadtester;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations the way operators type them: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h30m}, or ISO {@code PT30S}. */
final class DurationConverter implements ITypeConverter<Duration> {

	private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

	@Override
	public Duration convert(String value) {
		return parse(value);
	}

	static Duration parse(String value) {
		String text = value.trim().toLowerCase();
		if (text.startsWith("pt") || text.startsWith("p")) {
			try {
				return Duration.parse(text.toUpperCase());
			}
			catch (DateTimeParseException ex) {
				throw new TypeConversionException("'" + value + "' is not a duration");
			}
		}
		Matcher matcher = PART.matcher(text);
		long nanos = 0;
		int end = 0;
		while (matcher.find() && matcher.start() == end) {
			double amount = Double.parseDouble(matcher.group(1));
			nanos += (long) (amount * switch (matcher.group(2)) {
				case "ms" -> 1e6;
				case "s" -> 1e9;
				case "m" -> 60e9;
				default -> 3600e9;
			});
			end = matcher.end();
		}
		if (end == 0 || end != text.length()) {
			throw new TypeConversionException("'" + value + "' is not a duration (try 250ms, 30s, 5m, 1h30m)");
		}
		return Duration.ofNanos(nanos);
	}

}
