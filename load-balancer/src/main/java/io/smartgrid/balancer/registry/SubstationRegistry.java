package io.smartgrid.balancer.registry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.smartgrid.balancer.client.Load;
import io.smartgrid.balancer.client.SubstationReply;
import io.smartgrid.balancer.routing.Candidate;
import io.smartgrid.balancer.routing.CandidateIndex;
import io.smartgrid.balancer.routing.Policy;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The balancer's view of every substation, and the one place where a substation is chosen.
 *
 * <p>Choosing and reserving happen under one short lock: the decision takes nanoseconds, and without it concurrent
 * requests would all see the same emptiest substation before any of them had counted against it.
 */
public class SubstationRegistry {

    private static final Logger log = LoggerFactory.getLogger(SubstationRegistry.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final SubstationState[] states;
    private final Candidate[] candidates;
    private final Map<String, Integer> indexById;
    private final Policy policy;
    /** The policy's index over {@code candidates}, told of every change so that a decision is O(log n). */
    private final CandidateIndex decisions;
    private final boolean inFlightAccounting;
    private final Clock clock;
    private final Timer decisionTimer;

    /**
     * @param substations        id and base URL of every substation, in a stable order
     * @param policy             how to choose
     * @param inFlightAccounting whether chosen-but-unanswered requests count against headroom
     */
    public SubstationRegistry(List<Target> substations, Policy policy, boolean inFlightAccounting, Clock clock,
            MeterRegistry meters) {
        this.policy = policy;
        this.decisions = policy.newIndex();
        this.inFlightAccounting = inFlightAccounting;
        this.clock = clock;
        this.states = new SubstationState[substations.size()];
        this.candidates = new Candidate[substations.size()];
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < states.length; i++) {
            Target target = substations.get(i);
            if (index.put(target.id(), i) != null) {
                throw new IllegalArgumentException("Substation '" + target.id() + "' is listed twice");
            }
            states[i] = new SubstationState(target.id(), target.url());
            candidates[i] = states[i].candidate;
            decisions.update(i, candidates[i]);
        }
        this.indexById = Map.copyOf(index);
        this.decisionTimer = Timer.builder("balancer.decision")
                .description("Time to choose a substation, without calling it")
                .publishPercentileHistogram()
                .register(meters);
        for (SubstationState state : states) {
            registerGauges(meters, state);
        }
        log.info("Balancing across {} substations with policy {}, in-flight accounting {}", states.length,
                policy.name(), inFlightAccounting ? "on" : "off");
    }

    /** A substation to balance across. */
    public record Target(String id, URI url) {
    }

    /**
     * Chooses a substation for {@code requestKw} among those not yet tried and, with in-flight accounting, reserves
     * the power against it until {@link #settle} is called.
     */
    public Choice choose(double requestKw, BitSet excluded) {
        lock.lock();
        try {
            long started = System.nanoTime();
            int index = decisions.choose(requestKw, excluded);
            decisionTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            if (index < 0) {
                return Choice.none(anyHealthyLeft(excluded));
            }
            SubstationState state = states[index];
            double reserved = 0;
            if (inFlightAccounting) {
                reserved = requestKw;
                state.reserve(requestKw);
                update(index);
            }
            return new Choice(index, state.id, state.url, reserved, false);
        }
        finally {
            lock.unlock();
        }
    }

    /** Ends a choice: releases its reservation and takes in what the substation's reply says, in one step. */
    public void settle(Choice choice, SubstationReply reply) {
        if (!choice.found()) {
            return;
        }
        lock.lock();
        try {
            SubstationState state = states[choice.index()];
            if (choice.reservedKw() > 0) {
                state.release(choice.reservedKw());
            }
            take(state, reply);
            update(choice.index());
        }
        finally {
            lock.unlock();
        }
    }

