package io.smartgrid.systemtests.balancing;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.systemtests.GridHttp;

import tools.jackson.databind.JsonNode;

/**
 * Reads {@code GET /load} of every running substation every few milliseconds while a burst runs,
 * and keeps every report that shows a substation over its capacity.
 */
final class LoadSampler implements AutoCloseable {

    private final GridHttp http = new GridHttp(Grids.REPLY_TIMEOUT);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ConcurrentLinkedQueue<String> overloads = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger samples = new AtomicInteger();
    private final AtomicLong widestSpread = new AtomicLong(Double.doubleToLongBits(0));

    LoadSampler(Grid grid) {
        // A fixed delay, not a fixed rate: one sample at a time, never a queue of them on a busy machine.
        scheduler.scheduleWithFixedDelay(() -> sample(grid), 0, 20, TimeUnit.MILLISECONDS);
    }

    private void sample(Grid grid) {
        try {
            Loads loads = new Loads(http.loads(grid));
            widestSpread.accumulateAndGet(Double.doubleToLongBits(loads.spread()),
                    (a, b) -> Double.longBitsToDouble(a) >= Double.longBitsToDouble(b) ? a : b);
            for (JsonNode overloaded : loads.overloaded()) {
                overloads.add(overloaded.toString());
            }
            samples.incrementAndGet();
        } catch (RuntimeException e) {
            // A substation stopped by the test between isRunning() and the call: not an overload.
            failures.add(e.toString());
        }
    }

    /** The widest utilisation spread any sample showed: how far apart the substations drifted mid-burst. */
    double widestSpread() {
        return Double.longBitsToDouble(widestSpread.get());
    }

    int samples() {
        return samples.get();
    }

    /** Every report seen with the load above the capacity. */
    List<String> overloads() {
        return List.copyOf(overloads);
    }

    @Override
    public void close() throws InterruptedException {
        scheduler.shutdown();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
    }
}
