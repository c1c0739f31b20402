package io.smartgrid.loadtester;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import io.smartgrid.loadtester.workload.AcnTrace;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a point in the trace's time: a date ({@code 2021-09-10}) or a local date-time ({@code 2021-09-10T06:00})
 * in the trace site's time zone, or an instant with an offset ({@code 2021-09-10T13:00:00Z}).
 */
public final class TraceTimeConverter {

	private TraceTimeConverter() {
	}

	/**
	 * @param endOfDay for an upper bound given as a date: the whole day is included, so the bound is the next
	 * midnight
	 */
	public static Instant parse(String value, boolean endOfDay) {
		try {
			if (value.length() == 10) {
				LocalDate date = LocalDate.parse(value);
				return (endOfDay ? date.plusDays(1) : date).atStartOfDay(AcnTrace.ZONE).toInstant();
			}
			if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$")) {
				return OffsetDateTime.parse(value).toInstant();
			}
			return LocalDateTime.parse(value).atZone(AcnTrace.ZONE).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new TypeConversionException("'" + value
					+ "' is not a date (2021-09-10), local date-time (2021-09-10T06:00) or instant (2021-09-10T13:00:00Z)");
		}
	}

}
