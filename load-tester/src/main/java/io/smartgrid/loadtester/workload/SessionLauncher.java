package io.smartgrid.loadtester.workload;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.smartgrid.loadtester.grid.ChargeRequest;
import io.smartgrid.loadtester.grid.ChargeResult;
import io.smartgrid.loadtester.grid.GridClient;
import io.smartgrid.loadtester.report.RunRecorder;

/**
 * Sends charge requests, records their answers, and stops the sessions they start when the workload says so.
 * Keeps count of everything still in flight (charges and scheduled stops), so a run can wait for all of it.
 */
public final class SessionLauncher implements AutoCloseable {

	private final GridClient client;

	private final RunRecorder recorder;

	private final Duration stopAfter;

	private final InFlight inFlight = new InFlight();

	private final ScheduledExecutorService stopper = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "session-stopper");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * @param stopAfter how long after its 201 to stop a session that has no stop time of its own; null to leave
	 * sessions to complete on their own
	 */
	public SessionLauncher(GridClient client, RunRecorder recorder, Duration stopAfter) {
		this.client = client;
		this.recorder = recorder;
		this.stopAfter = stopAfter;
	}

	/**
	 * Sends one charge request now.
	 * @param intendedNanos when it was due ({@link System#nanoTime()}), the origin of its corrected latency
	 * @param stopAtNanos when to stop the session ({@link System#nanoTime()}), or {@link Arrival#NO_STOP}
	 * @return the answer, once recorded
	 */
	public CompletableFuture<ChargeResult> launch(ChargeRequest request, long intendedNanos, long stopAtNanos) {
		this.inFlight.begin();
		this.recorder.recordSent();
		long sentNanos = System.nanoTime();
		return this.client.charge(request).whenComplete((result, ex) -> {
			try {
				this.recorder.recordCharge(result, intendedNanos, sentNanos, System.nanoTime());
				if (result.outcome().hasSession() && result.sessionId() != null) {
					scheduleStop(result.sessionId(), stopAtNanos);
				}
			}
			finally {
				this.inFlight.end();
			}
		});
	}

	private void scheduleStop(String sessionId, long stopAtNanos) {
		long at = stopAtNanos;
		if (at == Arrival.NO_STOP) {
			if (this.stopAfter == null) {
				return;
			}
			at = System.nanoTime() + this.stopAfter.toNanos();
		}
		this.inFlight.begin();
		try {
			this.stopper.schedule(() -> this.client.stop(sessionId).whenComplete((outcome, ex) -> {
				this.recorder.recordStop(outcome);
				this.inFlight.end();
			}), Math.max(0, at - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (RuntimeException ex) {
			// Rejected because the run is being torn down: the session is left to complete on its own.
			this.inFlight.end();
		}
	}

	/** Blocks until every charge sent so far has its answer and every scheduled stop has been sent and answered. */
	public void awaitQuiet() throws InterruptedException {
		this.inFlight.awaitNone();
	}

	@Override
	public void close() {
		this.stopper.shutdownNow();
	}

}
