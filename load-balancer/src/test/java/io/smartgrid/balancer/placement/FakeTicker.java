package io.smartgrid.balancer.placement;

import io.smartgrid.balancer.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A ticker that stands still until a test moves it on. */
final class FakeTicker implements Ticker {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    void advance(Duration elapsed) {
        nanos.addAndGet(elapsed.toNanos());
    }
}
