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

	/** A stop that got no HTTP answer. */
	static EndedSession unanswered() {
		return new EndedSession(StopOutcome.TRANSPORT_ERROR, "transport error", null, 0, null);
	}

	/**
	 * @param problem the name of the grid's problem type in the body, e.g. {@code session-not-found}, or null
	 */
	static EndedSession of(int httpStatus, String problem, JsonNode body) {
		StopOutcome outcome = StopOutcome.ofStatus(httpStatus);
		String answer = (problem != null) ? httpStatus + " " + problem : String.valueOf(httpStatus);
		if (outcome != StopOutcome.STOPPED || body == null || !body.isObject()) {
			return new EndedSession(outcome, answer, null, 0, null);
		}
		return new EndedSession(outcome, answer, body.path("status").asString(null),
				body.path("deliveredKwh").asDouble(0), instant(body.get("startedAt")));
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
