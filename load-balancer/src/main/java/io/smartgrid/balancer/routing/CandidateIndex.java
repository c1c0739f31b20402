package io.smartgrid.balancer.routing;

import java.util.Arrays;
import java.util.BitSet;

/**
 * The substations a policy chooses among, kept in a structure that answers a decision faster than a scan of
 * {@link Rules} would, with the same pick: O(log n) for least-utilisation (per rating), least-sessions and
 * round-robin; random and power-of-two keep the scan ({@link ScanIndex}), which costs less at the grid sizes the
 * balancer is for.
 *
 * <p>The owner calls {@link #update} whenever a substation's view changes (a load report, a reservation, its
 * release, a health change, a slot freed or taken) and {@link #choose} for each request. Positions are the owner's
 * slots: any non-negative int, growing as needed; {@code null} or an unhealthy candidate is never chosen. Not
 * thread-safe: the owner serialises every call (the registry does so under its lock).
 */
public abstract sealed class CandidateIndex
        permits LeastUtilizationIndex, LeastSessionsIndex, RoundRobinIndex, ScanIndex {

    private Candidate[] candidates = new Candidate[16];
    private int size;

    /** Records the current view of the substation at {@code index}; {@code null} empties the slot. */
    public final void update(int index, Candidate candidate) {
        if (index < 0) {
            throw new IndexOutOfBoundsException(index);
        }
        if (index >= candidates.length) {
            candidates = Arrays.copyOf(candidates, Math.max(index + 1, candidates.length * 2));
        }
        candidates[index] = candidate;
        size = Math.max(size, index + 1);
        put(index, candidate);
    }

    /**
     * Chooses a candidate with room for {@code requestKw}, never one in {@code excluded}.
     *
     * @return the chosen position, or {@code -1} when none fits
     */
    public final int choose(double requestKw, BitSet excluded) {
        // Tried positions leave the structure for this one decision: O(log n) each, and there are only a few.
        for (int i = excluded.nextSetBit(0); i >= 0 && i < size; i = excluded.nextSetBit(i + 1)) {
            put(i, null);
        }
        try {
            return pick(requestKw);
        }
        finally {
            for (int i = excluded.nextSetBit(0); i >= 0 && i < size; i = excluded.nextSetBit(i + 1)) {
                put(i, candidates[i]);
            }
        }
    }

    /**
     * The utilisation after {@code requestKw} of the candidate this policy ranks next after {@code chosen}: the best
     * one with room for the request that is neither in {@code excluded} nor {@code chosen} itself. Nothing is chosen,
     * so ties rotate exactly as if this were never asked; O(log n), like a decision.
     *
     * @return that utilisation, or {@code NaN} when no other candidate has room, or when this policy does not rank by
     *     utilisation after the request (only {@code least-utilization} does)
     */
    public final double runnerUpUtilization(double requestKw, BitSet excluded, int chosen) {
        boolean hideChosen = chosen >= 0 && chosen < size;
        for (int i = excluded.nextSetBit(0); i >= 0 && i < size; i = excluded.nextSetBit(i + 1)) {
            put(i, null);
        }
        if (hideChosen) {
            put(chosen, null);
        }
        try {
            return bestUtilization(requestKw);
        }
        finally {
            if (hideChosen) {
                put(chosen, candidates[chosen]);
            }
            for (int i = excluded.nextSetBit(0); i >= 0 && i < size; i = excluded.nextSetBit(i + 1)) {
                put(i, candidates[i]);
            }
        }
    }

    /** One past the highest position ever updated. */
    public final int size() {
        return size;
    }

    /** The candidate last recorded at {@code index}. */
    final Candidate candidate(int index) {
        return candidates[index];
    }

    /** Brings the structure up to date for one position; {@code null} means it must not be chosen now. */
    abstract void put(int index, Candidate candidate);

    /** The decision over everything currently in the structure. */
    abstract int pick(double requestKw);

    /**
     * The utilisation after {@code requestKw} of the candidate {@link #pick} would choose now, without choosing it;
     * {@code NaN} when none has room or the policy does not rank by it.
     */
    double bestUtilization(double requestKw) {
        return Double.NaN;
    }
}
