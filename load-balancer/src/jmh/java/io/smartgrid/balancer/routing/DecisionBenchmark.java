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
 * The decision per request, index against the plain rule (a scan), over substations of eight standard ratings.
 * Each operation is a whole request's worth of decision work: release an earlier reservation, choose, reserve.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class DecisionBenchmark {

    @Param({ "least-utilization", "least-sessions", "power-of-two", "round-robin", "random" })
    public String policy;

    @Param({ "100", "1000", "10000" })
    public int substations;

    @Param({ "indexed", "plain" })
    public String implementation;

    private DecisionWorkload workload;

    @Setup
    public void setUp() {
        workload = new DecisionWorkload(policy, implementation.equals("indexed"), substations, false);
    }

    @Benchmark
    public int request() {
        return workload.request();
    }
}
