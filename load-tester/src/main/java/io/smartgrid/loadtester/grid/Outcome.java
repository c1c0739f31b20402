package io.smartgrid.loadtester.grid;

/** How one {@code POST /charge} ended, as the report counts it. */
public enum Outcome {

	/** 201: a session was started. */
	CREATED("201 created", false),

	/** 202: no substation could take the car's minimum now, and it waits on a waitlist, as its client asked. */
	WAITING("202 waiting", false),

	/** 503 grid-full: every substation is at capacity; the grid said no politely, which is not an error. */
	GRID_FULL("503 grid full", false),

	/** 503 grid-unavailable: no substation (or the balancer) answered; the grid is broken, not full. */
	GRID_UNAVAILABLE("503 grid unavailable", true),

	/**
	 * Any 4xx, and any other status the contract does not give (a 200, a redirect): the tester sends valid
	 * requests, so either means the contract changed.
	 */
	CLIENT_ERROR("other 4xx", true),

	/** Any 5xx other than 503. */
	SERVER_ERROR("5xx", true),

	/** No HTTP answer at all: refused connection, timeout, reset. */
	TRANSPORT_ERROR("transport error", true);

	private final String label;

	private final boolean error;

	Outcome(String label, boolean error) {
		this.label = label;
		this.error = error;
	}

	public String label() {
		return this.label;
	}

	/** Whether the answer names a session: started, or waiting to start. */
	public boolean hasSession() {
		return this == CREATED || this == WAITING;
	}

	/** Whether this outcome counts against {@code --max-error-rate}. */
	public boolean isError() {
		return this.error;
	}

	/** The outcome of {@code status}, with the name of its problem type, e.g. {@code grid-full}, or null. */
	static Outcome ofStatus(int status, String problem) {
		if (status == 201) {
			return CREATED;
		}
		if (status == 202) {
			return WAITING;
		}
		if (status == 503) {
			return "grid-unavailable".equals(problem) ? GRID_UNAVAILABLE : GRID_FULL;
		}
		if (status >= 500) {
			return SERVER_ERROR;
		}
		return CLIENT_ERROR;
	}

}
