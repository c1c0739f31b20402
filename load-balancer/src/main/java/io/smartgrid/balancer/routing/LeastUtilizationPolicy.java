package io.smartgrid.balancer.routing;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;

/** Lowest utilisation after adding the request; the default, because load means power and substations differ. */
final class LeastUtilizationPolicy implements Policy {

    private final AtomicInteger rotation = new AtomicInteger();

    @Override
    public int choose(Candidate[] snapshot, double requestKw, BitSet excluded) {
        int n = snapshot.length;
        int start = Eligibility.start(rotation, n);
        int best = -1;
        double bestUtilization = Double.MAX_VALUE;
        for (int k = 0; k < n; k++) {
            int i = (start + k) % n;
            if (Eligibility.eligible(snapshot, i, requestKw, excluded)) {
                double utilization = snapshot[i].utilizationWith(requestKw);
                if (utilization < bestUtilization) {
                    best = i;
                    bestUtilization = utilization;
                }
            }
        }
        return best;
    }

    @Override
    public String name() {
        return Policies.LEAST_UTILIZATION;
    }
}