    /** Takes in a reply that was not part of a choice (a session lookup or stop). */
    public void record(String substationId, SubstationReply reply) {
        Integer index = indexById.get(substationId);
        if (index == null) {
            return;
        }
        lock.lock();
        try {
            take(states[index], reply);
            update(index);
        }
        finally {
            lock.unlock();
        }
    }

    /** Takes in a polled load report. */
    public void applyLoad(String substationId, Load load) {
        record(substationId, new SubstationReply.Answered(null, load));
    }

    /** Takes a substation out of rotation at once, after a failed call or poll. */
    public void markUnhealthy(String substationId) {
        record(substationId, new SubstationReply.Failed("marked unhealthy"));
    }

    /** The base URL of a configured substation. */
    public Optional<URI> urlOf(String substationId) {
        Integer index = indexById.get(substationId);
        return index == null ? Optional.empty() : Optional.of(states[index].url);
    }

    /** Every configured substation, in configuration order. */
    public List<Target> targets() {
        List<Target> targets = new ArrayList<>(states.length);
        for (SubstationState state : states) {
            targets.add(new Target(state.id, state.url));
        }
        return targets;
    }

    /** What the balancer believes about every substation now, in configuration order. */
    public List<SubstationSnapshot> snapshot() {
        lock.lock();
        try {
            List<SubstationSnapshot> snapshot = new ArrayList<>(states.length);
            for (SubstationState state : states) {
                snapshot.add(state.snapshot());
            }
            return snapshot;
        }
        finally {
            lock.unlock();
        }
    }

    private void take(SubstationState state, SubstationReply reply) {
        if (reply instanceof SubstationReply.Failed) {
            if (state.healthy) {
                log.warn("Substation {} did not answer; taking it out of rotation", state.id);
            }
            state.healthy = false;
            return;
        }
        boolean wasDown = !state.healthy && state.lastUpdated != null;
        Load load = reply.load();
        if (load != null) {
            if (load.substationId() != null && !load.substationId().equals(state.id)) {
                // A URL pointing at the wrong substation must not feed its load into this one's view.
                log.warn("Substation configured as {} reports itself as {}; ignoring its load", state.id, load.substationId());
                return;
            }
            state.apply(load, clock.instant());
        }
        if (wasDown) {
            log.info("Substation {} is answering; back in rotation", state.id);
        }
        state.healthy = true;
    }

    private void update(int index) {
        states[index].refresh();
        candidates[index] = states[index].candidate;
        decisions.update(index, candidates[index]);
    }

    private boolean anyHealthyLeft(BitSet excluded) {
        for (int i = 0; i < candidates.length; i++) {
            if (!excluded.get(i) && candidates[i].healthy()) {
                return true;
            }
        }
        return false;
    }

    private void registerGauges(MeterRegistry meters, SubstationState state) {
        Tags tags = Tags.of("substation", state.id);
        Gauge.builder("balancer.substation.healthy", state, s -> read(() -> s.healthy ? 1.0 : 0.0))
                .description("1 while the balancer routes to this substation, 0 while it is out of rotation")
                .tags(tags)
                .strongReference(true)
                .register(meters);
        Gauge.builder("balancer.substation.utilization.ratio", state,
                        s -> read(() -> s.capacityKw > 0 ? s.loadKw / s.capacityKw : 0.0))
                .description("Reported load over capacity, as the balancer last heard it")
                .tags(tags)
                .strongReference(true)
                .register(meters);
        TimeGauge.builder("balancer.load.age", state, TimeUnit.MILLISECONDS, s -> read(() -> ageMillis(s)))
                .description("Age of the last load report from this substation")
                .tags(tags)
                .strongReference(true)
                .register(meters);
    }

    private double ageMillis(SubstationState state) {
        Instant last = state.lastUpdated;
        return last == null ? Double.NaN : Math.max(0, clock.millis() - last.toEpochMilli());
    }

    private double read(DoubleSupplier value) {
        lock.lock();
        try {
            return value.getAsDouble();
        }
        finally {
            lock.unlock();
        }
    }
}
