package io.smartgrid.loadtester.grid;

/**
 * The answer to one {@code POST /charge}.
 *
 * @param status HTTP status, or 0 when there was no HTTP answer
 * @param sessionId the new session's id when {@code outcome} is {@link Outcome#CREATED} or {@link Outcome#WAITING},
 * else null
 * @param substationId the substation that took the session, when known
 */
public record ChargeResult(Outcome outcome, int status, String sessionId, String substationId) {

	static ChargeResult transportError() {
		return new ChargeResult(Outcome.TRANSPORT_ERROR, 0, null, null);
	}

}
