package io.smartgrid.loadtester;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.smartgrid.loadtester.grid.Outcome;
import io.smartgrid.loadtester.report.RunRecorder;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar with the answers so far. It polls the recorder rather than being told of each answer, so that
 * drawing it costs the request path nothing.
 */
final class ProgressDisplay implements AutoCloseable {

	/** Used when not on a terminal (CI logs, tests), where the width cannot be asked. */
	private static final int PLAIN_WIDTH = 120;

	private final ProgressBar bar;

	private final RunRecorder recorder;

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "progress");
		thread.setDaemon(true);
		return thread;
	});

	private boolean closed;

	ProgressDisplay(RunRecorder recorder, long expected, PrintStream err) {
		this.recorder = recorder;
		boolean terminal = System.console() != null && err == System.err;
		ConsoleProgressBarConsumer consumer = terminal ? new ConsoleProgressBarConsumer(err)
				: new ConsoleProgressBarConsumer(err, PLAIN_WIDTH);
		this.bar = new ProgressBarBuilder().setTaskName("charge")
			// No colour codes where nobody reads them as colour (logs, pipes).
			.setStyle(terminal ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
			.setInitialMax(Math.max(1, expected))
			.setConsumer(consumer)
			.setUpdateIntervalMillis(250)
			.showSpeed()
			.setUnit(" req", 1)
			.build();
		this.ticker.scheduleAtFixedRate(this::update, 250, 250, TimeUnit.MILLISECONDS);
	}

	private synchronized void update() {
		if (this.closed) {
			return;
		}
		long done = this.recorder.completed();
		if (done > this.bar.getMax()) {
			// A Poisson run can send more than its mean: grow the bar rather than overflow it.
			this.bar.maxHint(done);
		}
		this.bar.stepTo(done);
		this.bar.setExtraMessage(String.format(" | 201 %d | 503 full %d | errors %d",
				this.recorder.count(Outcome.CREATED), this.recorder.count(Outcome.GRID_FULL), this.recorder.errors()));
	}

	/** Ends a run that sent all it planned: the bar shows 100% even when a Poisson run sent fewer than its mean. */
	void finish() {
		synchronized (this) {
			if (!this.closed) {
				this.bar.maxHint(Math.max(1, this.recorder.completed()));
			}
		}
		close();
	}

	@Override
	public void close() {
		this.ticker.shutdownNow();
		update();
		synchronized (this) {
			if (!this.closed) {
				this.closed = true;
				this.bar.close();
			}
		}
	}

}
