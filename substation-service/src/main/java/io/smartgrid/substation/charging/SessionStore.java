package io.smartgrid.substation.charging;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a station keeps what must survive it: every admission, stop, completion and cancelled id, and its totals.
 *
 * <p>The station calls {@link #append} inside its lock, in the order the changes happened, and then, outside the lock,
 * {@link #awaitDurable} before it answers: so nothing is acknowledged before it is on disk, while the disk is written
 * once for all the changes waiting at that moment (group commit).
 */
interface SessionStore {

    /**
     * What a store held when the station started.
     *
     * @param cancelledIds the most recently cancelled ids, oldest first
     * @param totals the totals as of the last change kept; their energy counts ended sessions only
     * @param nextSequence above the arrival order of every session kept, waiting ones included
     * @param waiting the sessions on the waitlist, in arrival order
     */
    record Recovered(List<Charging> charging, List<String> cancelledIds, StationTotals totals, long nextSequence,
            Instant allocatedAt, List<WaitingSession> waiting) {

        /** What a store holds before the first change: nothing. */
        static Recovered empty() {
            return new Recovered(List.of(), List.of(), new StationTotals(0, 0, 0, 0, 0, 0), 0, null, List.of());
        }
    }

    /**
     * A session that was charging, with the power it was last given.
     *
     * @param segment {@code null} for a session kept before power sharing: it charged at its maximum from its start
     */
    record Charging(ActiveSession session, Segment segment) {
    }

    /**
     * The power a session draws from {@code since} on, and the energy it had taken by then.
     *
     * @param work energy in micro-kW times simulated nanoseconds: exact, where micro-kWh would round
     */
    record Segment(String sessionId, long allocatedMicroKw, Instant since, BigInteger work) {
    }

    /**
     * An allocation made at {@code at}: the sessions whose power it changed. Every change carries the allocation
     * right after it, so a store that kept any prefix of the changes recovers a station that allocates on exactly as
     * the one that wrote them.
     */
    record Allocated(Instant at, List<Segment> changed) {
    }

    /** A change to keep, with the station's totals right after it. */
    sealed interface Change {

        StationTotals totals();

        /** The allocation right after the change; {@code null} for a change that allocates nothing (a cancelled id). */
        Allocated allocated();

        /**
         * Whether an answer waits for this change. One that none waits for (a completion) need not be synced on its
         * own: a recovered station derives it again, exactly, from the admission it follows.
         */
        boolean acknowledged();

        /** A session was admitted and is charging; one that was waiting has left the waitlist by starting. */
        record Started(ActiveSession session, Allocated allocated, StationTotals totals) implements Change {

            @Override
            public boolean acknowledged() {
                return true;
            }
        }

        /** Sessions ended at one instant: completed, or stopped by their client. */
        record Ended(List<Session> sessions, Allocated allocated, StationTotals totals) implements Change {

            @Override
            public boolean acknowledged() {
                return sessions.stream().anyMatch(session -> session.status() != SessionStatus.COMPLETED);
            }
        }

        /**
         * The allocation changed on its own: least laxity ordered the sessions differently. Derived again exactly by
         * a recovered station, so no answer waits for it.
         */
        record Reallocated(Allocated allocated, StationTotals totals) implements Change {

            @Override
            public boolean acknowledged() {
                return false;
            }
        }

        /** A session joined the waitlist: its minimum did not fit, and its client asked to wait. */
        record Queued(WaitingSession session, StationTotals totals) implements Unallocated {
        }

        /**
         * Waiting sessions left the waitlist without starting: cancelled by their client, or at their maximum wait or
         * departure. Each is {@code STOPPED} with nothing delivered.
         */
        record LeftWaitlist(List<Session> sessions, StationTotals totals) implements Unallocated {
        }

        /** A stop arrived before its start: the id may never be admitted. */
        record Cancelled(String sessionId, Instant at, StationTotals totals) implements Unallocated {
        }

        /** A change that allocates nothing and that an answer waits for. */
        sealed interface Unallocated extends Change {

            @Override
            default Allocated allocated() {
                return null;
            }

            @Override
            default boolean acknowledged() {
                return true;
            }
        }
    }

    /** Reads back everything that was kept, before the station serves anything. */
    Recovered recover();

    /**
     * Queues a change, in order; called under the station's lock, so it must not block on the disk.
     *
     * @return its place in the queue, for {@link #awaitDurable}
     */
    long append(Change change);

    /**
     * Returns once every change up to {@code sequence} is durable (or at once where durability is turned off).
     *
     * @throws StorageUnavailableException if the store could not write it
     */
    void awaitDurable(long sequence);

    /**
     * The ended session with this id among those written. A station keeps every ended session in memory until it is
     * written, so memory and this lookup together never miss one.
     */
    Optional<Session> findEnded(String sessionId);

    /** Whether every change up to {@code sequence} has been written, so the station may forget it from memory. */
    boolean written(long sequence);

    /** Whether the store can write: while it cannot, the station admits nothing. */
    boolean healthy();

    /** A store that keeps nothing: what a station remembers lives only in its memory. */
    SessionStore NONE = new SessionStore() {

        @Override
        public Recovered recover() {
            return Recovered.empty();
        }

        @Override
        public long append(Change change) {
            return 0;
        }

        @Override
        public void awaitDurable(long sequence) {
        }

        @Override
        public Optional<Session> findEnded(String sessionId) {
            return Optional.empty();
        }

        @Override
        public boolean written(long sequence) {
            return true;
        }

        @Override
        public boolean healthy() {
            return true;
        }
    };
}
