package io.smartgrid.loadtester.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code concurrency} workers, each sending its next request as soon as the previous one is answered, until
 * {@code requests} have been sent. Measures the grid at saturation; its latency is from the actual send,
 * because a closed loop waits for the server by construction.
 */
public final class ClosedLoop {

	private ClosedLoop() {
	}

	public static void run(int requests, int concurrency, RequestFactory factory, SessionLauncher launcher)
			throws InterruptedException {
		AtomicLong next = new AtomicLong();
		List<Thread> workers = new ArrayList<>();
		for (int i = 0; i < concurrency; i++) {
			Thread worker = new Thread(() -> {
				long sequence;
				while (!Thread.currentThread().isInterrupted() && (sequence = next.incrementAndGet()) <= requests) {
					long now = System.nanoTime();
					launcher.launch(factory.create(sequence), now, Arrival.NO_STOP).join();
				}
			}, "closed-loop-" + (i + 1));
			worker.setDaemon(true);
			workers.add(worker);
			worker.start();
		}
		try {
			for (Thread worker : workers) {
				worker.join();
			}
		}
		catch (InterruptedException ex) {
			workers.forEach(Thread::interrupt);
			throw ex;
		}
	}

}
