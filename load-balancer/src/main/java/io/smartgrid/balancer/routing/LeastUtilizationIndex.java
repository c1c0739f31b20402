package io.smartgrid.balancer.routing;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Lowest utilisation after adding the request, {@code (load + request) / capacity}; the default, because load means
 * power and substations differ.
 *
 * <p>The score depends on the request, and the order it induces changes with the request size whenever capacities
 * differ, so no single ordering of substations serves every request. Within one rating it does: the score grows with
 * the load, so the least-loaded member of each rating is that rating's best. Candidates are therefore grouped by
 * capacity, each group a segment tree of effective loads by position: a decision scores each group's minimum
 * (O(G) for G distinct ratings), and finds the next tied member after the last one chosen in O(log n). A grid has a
 * handful of ratings, so this is O(log n) in practice; with every rating distinct it degrades to one pass over the
 * group minima, no worse than the scan it replaces.
 *
 * <p>Room needs no separate check: {@code load + request <= capacity} holds exactly when the score is at most 1
 * (division by a positive capacity is correctly rounded and 1 is exact), so if the best candidate has no room,
 * none has.
 */
final class LeastUtilizationIndex extends CandidateIndex {

    private final Map<Double, Rating> ratingsByCapacity = new HashMap<>();
    private Rating[] ratings = new Rating[4];
    private int ratingCount;
    /** The rating group of each position, or null when its capacity is unknown. */
    private Rating[] ratingOf = new Rating[16];
    private int last = -1;

    @Override
    void put(int index, Candidate candidate) {
        if (index >= ratingOf.length) {
            ratingOf = Arrays.copyOf(ratingOf, Math.max(index + 1, ratingOf.length * 2));
        }
        Rating rating = ratingOf[index];
        if (candidate == null) {
            // Excluded for one decision, or a freed slot: stays in its group, never chosen.
            if (rating != null) {
                rating.set(index, Double.POSITIVE_INFINITY);
            }
            return;
        }
        double capacity = candidate.capacityKw();
        boolean rated = capacity > 0 && Double.isFinite(capacity);
        if (rating != null && (!rated || rating.capacityKw != capacity)) {
            // Rare: a rating learnt or changed. Regrouping costs the size of the group.
            rating.leave(index);
            ratingOf[index] = null;
            rating = null;
        }
        if (!rated) {
            return;
        }
        if (rating == null) {
            rating = ratingFor(capacity);
            rating.join(index);
            ratingOf[index] = rating;
        }
        rating.set(index, candidate.choosable() ? candidate.loadKw() : Double.POSITIVE_INFINITY);
    }

