package io.smartgrid.systemtests.balancing;

import java.time.Duration;
import java.util.List;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.localgrid.GridSpec;
import io.smartgrid.systemtests.GridHttp;

/** Starting a grid for these tests, and the grids they share. */
final class Grids {

    /** Roomy substations, so that a burst of 500 sessions of 3–11 kW fills well under half of them. */
    static final List<Double> ROOMY_CAPACITIES_KW = List.of(1_500.0, 3_000.0, 4_500.0);

    /** 200 kWh is over 18 simulated hours even at 11 kW: no session ends while a test runs. */
    static final double LONG_ENERGY_KWH = 200;

    /** How long these tests wait for each reply: on a busy machine a patient grid may take seconds to answer. */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(60);

    /** The largest power a test asks for, so one session's share of the smallest substation is this over its capacity. */
    static final double MAX_POWER_KW = 11;

    private Grids() {
    }

    /**
     * The spec with timeouts long enough for a shared, busy CI machine. Under a burst of hundreds of
     * requests, a loopback connect there can take longer than production's 250 ms and a reply
     * several seconds; with production's timeouts a slow but correct placement becomes a 503, or a
     * healthy substation is taken out of rotation, and the test would judge the machine instead of
     * the balancing. The balancer's deadline per request (2.5 s, which caps every call's timeouts)
     * goes up with them, still below the charge-request service's read timeout: a request refused
     * under its ceiling is tried again, and there two calls of seconds each must fit. A stopped
     * service still fails at once: its port refuses the connection.
     */
    static GridSpec patient(GridSpec spec) {
        return spec.with("grid.balancer.connect-timeout", "2s").with("grid.balancer.read-timeout", "10s")
                .with("grid.balancer.resilience.deadline", "30s")
                .with("grid.charge.connect-timeout", "2s").with("grid.charge.read-timeout", "40s");
    }

    /** Starts the grid and waits until every balancer has heard from every substation. */
    static Grid start(GridSpec spec) {
        Grid grid = Grid.start(spec);
        try {
            new GridHttp(REPLY_TIMEOUT).awaitAllHealthy(grid);
            return grid;
        } catch (RuntimeException | Error e) {
            grid.close();
            throw e;
        }
    }

    /** One session's share of the smallest substation: the utilisation one session of the largest power adds to it. */
    static double oneSessionShare(GridSpec spec) {
        return MAX_POWER_KW / spec.capacitiesKw().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }
}
