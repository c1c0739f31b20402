package io.smartgrid.balancer.placement;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smartgrid.balancer.client.SubstationClient;
import io.smartgrid.balancer.client.SubstationReply;
import io.smartgrid.balancer.registry.SubstationRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Takes back sessions that a substation may have admitted although the balancer never saw its answer (a timeout, an
 * error status): {@code DELETE /sessions/{id}} by the id the balancer chose for that attempt, off the request path,
 * retried with backoff for about five minutes: a substation keeps its sessions across a restart, so one that was down
 * when the start failed still holds the session when it is back, and must still be told. Without it such a session would charge with no owner until its energy is
 * delivered, counted against the grid's capacity and possibly charging a car that was placed elsewhere.
 *
 * <p>{@code balancer_compensations_total{substation,outcome}}: {@code released} (the session had been admitted and
 * is now stopped), {@code not-admitted} (404: nothing to undo), {@code gave-up} (no answer within the retries),
 * {@code dropped} (too many pending, or shutting down). {@code balancer_compensations_pending}: how many are waiting
 * or running now; while it is above 0, a substation may hold a session no client owns.
 */
@Component
class Compensations implements DisposableBean {

    static final String NAME = "balancer.compensations";

    static final String PENDING = "balancer.compensations.pending";

    private static final Logger log = LoggerFactory.getLogger(Compensations.class);

    /**
     * The wait before each attempt: 1, 3, 7, 15 and 30 s after the failed start, then every 30 s until about five
     * minutes have passed (long enough for a killed substation to be restarted and recover its sessions). The first
     * wait gives a late request time to be admitted before the first DELETE, which would otherwise find nothing yet.
     */
    private static final List<Duration> DELAYS = delays();

    /** Bounds the memory a substation that times out on everything can make the balancer hold. */
    private static final int MAX_PENDING = 10_000;

    private final SubstationClient client;
    private final SubstationRegistry registry;
    private final MeterRegistry meters;
    private final AtomicInteger pending = new AtomicInteger();
    private final ScheduledThreadPoolExecutor executor;

    Compensations(SubstationClient client, SubstationRegistry registry, MeterRegistry meters) {
        this.client = client;
        this.registry = registry;
        this.meters = meters;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "balancer-compensation-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        Gauge.builder(PENDING, pending, AtomicInteger::get)
                .description("Sessions being taken back from substations whose answer to a start was lost")
                .register(meters);
    }

    /** Schedules taking back {@code sessionId} from the substation, unless too many are pending already. */
    void schedule(String substationId, URI substation, String sessionId) {
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            dropped(substationId, sessionId);
            return;
        }
        attemptLater(new Compensation(substationId, substation, sessionId), 0);
    }

    @Override
    public void destroy() {
        int abandoned = executor.shutdownNow().size();
        if (abandoned > 0) {
            log.warn("Shutting down with {} sessions not yet taken back from substations that timed out", abandoned);
        }
    }

    private void attemptLater(Compensation compensation, int attempt) {
        try {
            executor.schedule(() -> attempt(compensation, attempt), DELAYS.get(attempt).toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        catch (RejectedExecutionException ex) {
            pending.decrementAndGet();
            dropped(compensation.substationId(), compensation.sessionId());
        }
    }

    private void attempt(Compensation compensation, int attempt) {
        SubstationReply reply;
        try {
            reply = client.stop(compensation.substation(), compensation.sessionId());
        }
        catch (RuntimeException ex) {
            reply = new SubstationReply.Failed(ex.getClass().getSimpleName());
        }
        if (reply instanceof SubstationReply.Answered answered && answered.session() != null) {
            registry.record(compensation.substationId(), reply);
            log.info("Stopped session {}: substation {} admitted it after its answer was given up on",
                    compensation.sessionId(), compensation.substationId());
            done(compensation, "released");
        }
        else if (reply instanceof SubstationReply.NotFound) {
            registry.record(compensation.substationId(), reply);
            done(compensation, "not-admitted");
        }
        else if (attempt + 1 < DELAYS.size()) {
            attemptLater(compensation, attempt + 1);
        }
        else {
            log.warn("Could not confirm that substation {} has no session {}: it may charge unowned until its energy "
                    + "is delivered", compensation.substationId(), compensation.sessionId());
            done(compensation, "gave-up");
        }
    }

    /** Counts the outcome before the pending gauge drops, so a reader never sees the compensation in neither. */
    private void done(Compensation compensation, String outcome) {
        counter(compensation.substationId(), outcome).increment();
        pending.decrementAndGet();
    }

    private void dropped(String substationId, String sessionId) {
        log.warn("Not taking back session {} from substation {}: too many pending, or shutting down", sessionId,
                substationId);
        counter(substationId, "dropped").increment();
    }

    private Counter counter(String substationId, String outcome) {
        return Counter.builder(NAME)
                .description("Sessions taken back from substations whose answer to a start was lost, by outcome")
                .tag("substation", substationId)
                .tag("outcome", outcome)
                .register(meters);
    }

    private static List<Duration> delays() {
        List<Duration> delays = new java.util.ArrayList<>(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(15)));
        for (int i = 0; i < 9; i++) {
            delays.add(Duration.ofSeconds(30));
        }
        return List.copyOf(delays);
    }

    private record Compensation(String substationId, URI substation, String sessionId) {
    }
}
