package io.smartgrid.systemtests.grid;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.localgrid.GridSpec;
import io.smartgrid.systemtests.GridHttp;

import java.time.Duration;
import java.util.List;

/** The grid a test class of this package shares: substations of these ratings, polled every 200 ms. */
final class TestGrids {

    private TestGrids() {
    }

    /** Starts it and waits until the balancer has heard from every substation. */
    static Grid startHealthy(List<Double> capacitiesKw) throws InterruptedException {
        Grid grid = Grid.start(GridSpec.onFreePorts(capacitiesKw, 60).with("grid.balancer.poll-interval", "200ms"));
        new GridHttp().awaitAllHealthy(grid, Duration.ofSeconds(20));
        return grid;
    }
}
