package io.smartgrid.balancer.registry;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The balancer's view of every substation, and the one place where a substation is chosen.
 *
 * <p>Choosing and reserving happen under one short lock: the decision takes nanoseconds, and without it concurrent
 * requests would all see the same emptiest substation before any of them had counted against it.
 *
 * <p>Substations come from configuration (kept for ever) or register themselves (dropped when their heartbeats
 * stop). Each keeps its slot in the candidate array for as long as it is known, so that a decision's index stays
 * valid while its request is under way; a freed slot holds an ineligible placeholder until a newcomer takes it.
 */
public class SubstationRegistry {

    private static final Logger log = LoggerFactory.getLogger(SubstationRegistry.class);

    /** Departed substations remembered for routing their sessions' lookups and stops. */
    private static final int MAX_DEPARTED = 1024;

    /** What a policy sees in a free slot: never eligible, never null. */
    private static final Candidate VACANT = new Candidate("", 0, 0, 0, false);

    private final ReentrantLock lock = new ReentrantLock();
    private SubstationState[] states;
    private Candidate[] candidates;
    private final Map<String, Integer> indexById = new HashMap<>();
    /**
     * The last URL of each substation that left the view (dropped or deregistered), the most recent ones only: its
     * sessions may still exist, and it may be back soon (restarted, or only hung), so a lookup or stop of one of them
     * is still sent there and answers "unavailable, retry" rather than "no such session".
     */
    private final Map<String, URI> departed = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, URI> eldest) {
            return size() > MAX_DEPARTED;
        }
    };
    private final Policy policy;
    /** The policy's index over {@code candidates}, told of every change so that a decision is O(log n). */
    private final CandidateIndex decisions;
    private final boolean inFlightAccounting;
    private final boolean replyLoadUpdates;
    private final ProbeBackoff backoff;
    private final Duration heartbeatTimeout;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Timer decisionTimer;

    /** A registry with the default probe backoff and heartbeat timeout (10 s). */
    public SubstationRegistry(List<Target> substations, Policy policy, boolean inFlightAccounting, Clock clock,
            MeterRegistry meters) {
        this(substations, policy, inFlightAccounting, ProbeBackoff.DEFAULT, Duration.ofSeconds(10), clock, meters);
    }

    /**
     * @param substations        id and base URL of every configured substation, in a stable order
     * @param policy             how to choose
     * @param inFlightAccounting whether chosen-but-unanswered requests count against headroom
     * @param backoff            how long an unreachable substation waits for its next probe
     * @param heartbeatTimeout   how long a registered substation may stay silent before it is dropped
     */
    public SubstationRegistry(List<Target> substations, Policy policy, boolean inFlightAccounting, ProbeBackoff backoff,
            Duration heartbeatTimeout, Clock clock, MeterRegistry meters) {
        this(substations, policy, inFlightAccounting, true, backoff, heartbeatTimeout, clock, meters);
    }

    /**
     * @param replyLoadUpdates whether the load that a substation's answer to an assignment carries
     *     updates the view at once; switched off (with in-flight accounting) only to reproduce the
     *     stale-snapshot herd of balancers that learn load from polling alone
     */
    public SubstationRegistry(List<Target> substations, Policy policy, boolean inFlightAccounting,
            boolean replyLoadUpdates, ProbeBackoff backoff, Duration heartbeatTimeout, Clock clock, MeterRegistry meters) {
        this.policy = policy;
        this.decisions = policy.newIndex();
        this.inFlightAccounting = inFlightAccounting;
        this.replyLoadUpdates = replyLoadUpdates;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.heartbeatTimeout = Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
        this.clock = clock;
        this.meters = meters;
        int size = Math.max(4, substations.size());
        this.states = new SubstationState[size];
        this.candidates = new Candidate[size];
        Arrays.fill(candidates, VACANT);
        this.decisionTimer = Timer.builder("balancer.decision")
                .description("Time to choose a substation, without calling it")
                .publishPercentileHistogram()
                .register(meters);
        for (Target target : substations) {
            if (indexById.containsKey(target.id())) {
                throw new IllegalArgumentException("Substation '" + target.id() + "' is listed twice");
            }
            add(new SubstationState(target.id(), target.url(), true));
        }
        log.info("Balancing across {} configured substations with policy {}, in-flight accounting {}, reply loads {}",
                substations.size(), policy.name(), inFlightAccounting ? "on" : "off", replyLoadUpdates ? "on" : "off");
    }

    /** A substation to balance across. */
    public record Target(String id, URI url) {
    }

    /** How a registration changed the view. */
    enum Registration {
        /** A substation the balancer did not know. */
        CREATED,
        /** A known substation, now at a new URL. */
        UPDATED,
        /** A known substation at the same URL: a repeated registration. */
        UNCHANGED
    }

    /**
     * Chooses a substation for {@code requestKw} among those not yet tried and, with in-flight accounting, reserves
     * the power against it until {@link #settle} is called. No ceiling is computed.
     */
    public Choice choose(double requestKw, BitSet excluded) {
        return choose(requestKw, excluded, false);
    }

    /**
     * Chooses and reserves as {@link #choose(double, BitSet)} does and, if {@code withCeiling}, also finds the
     * runner-up: the substation the policy would choose next, with the chosen one left out. Its utilisation after the
     * request, in this view (in-flight reservations included), becomes the choice's {@link Choice#maxUtilization}:
     * the chosen substation should admit only while it stays no fuller than that.
     */
    public Choice choose(double requestKw, BitSet excluded, boolean withCeiling) {
        lock.lock();
        try {
            long started = System.nanoTime();
            int index = decisions.choose(requestKw, excluded);
            double ceiling = withCeiling && index >= 0 ? decisions.runnerUpUtilization(requestKw, excluded, index)
                    : Double.NaN;
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
            return new Choice(index, state.id, state.url, reserved, false, ceiling);
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
            SubstationState state = stateAt(choice.index(), choice.substationId());
            if (state == null) {
                // Dropped while the request was under way: nothing left to release or update.
                return;
            }
            if (choice.reservedKw() > 0) {
                state.release(choice.reservedKw());
            }
            take(state, replyLoadUpdates || reply instanceof SubstationReply.Failed ? reply
                    : new SubstationReply.Answered(null, null));
            update(choice.index());
        }
        finally {
            lock.unlock();
        }
    }

    /** Takes in a reply that was not part of a choice (a session lookup or stop). */
    public void record(String substationId, SubstationReply reply) {
        lock.lock();
        try {
            Integer index = indexById.get(substationId);
            if (index == null) {
                return;
            }
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
    void markUnhealthy(String substationId) {
        record(substationId, new SubstationReply.Failed("marked unhealthy"));
    }

    /**
     * Adds a substation that announced itself, or refreshes one already known (a repeated registration also counts as
     * a heartbeat). A new URL replaces the old one, and a substation in backoff is probed again at once: it has just
     * shown it is alive.
     */
    Registration register(String id, URI url, double capacityKw) {
        lock.lock();
        try {
            Instant now = clock.instant();
            Integer index = indexById.get(id);
            if (index == null) {
                SubstationState state = new SubstationState(id, url, false);
                state.registered = true;
                state.lastHeartbeat = now;
                state.capacityKw = capacityKw;
                update(add(state));
                log.info("Substation {} registered at {}", id, url);
                return Registration.CREATED;
            }
            SubstationState state = states[index];
            state.registered = true;
            state.lastHeartbeat = now;
            state.nextProbeAt = null;
            state.failures = 0;
            if (state.url.equals(url)) {
                return Registration.UNCHANGED;
            }
            log.info("Substation {} moved from {} to {}", id, state.url, url);
            state.url = url;
            // Nothing heard from the new address yet: out of rotation until the next poll reads it.
            state.healthy = false;
            update(index);
            return Registration.UPDATED;
        }
        finally {
            lock.unlock();
        }
    }

    /** Records a heartbeat; {@code false} when the substation is unknown (it should register again). */
    boolean heartbeat(String id) {
        lock.lock();
        try {
            Integer index = indexById.get(id);
            if (index == null) {
                return false;
            }
            SubstationState state = states[index];
            state.registered = true;
            state.lastHeartbeat = clock.instant();
            return true;
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Removes a substation that is leaving; {@code false} when it is unknown. A configured substation stays in view,
     * out of rotation, and comes back when a probe finds it answering.
     */
    boolean deregister(String id) {
        lock.lock();
        try {
            Integer index = indexById.get(id);
            if (index == null) {
                return false;
            }
            SubstationState state = states[index];
            if (state.configured) {
                state.registered = false;
                state.healthy = false;
                update(index);
                log.info("Configured substation {} signed off; out of rotation until it answers again", id);
            }
            else {
                remove(index);
                log.info("Substation {} deregistered", id);
            }
            return true;
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * Drops every registered substation whose last heartbeat is older than the heartbeat timeout; configured ones
     * are never dropped.
     *
     * @return the ids dropped
     */
    List<String> expireSilent() {
        lock.lock();
        try {
            Instant cutoff = clock.instant().minus(heartbeatTimeout);
            List<String> dropped = new ArrayList<>();
            for (int i = 0; i < states.length; i++) {
                SubstationState state = states[i];
                if (state != null && !state.configured && state.lastHeartbeat.isBefore(cutoff)) {
                    dropped.add(state.id);
                    remove(i);
                    log.warn("Substation {} sent no heartbeat for {}; dropped", state.id, heartbeatTimeout);
                }
            }
            return dropped;
        }
        finally {
            lock.unlock();
        }
    }

    /** The base URL of a known substation, or of one that left the view lately (its sessions may live on). */
    public Optional<URI> urlOf(String substationId) {
        lock.lock();
        try {
            Integer index = indexById.get(substationId);
            return index == null ? Optional.ofNullable(departed.get(substationId)) : Optional.of(states[index].url);
        }
        finally {
            lock.unlock();
        }
    }

    /** Every known substation: configured ones first, in configuration order, then registered ones. */
    public List<Target> targets() {
        lock.lock();
        try {
            List<Target> targets = new ArrayList<>(indexById.size());
            for (SubstationState state : states) {
                if (state != null) {
                    targets.add(new Target(state.id, state.url));
                }
            }
            return targets;
        }
        finally {
            lock.unlock();
        }
    }

    /**
     * The substations to poll now: every one that answers, and those that do not once their backoff has passed.
     */
    List<Target> dueForProbe() {
        lock.lock();
        try {
            Instant now = clock.instant();
            List<Target> due = new ArrayList<>(indexById.size());
            for (SubstationState state : states) {
                if (state != null && state.dueForProbe(now)) {
                    due.add(new Target(state.id, state.url));
                }
            }
            return due;
        }
        finally {
            lock.unlock();
        }
    }

    /** What the balancer believes about every substation now, in the order of {@link #targets()}. */
    List<SubstationSnapshot> snapshot() {
        lock.lock();
        try {
            List<SubstationSnapshot> snapshot = new ArrayList<>(indexById.size());
            for (SubstationState state : states) {
                if (state != null) {
                    snapshot.add(state.snapshot());
                }
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
            state.failures++;
            state.nextProbeAt = clock.instant().plus(backoff.after(state.failures));
            return;
        }
        boolean wasDown = !state.healthy && state.lastUpdated != null;
        Load load = reply.load();
        if (load != null) {
            if (load.substationId() != null && !load.substationId().equals(state.id)) {
                // A URL pointing at the wrong substation must not feed its load into this one's view.
                log.warn("Substation known as {} reports itself as {}; ignoring its load", state.id, load.substationId());
                return;
            }
            state.apply(load, clock.instant());
        }
        if (wasDown) {
            log.info("Substation {} is answering; back in rotation", state.id);
        }
        state.healthy = true;
        state.failures = 0;
        state.nextProbeAt = null;
    }

    /** The state in a slot if it is still the substation a choice was made for. */
    private SubstationState stateAt(int index, String substationId) {
        SubstationState state = index < states.length ? states[index] : null;
        return state != null && state.id.equals(substationId) ? state : null;
    }

    private int add(SubstationState state) {
        int index = 0;
        while (index < states.length && states[index] != null) {
            index++;
        }
        if (index == states.length) {
            // Replaced, never resized in place: a policy may still be reading the old arrays' length.
            states = Arrays.copyOf(states, states.length * 2);
            Candidate[] grown = Arrays.copyOf(candidates, states.length);
            Arrays.fill(grown, index, grown.length, VACANT);
            candidates = grown;
        }
        states[index] = state;
        indexById.put(state.id, index);
        departed.remove(state.id);
        registerGauges(state);
        update(index);
        return index;
    }

    private void remove(int index) {
        SubstationState state = states[index];
        states[index] = null;
        candidates[index] = VACANT;
        decisions.update(index, VACANT);
        indexById.remove(state.id);
        departed.put(state.id, state.url);
        state.meters.forEach(meters::remove);
        state.meters.clear();
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

    private void registerGauges(SubstationState state) {
        Tags tags = Tags.of("substation", state.id);
        Meter healthy = Gauge.builder("balancer.substation.healthy", state, s -> read(() -> s.healthy ? 1.0 : 0.0))
                .description("1 while the balancer routes to this substation, 0 while it is out of rotation")
                .tags(tags)
                .strongReference(true)
                .register(meters);
        Meter utilization = Gauge.builder("balancer.substation.utilization.ratio", state,
                        s -> read(() -> s.capacityKw > 0 ? s.loadKw / s.capacityKw : 0.0))
                .description("Reported load over capacity, as the balancer last heard it")
                .tags(tags)
                .strongReference(true)
                .register(meters);
        Meter age = TimeGauge.builder("balancer.load.age", state, TimeUnit.MILLISECONDS, s -> read(() -> ageMillis(s)))
                .description("Age of the last load report from this substation")
                .tags(tags)
                .strongReference(true)
                .register(meters);
        state.meters.addAll(List.of(healthy, utilization, age));
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
