package io.smartgrid.balancer.registry;

import io.smartgrid.balancer.client.SubstationClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reads every substation's {@code GET /load} in the background, all in parallel, so that requests never wait for a
 * reading. A substation whose previous reading is still under way is skipped rather than asked twice; one that did
 * not answer is asked again only once its backoff has passed. Each round also drops registered substations whose
 * heartbeats stopped. The set of substations is read afresh every round, as they register and leave.
 */
final class LoadPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LoadPoller.class);

    private final SubstationRegistry registry;
    private final SubstationClient client;
    private final Duration interval;
    /** Per substation id: whether a reading is under way. */
    private final Map<String, AtomicBoolean> polling = new ConcurrentHashMap<>();
    /** Done once every substation known at start has answered its first poll or failed it: the first view. */
    private final CompletableFuture<Void> firstView = new CompletableFuture<>();
    /** Touched by the scheduler's one thread only. */
    private boolean firstRoundStarted;
    private ScheduledExecutorService scheduler;
    private ExecutorService workers;
    private volatile boolean running;

    LoadPoller(SubstationRegistry registry, SubstationClient client, Duration interval) {
        this.registry = registry;
        this.client = client;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(daemon("load-poller"));
        workers = Executors.newCachedThreadPool(daemon("load-poll-"));
        scheduler.scheduleAtFixedRate(this::pollAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        running = true;
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (scheduler != null) {
            scheduler.shutdownNow();
            workers.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void pollAll() {
        try {
            registry.expireSilent();
            Set<String> known = new HashSet<>();
            registry.targets().forEach(target -> known.add(target.id()));
            polling.keySet().retainAll(known);
            List<CompletableFuture<Void>> round = new ArrayList<>();
            for (SubstationRegistry.Target target : registry.dueForProbe()) {
                round.add(pollOne(target));
            }
            if (!firstRoundStarted) {
                // Only the first round counts: in later ones a substation still busy with its first poll is skipped.
                firstRoundStarted = true;
                CompletableFuture.allOf(round.toArray(CompletableFuture[]::new))
                        .whenComplete((done, failure) -> firstViewBuilt());
            }
        }
        catch (RuntimeException ex) {
            // A scheduled task that throws is never run again; a round must never stop polling.
            log.warn("A polling round failed unexpectedly", ex);
        }
    }

    private void firstViewBuilt() {
        if (firstView.complete(null)) {
            log.info("First view built: {} substations polled", registry.targets().size());
        }
    }

    /** Whether the first view is built; the balancer is ready only from then on. */
    boolean hasFirstView() {
        return firstView.isDone();
    }

    /** Polls one substation in the background, unless a poll of it is still under way; done when that poll is. */
    private CompletableFuture<Void> pollOne(SubstationRegistry.Target target) {
        AtomicBoolean busy = polling.computeIfAbsent(target.id(), id -> new AtomicBoolean());
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (busy.compareAndSet(false, true)) {
            try {
                workers.execute(() -> {
                    try {
                        poll(target);
                    }
                    finally {
                        busy.set(false);
                        done.complete(null);
                    }
                });
            }
            catch (RuntimeException ex) {
                // Rejected while shutting down: nothing to poll any more.
                busy.set(false);
                done.complete(null);
            }
        }
        else {
            done.complete(null);
        }
        return done;
    }

    private void poll(SubstationRegistry.Target target) {
        try {
            client.load(target.url()).ifPresentOrElse(
                    load -> registry.applyLoad(target.id(), load),
                    () -> registry.markUnhealthy(target.id()));
        }
        catch (RuntimeException ex) {
            // A scheduled task that throws is never run again; a poll must never stop polling.
            log.warn("Polling substation {} failed unexpectedly", target.id(), ex);
            registry.markUnhealthy(target.id());
        }
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix.endsWith("-") ? prefix + count.incrementAndGet() : prefix);
            thread.setDaemon(true);
            return thread;
        };
    }
}
