package io.smartgrid.substation.charging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Stopping a substation drains it first: from the moment shutdown begins, a new session is refused as
 * {@code 409 substation-draining} (the balancer tries the next substation at once) while the requests in
 * flight finish and the web server closes gracefully. Without this, a stopping substation would go on
 * admitting sessions until its connector closed, and they would end with the process.
 */
@Component
class DrainOnShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DrainOnShutdown.class);

    private final ChargingStation station;
    private volatile boolean running;

    DrainOnShutdown(ChargingStation station) {
        this.station = station;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (!station.draining()) {
            station.drain();
            log.info("Substation {} is stopping: draining, no new sessions", station.substationId());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The earliest to stop: before deregistration and long before the web server's graceful shutdown. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
