package io.smartgrid.balancer.registry;

import io.micrometer.core.instrument.MeterRegistry;
import io.smartgrid.balancer.client.Load;
import io.smartgrid.balancer.client.SubstationReply;
import io.smartgrid.balancer.routing.Candidate;
import io.smartgrid.balancer.routing.CandidateIndex;
import io.smartgrid.balancer.routing.Policy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The balancer's view of every substation, and the one place where a substation is chosen.
 *
 * <p>Choosing and reserving happen under one short lock: the decision takes nanoseconds, and without it concurrent
 * requests would all see the same emptiest substation before any of them had counted against it. Everything else
 * the view learns (replies, polls, registrations, heartbeats) is taken in under the same lock. Which substations are
 * known, and in which slot, is {@link Membership}'s; the gauges are {@link RegistryMetrics}'; the decision is the
 * policy's index ({@link CandidateIndex}), told of every change.
 */
public class SubstationRegistry {

    private static final Logger log = LoggerFactory.getLogger(SubstationRegistry.class);

    /** What a policy sees in a free slot: never eligible, never null. */
    private static final Candidate VACANT = new Candidate("", 0, 0, 0, false);

    private final ReentrantLock lock = new ReentrantLock();
    private final Membership members;
    /** The policy's index over the slots, told of every change so that a decision is O(log n). */
    private final CandidateIndex decisions;
    private final Options options;
    private final Clock clock;
    private final RegistryMetrics metrics;

    /**
     * How the registry keeps its view.
     *
     * @param policy             how to choose
     * @param inFlightAccounting whether chosen-but-unanswered requests count against headroom
     * @param replyLoadUpdates   whether the load that a substation's answer to an assignment carries updates the view
     *                           at once; off (with in-flight accounting) only to reproduce the stale-snapshot herd of
     *                           balancers that learn load from polling alone
     * @param probeBackoff       how long an unreachable substation waits for its next probe
     * @param heartbeatTimeout   how long a registered substation may stay silent before it is dropped
     */
    public record Options(Policy policy, boolean inFlightAccounting, boolean replyLoadUpdates, ProbeBackoff probeBackoff,
            Duration heartbeatTimeout) {

        public Options {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(probeBackoff, "probeBackoff");
            Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
        }

        /** The defaults: in-flight accounting and reply loads on, the default backoff, a 10 s heartbeat timeout. */
        public static Options of(Policy policy) {
            return new Options(policy, true, true, ProbeBackoff.DEFAULT, Duration.ofSeconds(10));
        }

        public Options withInFlightAccounting(boolean on) {
            return new Options(policy, on, replyLoadUpdates, probeBackoff, heartbeatTimeout);
        }

        public Options withReplyLoadUpdates(boolean on) {
            return new Options(policy, inFlightAccounting, on, probeBackoff, heartbeatTimeout);
        }

        public Options withProbeBackoff(ProbeBackoff backoff) {
            return new Options(policy, inFlightAccounting, replyLoadUpdates, backoff, heartbeatTimeout);
        }

        public Options withHeartbeatTimeout(Duration timeout) {
            return new Options(policy, inFlightAccounting, replyLoadUpdates, probeBackoff, timeout);
        }
    }

