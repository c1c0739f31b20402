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
 * capacity, each group a segment tree of effective loads by position: an update is O(log n); a decision scores
 * each group's minimum (O(G) for G distinct ratings) and finds the next tied member after the last one chosen in
 * O(log n). A grid has a
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
    /** Each group's least effective load and its capacity, flat, so that scoring the groups is one tight loop. */
    private double[] groupMinLoad = new double[4];
    private double[] groupCapacity = new double[4];
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
                set(rating, index, Double.POSITIVE_INFINITY);
            }
            return;
        }
        double capacity = candidate.capacityKw();
        boolean rated = capacity > 0 && Double.isFinite(capacity);
        if (rating != null && (!rated || rating.capacityKw != capacity)) {
            // Rare: a rating learnt or changed. The old group keeps an inert leaf.
            set(rating, index, Double.POSITIVE_INFINITY);
            ratingOf[index] = null;
            rating = null;
        }
        if (!rated) {
            return;
        }
        if (rating == null) {
            rating = ratingFor(capacity);
            ratingOf[index] = rating;
        }
        set(rating, index, candidate.choosable() ? candidate.loadKw() : Double.POSITIVE_INFINITY);
    }

    private void set(Rating rating, int index, double loadKw) {
        rating.set(index, loadKw);
        groupMinLoad[rating.group] = rating.minLoad();
    }

    @Override
    int pick(double requestKw) {
        double best = bestScore(requestKw);
        if (!(best <= 1.0)) {
            return -1;
        }
        int next = -1;
        int first = -1;
        for (int i = 0; i < ratingCount; i++) {
            if ((groupMinLoad[i] + requestKw) / groupCapacity[i] == best) {
                Rating rating = ratings[i];
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

    @Override
    double bestUtilization(double requestKw) {
        double best = bestScore(requestKw);
        return best <= 1.0 ? best : Double.NaN;
    }

    /** The lowest score of any member that may be chosen, room or not; {@code +Infinity} when none may. */
    private double bestScore(double requestKw) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < ratingCount; i++) {
            // Exactly Candidate.utilizationWith of each group's least-loaded member.
            double score = (groupMinLoad[i] + requestKw) / groupCapacity[i];
            if (score < best) {
                best = score;
            }
        }
        return best;
    }

    private Rating ratingFor(double capacityKw) {
        Rating rating = ratingsByCapacity.get(capacityKw);
        if (rating == null) {
            rating = new Rating(capacityKw, ratingCount);
            ratingsByCapacity.put(capacityKw, rating);
            if (ratingCount == ratings.length) {
                ratings = Arrays.copyOf(ratings, ratingCount * 2);
                groupMinLoad = Arrays.copyOf(groupMinLoad, ratingCount * 2);
                groupCapacity = Arrays.copyOf(groupCapacity, ratingCount * 2);
            }
            ratings[ratingCount] = rating;
            groupMinLoad[ratingCount] = Double.POSITIVE_INFINITY;
            groupCapacity[ratingCount] = capacityKw;
            ratingCount++;
        }
        return rating;
    }

    /**
     * The substations of one capacity: a segment tree over all positions holding each subtree's minimum effective
     * load ({@code +Infinity} for members that may not be chosen now). Nodes exist only on the paths to members, so
     * joining is O(log n) and memory is O(members × log n) however many groups there are.
     */
    private static final class Rating {

        private static final int NIL = -1;

        final double capacityKw;
        /** This group's slot in the flat arrays. */
        final int group;
        /** The tree covers positions [0, span); it doubles when a position beyond it joins. */
        private int span = 1;
        private int root = NIL;
        private int nodes;
        private int[] left = new int[8];
        private int[] right = new int[8];
        private double[] min = new double[8];

        Rating(double capacityKw, int group) {
            this.capacityKw = capacityKw;
            this.group = group;
        }

        /** The least effective load of a member that may be chosen, {@code +Infinity} when none may. */
        double minLoad() {
            return root == NIL ? Double.POSITIVE_INFINITY : min[root];
        }

        /** Exactly {@link Candidate#utilizationWith}, so that ties and comparisons agree with it bit for bit. */
        private double score(double loadKw, double requestKw) {
            return (loadKw + requestKw) / capacityKw;
        }

        /** Sets a member's load; {@code +Infinity} keeps it out of every decision. */
        void set(int position, double loadKw) {
            while (position >= span) {
                if (root != NIL) {
                    int grown = newNode();
                    left[grown] = root;
                    min[grown] = min[root];
                    root = grown;
                }
                span <<= 1;
            }
            root = set(root, 0, span, position, loadKw);
        }

        private int set(int node, int low, int high, int position, double loadKw) {
            if (node == NIL) {
                node = newNode();
            }
            if (high - low == 1) {
                min[node] = loadKw;
                return node;
            }
            int middle = (low + high) >>> 1;
            // The child is built before its slot is written: building may replace the arrays.
            if (position < middle) {
                int child = set(left[node], low, middle, position, loadKw);
                left[node] = child;
            }
            else {
                int child = set(right[node], middle, high, position, loadKw);
                right[node] = child;
            }
            min[node] = Math.min(minOf(left[node]), minOf(right[node]));
            return node;
        }

        /** The first member after position {@code after} whose score equals {@code best}, or -1. */
        int firstTiedAfter(int after, double requestKw, double best) {
            return first(root, 0, span, after + 1, requestKw, best);
        }

        /**
         * Descends to the first position at or after {@code from} scoring no more than {@code best}. A subtree holds
         * one exactly when its minimum does, because the score grows with the load, rounding included.
         */
        private int first(int node, int low, int high, int from, double requestKw, double best) {
            if (node == NIL || high <= from || !(score(min[node], requestKw) <= best)) {
                return -1;
            }
            if (high - low == 1) {
                return low;
            }
            int middle = (low + high) >>> 1;
            int found = first(left[node], low, middle, from, requestKw, best);
            return found >= 0 ? found : first(right[node], middle, high, from, requestKw, best);
        }

        private double minOf(int node) {
            return node == NIL ? Double.POSITIVE_INFINITY : min[node];
        }

        private int newNode() {
            if (nodes == min.length) {
                left = Arrays.copyOf(left, nodes * 2);
                right = Arrays.copyOf(right, nodes * 2);
                min = Arrays.copyOf(min, nodes * 2);
            }
            left[nodes] = NIL;
            right[nodes] = NIL;
            min[nodes] = Double.POSITIVE_INFINITY;
            return nodes++;
        }
    }
}
