package io.smartgrid.loadtester.workload;

import java.util.concurrent.locks.LockSupport;

/**
 * Sends each arrival at its planned time, whatever the grid is doing. The scheduling thread never waits for an
 * answer, so a slow server cannot slow the arrivals down; and each request's latency counts from when it was
 * due, not from when it finally left, so any delay in sending is charged to the system under test rather than
 * silently dropped (the coordinated-omission correction).
 */
public final class OpenLoop {

	private OpenLoop() {
	}

	public static void run(ArrivalSchedule schedule, SessionLauncher launcher, long startNanos)
			throws InterruptedException {
		for (Arrival arrival : schedule) {
			long due = startNanos + arrival.atNanos();
			long wait;
			while ((wait = due - System.nanoTime()) > 0) {
				LockSupport.parkNanos(wait);
				if (Thread.interrupted()) {
					throw new InterruptedException();
				}
			}
			long stopAt = (arrival.stopAtNanos() == Arrival.NO_STOP) ? Arrival.NO_STOP
					: startNanos + arrival.stopAtNanos();
			launcher.launch(arrival.request(), due, stopAt);
		}
	}

}