    /**
     * @param substations id and base URL of every configured substation, in a stable order
     */
    public SubstationRegistry(List<Target> substations, Options options, Clock clock, MeterRegistry meters) {
        this.options = options;
        this.decisions = options.policy().newIndex();
        this.clock = clock;
        this.metrics = new RegistryMetrics(meters, clock, lock);
        this.members = new Membership(substations.size(), options.heartbeatTimeout(), new Membership.Listener() {
            @Override
            public void added(int index, SubstationState state) {
                metrics.joined(state);
                SubstationRegistry.this.changed(index);
            }

            @Override
            public void changed(int index) {
                SubstationRegistry.this.changed(index);
            }

            @Override
            public void removed(int index, SubstationState state) {
                decisions.update(index, VACANT);
                metrics.left(state);
            }
        });
        for (Target target : substations) {
            members.configure(target.id(), target.url());
        }
        log.info("Balancing across {} configured substations with policy {}, in-flight accounting {}, reply loads {}",
                substations.size(), options.policy().name(), options.inFlightAccounting() ? "on" : "off",
                options.replyLoadUpdates() ? "on" : "off");
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
     * the power against it until {@link #settle} or {@link #release} is called. No ceiling is computed.
     */
    public Choice choose(double requestKw, BitSet excluded) {
        return choose(requestKw, excluded, false);
    }

    /**
     * Chooses and reserves as {@link #choose(double, BitSet)} does and, if {@code withCeiling}, also finds the
     * runner-up: the substation the policy would choose next, with the chosen one left out. Its utilisation after the
     * request, in this view (in-flight reservations included), becomes the choice's {@link Choice#ceiling}:
     * the chosen substation should admit only while it stays no fuller than that.
     */
    public Choice choose(double requestKw, BitSet excluded, boolean withCeiling) {
        return locked(() -> chooseLocked(requestKw, excluded, withCeiling));
    }

    private Choice chooseLocked(double requestKw, BitSet excluded, boolean withCeiling) {
        long started = System.nanoTime();
        int index = decisions.choose(requestKw, excluded);
        double ceiling = withCeiling && index >= 0 ? decisions.runnerUpUtilization(requestKw, excluded, index)
                : Double.NaN;
        metrics.decided(System.nanoTime() - started);
        if (index < 0) {
            return Choice.none(anyHealthyLeft(excluded));
        }
        return reserved(index, requestKw, ceiling);
    }

    /**
     * Chooses as {@link #choose(double, BitSet, boolean)} does and, when no substation has room for the request's
     * maximum, shares: the substation where its minimum fits and its share would be largest, the lowest
     * (demand + request) / capacity, ties to the first. That substation is asked without a ceiling, and decides with
     * its own minimums, exactly. Both steps under one hold of the lock, so no other choice comes between them.
     */
    public Choice choose(double requestKw, double minKw, BitSet excluded, boolean withCeiling) {
        return locked(() -> {
            Choice choice = chooseLocked(requestKw, excluded, withCeiling);
            if (choice.found() || !choice.noRoom()) {
                return choice;
            }
            int best = -1;
            double bestShare = Double.POSITIVE_INFINITY;
            for (int i = 0; i < members.slots(); i++) {
                SubstationState state = members.at(i);
                if (state == null || excluded.get(i) || !state.minimumFits(minKw)) {
                    continue;
                }
                double share = (state.demandKw + state.inFlightKw + requestKw) / state.capacityKw;
                if (share < bestShare) {
                    best = i;
                    bestShare = share;
                }
            }
            return best < 0 ? choice : reserved(best, requestKw, Double.NaN);
        });
    }

    /**
     * Chooses the substation where a session whose minimum fits nowhere is to wait: among those answering and not
     * draining, not in {@code excluded}, the one where power for it should free up first, estimated as the least
     * shortfall of its minimum, counting those charging and those already waiting ahead of it, over the capacity
     * ({@code (minimums + waiting minimums + minKw - capacity) / capacity}), ties to the first. Nothing is reserved:
     * a waiting session draws nothing until it starts, and the substation decides with its own figures.
     */
    public Choice chooseToWait(double minKw, BitSet excluded) {
        return locked(() -> {
            int best = -1;
            double bestShortfall = Double.POSITIVE_INFINITY;
            for (int i = 0; i < members.slots(); i++) {
                SubstationState state = members.at(i);
                if (state == null || excluded.get(i) || !state.candidate.healthy() || state.capacityKw < minKw) {
                    continue;
                }
                double shortfall = state.waitShortfall(minKw);
                if (shortfall < bestShortfall) {
                    best = i;
                    bestShortfall = shortfall;
                }
            }
            if (best < 0) {
                return Choice.none(true);
            }
            SubstationState state = members.at(best);
            return new Choice(best, state.id, state.url, 0, false, Double.NaN);
        });
    }

    /** Reserves the request's power against the chosen substation (with in-flight accounting); under the lock. */
    private Choice reserved(int index, double requestKw, double ceiling) {
        SubstationState state = members.at(index);
        double reserved = 0;
        if (options.inFlightAccounting()) {
            reserved = requestKw;
            state.reserve(requestKw);
            changed(index);
        }
        return new Choice(index, state.id, state.url, reserved, false, ceiling);
    }

    /** Ends a choice: releases its reservation and takes in what the substation's reply says, in one step. */
    public void settle(Choice choice, SubstationReply reply) {
        end(choice, state -> {
            if (reply instanceof SubstationReply.Failed) {
                failed(state);
            }
            else {
                answered(state, options.replyLoadUpdates() ? reply.load() : null);
            }
        });
    }

    /**
     * Ends a choice whose substation was not called (its bulkhead was full): the reservation goes; there is no load to
     * take in and no answer or failure to count.
     */
    public void release(Choice choice) {
        end(choice, state -> {
        });
    }

    /** Takes in a reply that was not part of a choice (a session lookup or stop, a compensation). */
    public void record(String substationId, SubstationReply reply) {
        if (reply instanceof SubstationReply.Failed) {
            markUnhealthy(substationId);
        }
        else {
            applyLoad(substationId, reply.load());
        }
    }

    /** Takes in a polled load report: the substation answers ({@code load} may be {@code null}: nothing to apply). */
    public void applyLoad(String substationId, Load load) {
        known(substationId, state -> answered(state, load));
    }

    /** Takes a substation out of rotation at once, after a failed call or poll. */
    void markUnhealthy(String substationId) {
        known(substationId, this::failed);
    }

    /**
     * Adds a substation that announced itself, or refreshes one already known (a repeated registration also counts as
     * a heartbeat). A new URL replaces the old one, and a substation in backoff is probed again at once: it has just
     * shown it is alive.
     */
    Registration register(String id, URI url, double capacityKw) {
        return locked(() -> members.register(id, url, capacityKw, clock.instant()));
    }

    /** Records a heartbeat; {@code false} when the substation is unknown (it should register again). */
    boolean heartbeat(String id) {
        return locked(() -> members.heartbeat(id, clock.instant()));
    }

    /**
     * Removes a substation that is leaving; {@code false} when it is unknown. A configured substation stays in view,
     * out of rotation, and comes back when a probe finds it answering.
     */
    boolean deregister(String id) {
        return locked(() -> members.deregister(id));
    }

    /**
     * Drops every registered substation whose last heartbeat is older than the heartbeat timeout; configured ones
     * are never dropped.
     *
     * @return the ids dropped
     */
    List<String> expireSilent() {
        return locked(() -> members.expireSilent(clock.instant()));
    }

    /** The base URL of a known substation, or of one that left the view lately (its sessions may live on). */
    public Optional<URI> urlOf(String substationId) {
        return locked(() -> members.urlOf(substationId));
    }

    /** Every known substation: configured ones first, in configuration order, then registered ones. */
    public List<Target> targets() {
        return locked(() -> members.known().stream().map(state -> new Target(state.id, state.url)).toList());
    }

    /**
     * The substations to poll now: every one that answers, and those that do not once their backoff has passed.
     */
    List<Target> dueForProbe() {
        return locked(() -> {
            Instant now = clock.instant();
            return members.known().stream()
                .filter(state -> state.dueForProbe(now))
                .map(state -> new Target(state.id, state.url))
                .toList();
        });
    }

    /** What the balancer believes about every substation now, in the order of {@link #targets()}. */
    List<SubstationSnapshot> snapshot() {
        return locked(() -> members.known().stream().map(SubstationState::snapshot).toList());
    }

    /** The substation answered: back in rotation, its backoff reset, and its load (if any) taken in. */
    private void answered(SubstationState state, Load load) {
        boolean wasDown = !state.healthy && state.lastUpdated != null;
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

    /** A call or poll failed: out of rotation, and not probed again before its backoff has passed. */
    private void failed(SubstationState state) {
        if (state.healthy) {
            log.warn("Substation {} did not answer; taking it out of rotation", state.id);
        }
        state.healthy = false;
        state.failures++;
        state.nextProbeAt = clock.instant().plus(options.probeBackoff().after(state.failures));
    }

    /** Releases a choice's reservation and applies {@code outcome} to its substation, if it is still in its slot. */
    private void end(Choice choice, Consumer<SubstationState> outcome) {
        if (!choice.found()) {
            return;
        }
        locked(() -> {
            SubstationState state = members.stateAt(choice.index(), choice.substationId());
            if (state == null) {
                // Dropped while the request was under way: nothing left to release or update.
                return null;
            }
            if (choice.reservedKw() > 0) {
                state.release(choice.reservedKw());
            }
            outcome.accept(state);
            changed(choice.index());
            return null;
        });
    }

    /** Applies {@code change} to a known substation, under the lock; nothing when it is unknown. */
    private void known(String substationId, Consumer<SubstationState> change) {
        locked(() -> {
            Integer index = members.indexOf(substationId);
            if (index != null) {
                change.accept(members.at(index));
                changed(index);
            }
            return null;
        });
    }

    private void changed(int index) {
        SubstationState state = members.at(index);
        state.refresh();
        decisions.update(index, state.candidate);
    }

    private boolean anyHealthyLeft(BitSet excluded) {
        for (int i = 0; i < members.slots(); i++) {
            SubstationState state = members.at(i);
            if (state != null && !excluded.get(i) && state.candidate.healthy()) {
                return true;
            }
        }
        return false;
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        }
        finally {
            lock.unlock();
        }
    }
}
