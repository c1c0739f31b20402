package io.smartgrid.loadtester.grid;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import tools.jackson.databind.JsonNode;

/**
 * A session as {@code DELETE /charge/{sessionId}} left it.
 *
 * @param outcome how the stop ended
 * @param answer what the grid answered, by name: {@code 200}, a status and its problem type such as
 * {@code 404 session-not-found}, or {@code transport error}; what a failed stop is counted under
 * @param status {@code COMPLETED}, {@code STOPPED}, or null when there was no session in the answer
 * @param deliveredKwh the energy it got
 * @param startedAt when it began charging, or null when it never did (it was cancelled while waiting)
 */
public record EndedSession(StopOutcome outcome, String answer, String status, double deliveredKwh,
		Instant startedAt) {

	private static final String PROBLEM_TYPE_PREFIX = "urn:smart-grid:problem:";

	/** A stop that got no HTTP answer. */
	static EndedSession unanswered() {
		return new EndedSession(StopOutcome.TRANSPORT_ERROR, "transport error", null, 0, null);
	}

	static EndedSession of(int httpStatus, JsonNode body) {
		StopOutcome outcome = StopOutcome.ofStatus(httpStatus);
		if (outcome != StopOutcome.STOPPED || body == null || !body.isObject()) {
			return new EndedSession(outcome, answer(httpStatus, body), null, 0, null);
		}
		return new EndedSession(outcome, answer(httpStatus, body), body.path("status").asString(null),
				body.path("deliveredKwh").asDouble(0), instant(body.get("startedAt")));
	}

	/** The status, followed by the problem type's name when the body is one of the grid's problems. */
	private static String answer(int httpStatus, JsonNode body) {
		String type = (body != null && body.isObject()) ? body.path("type").asString("") : "";
		return type.startsWith(PROBLEM_TYPE_PREFIX)
				? httpStatus + " " + type.substring(PROBLEM_TYPE_PREFIX.length()) : String.valueOf(httpStatus);
	}

	private static Instant instant(JsonNode node) {
		if (node == null || !node.isString()) {
			return null;
		}
		try {
			return Instant.parse(node.asString());
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
