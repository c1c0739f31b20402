package io.smartgrid.balancer.routing;

import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * What one request costs the balancer's decision, as in the registry: release the oldest of a window of in-flight
 * reservations, choose a substation, and reserve the request against it. A reservation changes the effective load
 * only (sessions change when a substation reports them). Each change replaces the substation's immutable
 * {@link Candidate}, as the registry does; the indexed variant also updates its index, the plain one (the policy's rule,
 * {@link Policy#choose}, a scan) only the array it reads.
 */
final class DecisionWorkload {

    /** Standard transformer ratings, in kW. */
    static final double[] STANDARD_RATINGS = { 100, 160, 250, 315, 400, 500, 630, 800 };
    private static final double[] CHARGERS = { 3.7, 7.4, 11, 11, 11, 22, 22, 50 };
    private static final int IN_FLIGHT = 32;
    private static final BitSet NONE = new BitSet();

    private final Candidate[] snapshot;
    private final CandidateIndex index;
    private final Policy plain;
    private final double[] requests = new double[1024];
    private final int[] inFlightAt = new int[IN_FLIGHT];
    private final double[] inFlightKw = new double[IN_FLIGHT];
    private int step;

    /**
     * @param distinctRatings every substation its own rating instead of one of {@link #STANDARD_RATINGS}: the
     *                        least-utilisation index's worst case
     */
    DecisionWorkload(String policy, boolean indexed, int substations, boolean distinctRatings) {
        SplittableRandom random = new SplittableRandom(2026);
        snapshot = new Candidate[substations];
        for (int i = 0; i < substations; i++) {
            double capacity = distinctRatings ? 100 + random.nextDouble() * 700
                    : STANDARD_RATINGS[random.nextInt(STANDARD_RATINGS.length)];
            // Between 20 % and 80 % used, in whole kW like a sum of sessions.
            double load = Math.floor(capacity * (0.2 + 0.6 * random.nextDouble()));
            snapshot[i] = new Candidate("s" + i, capacity, load, (int) (load / 11), true);
        }
        for (int i = 0; i < requests.length; i++) {
            requests[i] = CHARGERS[random.nextInt(CHARGERS.length)];
        }
        if (indexed) {
            index = Policies.byName(policy).newIndex();
            for (int i = 0; i < substations; i++) {
                index.update(i, snapshot[i]);
            }
            plain = null;
        }
        else {
            index = null;
            plain = Policies.byName(policy);
        }
        Arrays.fill(inFlightAt, -1);
    }

    /** One request: release, decide, reserve. Returns the choice, for the benchmark to consume. */
    int request() {
        int slot = step & (IN_FLIGHT - 1);
        if (inFlightAt[slot] >= 0) {
            change(inFlightAt[slot], -inFlightKw[slot]);
        }
        double requestKw = requests[step & (requests.length - 1)];
        step++;
        int chosen = index != null ? index.choose(requestKw, NONE) : plain.choose(snapshot, requestKw, NONE);
        inFlightAt[slot] = chosen;
        if (chosen >= 0) {
            inFlightKw[slot] = requestKw;
            change(chosen, requestKw);
        }
        return chosen;
    }

    /** The decision alone, on an unchanging view: what the registry's lock is held for, minus the bookkeeping. */
    int decide() {
        double requestKw = requests[step++ & (requests.length - 1)];
        return index != null ? index.choose(requestKw, NONE) : plain.choose(snapshot, requestKw, NONE);
    }

    private void change(int position, double kw) {
        Candidate current = snapshot[position];
        Candidate changed = new Candidate(current.id(), current.capacityKw(), current.loadKw() + kw,
                current.activeSessions(), true);
        snapshot[position] = changed;
        if (index != null) {
            index.update(position, changed);
        }
    }
}
