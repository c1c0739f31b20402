package io.smartgrid.balancer.registry;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which substations the balancer knows, each in a slot of its own: configured ones for ever, registered ones while
 * their heartbeats last, and the last URL of those that left. A substation keeps its slot while it is known, so that
 * a decision's index stays valid while its request is under way; a freed slot goes to the next newcomer.
 *
 * <p>Not thread-safe: the registry calls it under its lock, and hears of every change through {@link Listener}.
 */
final class Membership {

    private static final Logger log = LoggerFactory.getLogger(Membership.class);

    /** Departed substations remembered for routing their sessions' lookups and stops. */
    private static final int MAX_DEPARTED = 1024;

    /** What the registry does when a slot is taken, changes, or is freed. */
    interface Listener {

        void added(int index, SubstationState state);

        void changed(int index);

        void removed(int index, SubstationState state);
    }

    private final Listener listener;
    private final Duration heartbeatTimeout;
    private SubstationState[] states;
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

    Membership(int slots, Duration heartbeatTimeout, Listener listener) {
        this.states = new SubstationState[Math.max(4, slots)];
        this.heartbeatTimeout = heartbeatTimeout;
        this.listener = listener;
    }

    /** Adds a configured substation, which is never dropped. */
    void configure(String id, URI url) {
        if (indexById.containsKey(id)) {
            throw new IllegalArgumentException("Substation '" + id + "' is listed twice");
        }
        add(new SubstationState(id, url, true));
    }

    /** The number of slots, taken or free. */
    int slots() {
        return states.length;
    }

    /** The substation in a slot, or {@code null} for a free one. */
    SubstationState at(int index) {
        return index < states.length ? states[index] : null;
    }

    /** The slot of a known substation, or {@code null}. */
    Integer indexOf(String id) {
        return indexById.get(id);
    }

    /** The state in a slot if it is still the substation a choice was made for. */
    SubstationState stateAt(int index, String substationId) {
        SubstationState state = at(index);
        return state != null && state.id.equals(substationId) ? state : null;
    }

    /** Every known substation in slot order: configured ones first, in configuration order, then registered ones. */
    List<SubstationState> known() {
        List<SubstationState> known = new ArrayList<>(indexById.size());
        for (SubstationState state : states) {
            if (state != null) {
                known.add(state);
            }
        }
        return known;
    }

    /** The base URL of a known substation, or of one that left the view lately. */
    Optional<URI> urlOf(String id) {
        Integer index = indexById.get(id);
        return index == null ? Optional.ofNullable(departed.get(id)) : Optional.of(states[index].url);
    }

    /** See {@link SubstationRegistry#register}. */
    SubstationRegistry.Registration register(String id, URI url, double capacityKw, Instant now) {
        Integer index = indexById.get(id);
        if (index == null) {
            SubstationState state = new SubstationState(id, url, false);
            state.registered = true;
            state.lastHeartbeat = now;
            state.capacityKw = capacityKw;
            listener.changed(add(state));
            log.info("Substation {} registered at {}", id, url);
            return SubstationRegistry.Registration.CREATED;
        }
        SubstationState state = states[index];
        state.registered = true;
        state.lastHeartbeat = now;
        state.nextProbeAt = null;
        state.failures = 0;
        if (state.url.equals(url)) {
            return SubstationRegistry.Registration.UNCHANGED;
        }
        log.info("Substation {} moved from {} to {}", id, state.url, url);
        state.url = url;
        // Nothing heard from the new address yet: out of rotation until the next poll reads it.
        state.healthy = false;
        listener.changed(index);
        return SubstationRegistry.Registration.UPDATED;
    }

    /** See {@link SubstationRegistry#heartbeat}. */
    boolean heartbeat(String id, Instant now) {
        Integer index = indexById.get(id);
        if (index == null) {
            return false;
        }
        SubstationState state = states[index];
        state.registered = true;
        state.lastHeartbeat = now;
        return true;
    }

    /** See {@link SubstationRegistry#deregister}. */
    boolean deregister(String id) {
        Integer index = indexById.get(id);
        if (index == null) {
            return false;
        }
        SubstationState state = states[index];
        if (state.configured) {
            state.registered = false;
            state.healthy = false;
            listener.changed(index);
            log.info("Configured substation {} signed off; out of rotation until it answers again", id);
        }
        else {
            remove(index);
            log.info("Substation {} deregistered", id);
        }
        return true;
    }

    /** See {@link SubstationRegistry#expireSilent}. */
    List<String> expireSilent(Instant now) {
        Instant cutoff = now.minus(heartbeatTimeout);
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

    private int add(SubstationState state) {
        int index = 0;
        while (index < states.length && states[index] != null) {
            index++;
        }
        if (index == states.length) {
            states = Arrays.copyOf(states, states.length * 2);
        }
        states[index] = state;
        indexById.put(state.id, index);
        departed.remove(state.id);
        listener.added(index, state);
        return index;
    }

    private void remove(int index) {
        SubstationState state = states[index];
        states[index] = null;
        indexById.remove(state.id);
        departed.put(state.id, state.url);
        listener.removed(index, state);
    }
}
