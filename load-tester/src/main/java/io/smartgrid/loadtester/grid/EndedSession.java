package io.smartgrid.loadtester.grid;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import tools.jackson.databind.JsonNode;

/**
 * A session as {@code DELETE /charge/{sessionId}} left it.
 *
 * @param status {@code COMPLETED}, {@code STOPPED}, or null when there was no session in the answer
 * @param deliveredKwh the energy it got
 * @param startedAt when it began charging, or null when it never did (it was cancelled while waiting)
 */
public record EndedSession(StopOutcome outcome, String status, double deliveredKwh, Instant startedAt) {

	static EndedSession of(StopOutcome outcome, JsonNode body) {
		if (outcome != StopOutcome.STOPPED || body == null || !body.isObject()) {
			return new EndedSession(outcome, null, 0, null);
		}
		return new EndedSession(outcome, body.path("status").asString(null), body.path("deliveredKwh").asDouble(0),
				instant(body.get("startedAt")));
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
