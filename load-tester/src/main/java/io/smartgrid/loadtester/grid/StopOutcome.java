package io.smartgrid.loadtester.grid;

/** How one {@code DELETE /charge/{sessionId}} ended. */
public enum StopOutcome {

	/** 200: the session was stopped (or had already completed) and its load released. */
	STOPPED("200 stopped", false),

	/** 404: the grid no longer knows the session, e.g. it completed and was forgotten. */
	NOT_FOUND("404 already gone", false),

	/** Any other answer, including 503 when the session's substation is unreachable. */
	HTTP_ERROR("other status", true),

	/** No HTTP answer at all. */
	TRANSPORT_ERROR("transport error", true);

	private final String label;

	private final boolean error;

	StopOutcome(String label, boolean error) {
		this.label = label;
		this.error = error;
	}

	public String label() {
		return this.label;
	}

	public boolean isError() {
		return this.error;
	}

	static StopOutcome ofStatus(int status) {
		if (status == 200 || status == 204) {
			return STOPPED;
		}
		return (status == 404) ? NOT_FOUND : HTTP_ERROR;
	}

}
