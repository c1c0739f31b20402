package io.smartgrid.localgrid;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

/** The grid a test class of this package shares: substations of these ratings, polled every 200 ms. */
final class TestGrids {

    private TestGrids() {
    }

    /** Starts it and waits until the balancer has heard from every substation. */
    static Grid startHealthy(List<Double> capacitiesKw) throws InterruptedException {
        Grid grid = Grid.start(GridSpec.onFreePorts(capacitiesKw, 60).with("grid.balancer.poll-interval", "200ms"));
        assertThat(LocalGrid.awaitSubstationsHealthy(grid, Duration.ofSeconds(20))).isTrue();
        return grid;
    }
}
