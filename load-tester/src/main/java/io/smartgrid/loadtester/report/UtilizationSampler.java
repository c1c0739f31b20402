package io.smartgrid.loadtester.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.smartgrid.loadtester.grid.GridClient;
import io.smartgrid.loadtester.grid.SubstationState;

/**
 * Polls the balancer's {@code GET /substations} at a fixed interval during the run, for utilisation over time and
 * to catch any moment a substation is above its capacity. A failed poll is counted, never fatal: the run is about
 * the charge API, and a balancer that stops answering shows up as gaps and a failure count.
 */
public final class UtilizationSampler implements AutoCloseable {

	private final GridClient client;

	private final long startNanos;

	private final List<Sample> samples = new ArrayList<>();

	private final AtomicLong failures = new AtomicLong();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "utilization-sampler");
		thread.setDaemon(true);
		return thread;
	});

	public UtilizationSampler(GridClient client, long startNanos) {
		this.client = client;
		this.startNanos = startNanos;
	}

	public void start(Duration interval) {
		// Fixed delay, not fixed rate: a slow balancer must not get a queue of polls fired back to back.
		this.scheduler.scheduleWithFixedDelay(this::sampleNow, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
	}

	/** Takes one sample on the caller's thread; used for the final reading after the run. */
	public void sampleNow() {
		try {
			List<SubstationState> states = this.client.substations();
			double at = (System.nanoTime() - this.startNanos) / 1e9;
			synchronized (this.samples) {
				this.samples.add(new Sample(at, List.copyOf(states)));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			this.failures.incrementAndGet();
		}
	}

	public List<Sample> samples() {
		synchronized (this.samples) {
			return List.copyOf(this.samples);
		}
	}

	public long failures() {
		return this.failures.get();
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
		try {
			this.scheduler.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The balancer's view at {@code atSeconds} after the start of the run. */
	public record Sample(double atSeconds, List<SubstationState> substations) {
	}

}
