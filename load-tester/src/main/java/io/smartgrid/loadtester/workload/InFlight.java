package io.smartgrid.loadtester.workload;

/** Counts work still in flight (answers not yet read, stops not yet answered), so a run can wait for all of it. */
public final class InFlight {

	private long count;

	public synchronized void begin() {
		this.count++;
	}

	public synchronized void end() {
		this.count--;
		notifyAll();
	}

	/** Blocks until everything begun so far has ended. */
	public synchronized void awaitNone() throws InterruptedException {
		while (this.count > 0) {
			wait();
		}
	}

}
