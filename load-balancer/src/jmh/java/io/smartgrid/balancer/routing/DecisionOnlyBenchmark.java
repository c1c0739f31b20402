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
 * The decision alone, without the reserve and release around it, over substations of eight standard ratings. The
 * plain rule is not repeated here: its updates are one array store, so its request cost is its decision cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class DecisionOnlyBenchmark {

    @Param({ "least-utilization", "least-sessions", "power-of-two", "round-robin", "random" })
    public String policy;

    @Param({ "100", "1000", "10000" })
    public int substations;

    @Param({ "indexed" })
    public String implementation;

    private DecisionWorkload workload;

    @Setup
    public void setUp() {
        workload = new DecisionWorkload(policy, implementation.equals("indexed"), substations, false);
    }

    @Benchmark
    public int decide() {
        return workload.decide();
    }
}
