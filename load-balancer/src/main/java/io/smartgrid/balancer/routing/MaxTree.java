package io.smartgrid.balancer.routing;

import java.util.Arrays;

/**
 * A segment tree of doubles by position, holding each subtree's maximum; empty positions hold {@code -Infinity}.
 * Finds the first position at or after a given one whose value reaches a threshold in O(log n).
 */
final class MaxTree {

    private int leaves = 1;
    private double[] tree = { Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY };

    void set(int position, double value) {
        if (position >= leaves) {
            grow(position + 1);
        }
        int node = position + leaves;
        tree[node] = value;
        for (node >>>= 1; node > 0; node >>>= 1) {
            tree[node] = Math.max(tree[2 * node], tree[2 * node + 1]);
        }
    }

    /** The first position {@code >= from} whose value is {@code >= threshold}, or -1. */
    int firstAtLeast(int from, double threshold) {
        if (from >= leaves || !(tree[1] >= threshold)) {
            return -1;
        }
        return first(1, 0, leaves, Math.max(0, from), threshold);
    }

    private int first(int node, int low, int high, int from, double threshold) {
        if (high <= from || !(tree[node] >= threshold)) {
            return -1;
        }
        if (high - low == 1) {
            return low;
        }
        int middle = (low + high) >>> 1;
        int found = first(2 * node, low, middle, from, threshold);
        return found >= 0 ? found : first(2 * node + 1, middle, high, from, threshold);
    }

    private void grow(int needed) {
        int grown = leaves;
        while (grown < needed) {
            grown <<= 1;
        }
        double[] bigger = new double[2 * grown];
        Arrays.fill(bigger, Double.NEGATIVE_INFINITY);
        System.arraycopy(tree, leaves, bigger, grown, leaves);
        leaves = grown;
        tree = bigger;
        for (int node = grown - 1; node > 0; node--) {
            tree[node] = Math.max(tree[2 * node], tree[2 * node + 1]);
        }
    }
}
