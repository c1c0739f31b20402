package io.smartgrid.balancer.routing;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Least-utilisation's worst case: every substation a rating of its own, so the index scores one group per
 * substation. Shows what the O(G) term costs against the plain rule.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class DistinctRatingsBenchmark {

    @Param({ "100", "1000", "10000" })
    public int substations;

    @Param({ "indexed", "plain" })
    public String implementation;

    private DecisionWorkload workload;

    @Setup
    public void setUp() {
        workload = new DecisionWorkload(Policies.LEAST_UTILIZATION, implementation.equals("indexed"), substations, true);
    }

    @Benchmark
    public int request() {
        return workload.request();
    }
}
