package io.smartgrid.balancer.routing;

import java.util.Arrays;

/**
 * A balanced search tree over positions, ordered by {@code (key, position)}, each subtree knowing the largest
 * {@code value} in it. Nodes are the positions themselves, held in parallel arrays, so updates allocate
 * nothing; priorities are a fixed hash of the position, which keeps the expected depth logarithmic.
 */
final class Treap {

    private static final int NIL = -1;

    private double[] key = new double[0];
    private double[] value = new double[0];
    private double[] maxValue = new double[0];
    private int[] left = new int[0];
    private int[] right = new int[0];
    private boolean[] present = new boolean[0];
    private int root = NIL;
    /** Scratch for the ancestors of a node being updated in place. */
    private int[] path = new int[64];
    private int splitLow;
    private int splitHigh;

    /** Places {@code position} at {@code key} with {@code value}, moving it if it was elsewhere. */
    void put(int position, double key, double value) {
        if (position < present.length && present[position] && this.key[position] == key) {
            // Same place in the order (a reservation changes the room, not the sessions): fix the maxima on its path.
            this.value[position] = value;
            repullPathTo(position);
            return;
        }
        remove(position);
        if (position >= present.length) {
            grow(position + 1);
        }
        this.key[position] = key;
        this.value[position] = value;
        left[position] = NIL;
        right[position] = NIL;
        present[position] = true;
        pull(position);
        split(root, key, position);
        int high = splitHigh;
        root = merge(merge(splitLow, position), high);
    }

    void remove(int position) {
        if (position >= present.length || !present[position]) {
            return;
        }
        present[position] = false;
        split(root, key[position], position);
        int low = splitLow;
        // Everything from the position on; the position itself is the only key below (key, position + 1).
        split(splitHigh, key[position], position + 1);
        root = merge(low, splitHigh);
    }

    double key(int position) {
        return key[position];
    }

    /** The first position in order whose value is {@code >= threshold}, or -1. */
    int firstWithValueAtLeast(double threshold) {
        return firstIn(root, threshold);
    }

    /** The first position in order after {@code (afterKey, afterPosition)} whose value is {@code >= threshold}, or -1. */
    int firstAfterWithValueAtLeast(double afterKey, int afterPosition, double threshold) {
        return firstAfter(root, afterKey, afterPosition, threshold);
    }

    private int firstIn(int node, double threshold) {
        if (node == NIL || !(maxValue[node] >= threshold)) {
            return NIL;
        }
        // The subtree holds a match, so each step goes where it is without backtracking.
        while (true) {
            int l = left[node];
            if (l != NIL && maxValue[l] >= threshold) {
                node = l;
            }
            else if (value[node] >= threshold) {
                return node;
            }
            else {
                node = right[node];
            }
        }
    }

    private int firstAfter(int node, double afterKey, int afterPosition, double threshold) {
        while (node != NIL && maxValue[node] >= threshold && !after(node, afterKey, afterPosition)) {
            node = right[node];
        }
        if (node == NIL || !(maxValue[node] >= threshold)) {
            return NIL;
        }
        int found = firstAfter(left[node], afterKey, afterPosition, threshold);
        if (found != NIL) {
            return found;
        }
        return value[node] >= threshold ? node : firstIn(right[node], threshold);
    }

    private void repullPathTo(int position) {
        int depth = 0;
        int node = root;
        while (node != position) {
            if (depth == path.length) {
                path = Arrays.copyOf(path, depth * 2);
            }
            path[depth++] = node;
            node = after(node, key[position], position) ? left[node] : right[node];
        }
        pull(position);
        while (depth > 0) {
            pull(path[--depth]);
        }
    }

    private boolean after(int node, double afterKey, int afterPosition) {
        return key[node] > afterKey || (key[node] == afterKey && node > afterPosition);
    }

    /** Splits {@code node} into the positions ordered before {@code (splitKey, splitPosition)} and the rest. */
    private void split(int node, double splitKey, int splitPosition) {
        if (node == NIL) {
            splitLow = NIL;
            splitHigh = NIL;
            return;
        }
        if (key[node] < splitKey || (key[node] == splitKey && node < splitPosition)) {
            split(right[node], splitKey, splitPosition);
            right[node] = splitLow;
            pull(node);
            splitLow = node;
        }
        else {
            split(left[node], splitKey, splitPosition);
            left[node] = splitHigh;
            pull(node);
            splitHigh = node;
        }
    }

    private int merge(int low, int high) {
        if (low == NIL) {
            return high;
        }
        if (high == NIL) {
            return low;
        }
        if (priority(low) > priority(high)) {
            right[low] = merge(right[low], high);
            pull(low);
            return low;
        }
        left[high] = merge(low, left[high]);
        pull(high);
        return high;
    }

    private void pull(int node) {
        int l = left[node];
        int r = right[node];
        double max = value[node];
        if (l != NIL && maxValue[l] > max) {
            max = maxValue[l];
        }
        if (r != NIL && maxValue[r] > max) {
            max = maxValue[r];
        }
        maxValue[node] = max;
    }

    /** A fixed scramble of the position (SplitMix64's finaliser): random enough for balance, and reproducible. */
    private static long priority(int position) {
        long z = position * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private void grow(int needed) {
        int length = Math.max(needed, Math.max(16, present.length * 2));
        key = Arrays.copyOf(key, length);
        value = Arrays.copyOf(value, length);
        maxValue = Arrays.copyOf(maxValue, length);
        left = Arrays.copyOf(left, length);
        right = Arrays.copyOf(right, length);
        present = Arrays.copyOf(present, length);
    }
}
