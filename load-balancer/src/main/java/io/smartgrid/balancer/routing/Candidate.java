package io.smartgrid.balancer.routing;

/**
 * One substation as a policy sees it at the moment of a decision.
 *
 * @param id             the substation id
 * @param capacityKw     its rating
 * @param loadKw         the effective load: last reported load plus this balancer's in-flight assignments
 * @param activeSessions sessions charging there, as last reported
 * @param healthy        whether the substation answered its last call
 */
public record Candidate(String id, double capacityKw, double loadKw, int activeSessions, boolean healthy) {

    /** Whether this candidate may take {@code requestKw} more without passing its capacity. */
    boolean fits(double requestKw) {
        return choosable() && loadKw + requestKw <= capacityKw;
    }

    /** Utilisation after adding {@code requestKw}: comparing this, not the current one, favours big substations fairly. */
    double utilizationWith(double requestKw) {
        return (loadKw + requestKw) / capacityKw;
    }

    /** Whether this candidate can be chosen for some request at all: answering, with a known, finite rating. */
    boolean choosable() {
        return healthy && capacityKw > 0 && Double.isFinite(capacityKw) && Double.isFinite(loadKw);
    }

    /**
     * The largest request that {@link #fits}, exactly: {@code fits(r) == (r <= largestFit())} for every {@code r}.
     * Indexes key on this so that "has room for r" becomes one comparison per tree node, with no rounding slack
     * between the index and the rule. {@code -Infinity} when nothing fits.
     */
    double largestFit() {
        if (!choosable()) {
            return Double.NEGATIVE_INFINITY;
        }
        // C - L is right or a few ulps off; search the ordered bit patterns around it for the exact boundary of
        // the monotone rule L + r <= C. Galloping keeps it to a handful of additions for loads of any size.
        long start = ordered(capacityKw - loadKw);
        long fitting;
        long failing;
        if (fitsOrdered(start)) {
            fitting = start;
            failing = gallop(start, 1);
        }
        else {
            failing = start;
            fitting = gallop(start, -1);
        }
        // Both ends as unsigned distances: the span may exceed Long.MAX_VALUE for absurd magnitudes.
        while (Long.compareUnsigned(failing - fitting, 1) > 0) {
            long middle = fitting + ((failing - fitting) >>> 1);
            if (fitsOrdered(middle)) {
                fitting = middle;
            }
            else {
                failing = middle;
            }
        }
        return unordered(fitting);
    }

    /**
     * From {@code start}, steps of doubling size in {@code direction} until the rule's answer flips; the infinities
     * always flip it ({@code L + -Infinity} fits, {@code L + Infinity} does not), so this ends.
     */
    private long gallop(long start, int direction) {
        boolean wanted = direction < 0;
        long bound = direction > 0 ? ORDERED_MAX : ORDERED_MIN;
        long distance = direction > 0 ? ORDERED_MAX - start : start - ORDERED_MIN;
        for (long step = 1; step != Long.MIN_VALUE && Long.compareUnsigned(step, distance) < 0; step <<= 1) {
            long next = direction > 0 ? start + step : start - step;
            if (fitsOrdered(next) == wanted) {
                return next;
            }
        }
        return bound;
    }

    private boolean fitsOrdered(long key) {
        return loadKw + unordered(key) <= capacityKw;
    }

    private static final long ORDERED_MIN = ordered(Double.NEGATIVE_INFINITY);
    private static final long ORDERED_MAX = ordered(Double.POSITIVE_INFINITY);

    /** Doubles as longs in the same order (negative ones mirrored), so that neighbours are one apart. */
    private static long ordered(double value) {
        long bits = Double.doubleToLongBits(value == 0 ? 0.0 : value);
        return bits < 0 ? -(bits & Long.MAX_VALUE) : bits;
    }

    private static double unordered(long key) {
        return key < 0 ? Double.longBitsToDouble(-key | Long.MIN_VALUE) : Double.longBitsToDouble(key);
    }
}
