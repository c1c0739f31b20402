package io.smartgrid.systemtests;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.smartgrid.localgrid.Grid;

import tools.jackson.databind.JsonNode;

/**
 * Reads {@code GET /load} of every running substation again and again, on a thread of its own, while a burst runs,
 * and keeps every report that shows a substation over its capacity. Closing it stops the sampling.
 */
public final class OverloadSampler implements AutoCloseable {

    private final AtomicBoolean sampling = new AtomicBoolean(true);
    private final ConcurrentLinkedQueue<String> overloads = new ConcurrentLinkedQueue<>();
    private final AtomicInteger samples = new AtomicInteger();
    private final Thread thread;

    public OverloadSampler(GridHttp http, Grid grid) {
        thread = new Thread(() -> {
            while (sampling.get()) {
                for (JsonNode load : http.loads(grid)) {
                    if (load.get("loadKw").asDouble() > load.get("capacityKw").asDouble() + 1e-9) {
                        overloads.add(load.toString());
                    }
                }
                samples.incrementAndGet();
            }
        }, "capacity-sampler");
        thread.start();
    }

    /** How many times every substation was read. */
    public int samples() {
        return samples.get();
    }

    /** Every report seen with the load above the capacity. */
    public List<String> overloads() {
        return List.copyOf(overloads);
    }

    @Override
    public void close() throws InterruptedException {
        sampling.set(false);
        thread.join();
    }
}
