package io.smartgrid.substation.fault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The fault this substation simulates now, if any: an operator tool for trying the grid's failure handling on a
 * real process. Healing releases every request held by a hang; those requests then fail rather than run late, so a
 * hang never admits a session its caller has stopped waiting for.
 */
@Component
class Faults {

    private static final Logger log = LoggerFactory.getLogger(Faults.class);

    /** Lets the admin answer reach the operator before the port closes under it. */
    private static final Duration OUTAGE_GRACE = Duration.ofSeconds(1);

    private final Clock clock;
    private final TaskScheduler scheduler;
    private final HttpConnector connector;
    private final Duration hangLimit;

    private final ReentrantLock lock = new ReentrantLock();
    private volatile FaultStatus status = FaultStatus.HEALTHY;
    private volatile CountDownLatch healed = new CountDownLatch(1);
    private ScheduledFuture<?> expiry;
    private boolean closing;

    Faults(Clock clock, TaskScheduler scheduler, HttpConnector connector, FaultProperties properties) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.connector = connector;
        this.hangLimit = properties.hangLimit();
    }

    /** Starts simulating {@code mode}, replacing any fault in force; {@code duration} null means until healed. */
    public FaultStatus inject(FaultMode mode, Duration duration) {
        lock.lock();
        try {
            if (closing) {
                return status;
            }
            endCurrent();
            Instant now = clock.instant();
            status = new FaultStatus(mode, now, duration == null ? null : now.plus(duration));
            if (duration != null) {
                expiry = scheduler.schedule(this::heal, Instant.now().plus(duration));
            }
            if (mode == FaultMode.OUTAGE) {
                scheduler.schedule(this::closePortIfStillOut, Instant.now().plus(OUTAGE_GRACE));
            }
            log.warn("Simulating {} {}", mode, duration == null ? "until healed" : "for " + duration);
            return status;
        }
        finally {
            lock.unlock();
        }
    }

    /** Ends the simulated fault: reopens the port after an outage and releases requests held by a hang. */
    public FaultStatus heal() {
        lock.lock();
        try {
            if (status.mode() != null) {
                log.warn("Healed: {} ends", status.mode());
            }
            endCurrent();
            return status;
        }
        finally {
            lock.unlock();
        }
    }

    public FaultStatus status() {
        return status;
    }

    FaultMode mode() {
        return status.mode();
    }

    /**
     * Holds the calling request while a hang lasts, at most the hang limit.
     *
     * @return whether the hang was healed while holding (false: the limit ran out)
     */
    boolean holdWhileHanging() throws InterruptedException {
        return healed.await(hangLimit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A closing substation stops simulating: the shutdown must drain real requests, not held ones. */
    @EventListener(ContextClosedEvent.class)
    void closing() {
        lock.lock();
        try {
            closing = true;
            if (expiry != null) {
                expiry.cancel(false);
            }
            if (status.mode() == FaultMode.HANG || status.mode() == FaultMode.ERROR) {
                status = FaultStatus.HEALTHY;
            }
            healed.countDown();
        }
        finally {
            lock.unlock();
        }
    }

    private void endCurrent() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
        FaultMode previous = status.mode();
        status = FaultStatus.HEALTHY;
        if (previous == FaultMode.OUTAGE && !closing) {
            connector.open();
        }
        healed.countDown();
        healed = new CountDownLatch(1);
    }

    private void closePortIfStillOut() {
        lock.lock();
        try {
            if (status.mode() == FaultMode.OUTAGE && !closing) {
                connector.close();
            }
        }
        finally {
            lock.unlock();
        }
    }
}