    @Override
    int pick(double requestKw) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < ratingCount; i++) {
            double score = ratings[i].bestScore(requestKw);
            if (score < best) {
                best = score;
            }
        }
        if (!(best <= 1.0)) {
            return -1;
        }
        int next = -1;
        int first = -1;
        for (int i = 0; i < ratingCount; i++) {
            Rating rating = ratings[i];
            if (rating.bestScore(requestKw) == best) {
                int after = rating.firstTiedAfter(last, requestKw, best);
                if (after >= 0 && (next < 0 || after < next)) {
                    next = after;
                }
                int lowest = rating.firstTiedAfter(-1, requestKw, best);
                if (first < 0 || lowest < first) {
                    first = lowest;
                }
            }
        }
        int chosen = next >= 0 ? next : first;
        last = chosen;
        return chosen;
    }

    private Rating ratingFor(double capacityKw) {
        Rating rating = ratingsByCapacity.get(capacityKw);
        if (rating == null) {
            rating = new Rating(capacityKw);
            ratingsByCapacity.put(capacityKw, rating);
            if (ratingCount == ratings.length) {
                ratings = Arrays.copyOf(ratings, ratingCount * 2);
            }
            ratings[ratingCount++] = rating;
        }
        return rating;
    }

    /**
     * The substations of one capacity, by position: a segment tree of effective loads holding each subtree's minimum
     * ({@code +Infinity} for members that may not be chosen now).
     */
    private static final class Rating {

        final double capacityKw;
        /** Member positions, ascending. */
        private int[] members = new int[0];
        private double[] loads = new double[0];
        private int leaves = 1;
        private double[] tree = { Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY };

        Rating(double capacityKw) {
            this.capacityKw = capacityKw;
        }

        /** The best score in this group for a request, {@code +Infinity} when none may be chosen. */
        double bestScore(double requestKw) {
            return score(tree[1], requestKw);
        }

        /** Exactly {@link Candidate#utilizationWith}, so that ties and comparisons agree with it bit for bit. */
        private double score(double loadKw, double requestKw) {
            return (loadKw + requestKw) / capacityKw;
        }

        void set(int position, double loadKw) {
            int slot = Arrays.binarySearch(members, position);
            loads[slot] = loadKw;
            int node = slot + leaves;
            tree[node] = loadKw;
            for (node >>>= 1; node > 0; node >>>= 1) {
                tree[node] = Math.min(tree[2 * node], tree[2 * node + 1]);
            }
        }

        void join(int position) {
            int slot = -Arrays.binarySearch(members, position) - 1;
            int[] grownMembers = new int[members.length + 1];
            double[] grownLoads = new double[members.length + 1];
            System.arraycopy(members, 0, grownMembers, 0, slot);
            System.arraycopy(loads, 0, grownLoads, 0, slot);
            grownMembers[slot] = position;
            grownLoads[slot] = Double.POSITIVE_INFINITY;
            System.arraycopy(members, slot, grownMembers, slot + 1, members.length - slot);
            System.arraycopy(loads, slot, grownLoads, slot + 1, loads.length - slot);
            members = grownMembers;
            loads = grownLoads;
            rebuild();
        }

        void leave(int position) {
            int slot = Arrays.binarySearch(members, position);
            int[] shrunkMembers = new int[members.length - 1];
            double[] shrunkLoads = new double[members.length - 1];
            System.arraycopy(members, 0, shrunkMembers, 0, slot);
            System.arraycopy(loads, 0, shrunkLoads, 0, slot);
            System.arraycopy(members, slot + 1, shrunkMembers, slot, members.length - slot - 1);
            System.arraycopy(loads, slot + 1, shrunkLoads, slot, loads.length - slot - 1);
            members = shrunkMembers;
            loads = shrunkLoads;
            rebuild();
        }

        /** The first member after position {@code after} whose score equals {@code best}, or -1. */
        int firstTiedAfter(int after, double requestKw, double best) {
            int from = Arrays.binarySearch(members, after + 1);
            if (from < 0) {
                from = -from - 1;
            }
            int slot = first(1, 0, leaves, from, requestKw, best);
            return slot < 0 ? -1 : members[slot];
        }

        /**
         * Descends to the first slot at or after {@code from} scoring no more than {@code best}. A subtree holds one
         * exactly when its minimum does, because the score grows with the load, rounding included.
         */
        private int first(int node, int low, int high, int from, double requestKw, double best) {
            if (high <= from || !(score(tree[node], requestKw) <= best)) {
                return -1;
            }
            if (high - low == 1) {
                return low;
            }
            int middle = (low + high) >>> 1;
            int found = first(2 * node, low, middle, from, requestKw, best);
            return found >= 0 ? found : first(2 * node + 1, middle, high, from, requestKw, best);
        }

        private void rebuild() {
            leaves = 1;
            while (leaves < members.length) {
                leaves <<= 1;
            }
            tree = new double[2 * leaves];
            Arrays.fill(tree, Double.POSITIVE_INFINITY);
            System.arraycopy(loads, 0, tree, leaves, loads.length);
            for (int node = leaves - 1; node > 0; node--) {
                tree[node] = Math.min(tree[2 * node], tree[2 * node + 1]);
            }
        }
    }
}
