package io.smartgrid.balancer.routing;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;

/** Lowest utilisation after adding the request; the default, because load means power and substations differ. */
final class LeastUtilizationPolicy implements Policy {

    private static final Eligibility.Score UTILIZATION_AFTER = Candidate::utilizationWith;

    private final AtomicInteger rotation = new AtomicInteger();

    @Override
    public int choose(Candidate[] snapshot, double requestKw, BitSet excluded) {
        return Eligibility.lowest(snapshot, requestKw, excluded, UTILIZATION_AFTER, rotation);
    }

    @Override
    public String name() {
        return Policies.LEAST_UTILIZATION;
    }
}
