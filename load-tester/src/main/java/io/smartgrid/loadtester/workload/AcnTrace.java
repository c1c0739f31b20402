package io.smartgrid.loadtester.workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an ACN-Data sessions export (a JSON array with RFC 1123 {@code connectionTime} and
 * {@code disconnectTime} and {@code kWhDelivered}; Lee, Li and Low, "ACN-Data", e-Energy 2019).
 */
public final class AcnTrace {

	/** The Caltech site's time zone, used to read dates given on the command line. */
	public static final ZoneId ZONE = ZoneId.of("America/Los_Angeles");

	private AcnTrace() {
	}

	/**
	 * All usable sessions in order of connection. Sessions missing a time or energy, or that leave before they
	 * arrive, cannot be replayed and are dropped.
	 * @throws IOException when the file cannot be read or is not a JSON array
	 */
	public static List<TraceSession> read(Path file) throws IOException {
		JsonNode root;
		try {
			root = JsonMapper.builder().build().readTree(Files.newInputStream(file));
		}
		catch (JacksonException ex) {
			throw new IOException(file + " is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
		if (root == null || !root.isArray()) {
			throw new IOException(file + " is not a JSON array of sessions");
		}
		List<TraceSession> sessions = new ArrayList<>();
		for (JsonNode node : root) {
			Instant connection = time(node, "connectionTime");
			Instant disconnection = time(node, "disconnectTime");
			JsonNode energy = node.get("kWhDelivered");
			if (connection == null || disconnection == null || energy == null || !energy.isNumber()
					|| disconnection.isBefore(connection)) {
				continue;
			}
			JsonNode input = lastUserInput(node);
			sessions.add(new TraceSession(node.path("sessionID").asString(""), node.path("stationID").asString(""),
					connection, disconnection, energy.asDouble(), requestedDeparture(input, connection),
					kWhRequested(input)));
		}
		sessions.sort(Comparator.comparing(TraceSession::connection));
		return sessions;
	}

	/** The driver's last word: the user inputs are in the order they were made, and a later one replaces it. */
	private static JsonNode lastUserInput(JsonNode session) {
		JsonNode inputs = session.get("userInputs");
		if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
			return null;
		}
		return inputs.get(inputs.size() - 1);
	}

	private static Instant requestedDeparture(JsonNode input, Instant connection) {
		if (input == null) {
			return null;
		}
		Instant requested = time(input, "requestedDeparture");
		if (requested != null) {
			return requested;
		}
		JsonNode minutes = input.get("minutesAvailable");
		return (minutes != null && minutes.isNumber() && minutes.asLong() >= 0)
				? connection.plus(Duration.ofMinutes(minutes.asLong())) : null;
	}

	private static Double kWhRequested(JsonNode input) {
		JsonNode requested = (input != null) ? input.get("kWhRequested") : null;
		return (requested != null && requested.isNumber() && requested.asDouble() > 0) ? requested.asDouble() : null;
	}

	private static Instant time(JsonNode node, String field) {
		JsonNode value = node.get(field);
		if (value == null || !value.isString()) {
			return null;
		}
		try {
			return ZonedDateTime.parse(value.asString(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/**
	 * The sessions that connected in {@code [from, to)}, at most {@code limit} of them.
	 * @param from null for no lower bound
	 * @param to null for no upper bound
	 * @param limit 0 or less for no limit
	 */
	public static List<TraceSession> window(List<TraceSession> sessions, Instant from, Instant to, int limit) {
		return sessions.stream()
			.filter((s) -> from == null || !s.connection().isBefore(from))
			.filter((s) -> to == null || s.connection().isBefore(to))
			.limit((limit > 0) ? limit : Long.MAX_VALUE)
			.toList();
	}

}
