package io.smartgrid.loadtester.workload;

import io.smartgrid.loadtester.grid.ChargeRequest;

/**
 * One planned charge request.
 *
 * @param atNanos when it is due, from the start of the run
 * @param stopAtNanos when to stop the session it starts, from the start of the run, or {@link #NO_STOP}
 */
public record Arrival(long atNanos, ChargeRequest request, long stopAtNanos) {

	public static final long NO_STOP = -1;

}
