package io.smartgrid.systemtests.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.localgrid.GridSpec;
import io.smartgrid.systemtests.GridHttp;

import org.junit.jupiter.api.Test;

/**
 * No single balancer: with two replicas and one of them stopped, every {@code POST /charge} still gets its session,
 * from either entry, and lookups and stops still work; then the other way round. Each start lands once: the
 * substations hold exactly as many sessions as were answered 201.
 */
class BalancerFailoverTests {

    static final int REQUESTS_PER_ROUND = 12;

    private final GridHttp http = new GridHttp(Grids.REPLY_TIMEOUT);

    @Test
    void withEitherOfTwoBalancersStoppedEveryStartStillSucceeds() {
        GridSpec spec = Grids.patient(GridSpec.onFreePorts(Grids.ROOMY_CAPACITIES_KW, 60)).withBalancerReplicas(2);
        try (Grid grid = Grids.start(spec)) {
            List<String> started = new ArrayList<>();

            grid.balancers().get(0).stop();
            started.addAll(round(grid, "first-down"));

            grid.balancers().get(0).start();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> assertThat(
                    http.get(grid.balancerUrls().get(0) + "/actuator/health/readiness").status()).isEqualTo(200));
            grid.balancers().get(1).stop();
            started.addAll(round(grid, "second-down"));

            assertThat(started).doesNotHaveDuplicates();
            assertThat(new Loads(http.loads(grid)).totalSessions()).as("one session per start, none twice")
                    .isEqualTo(started.size() - 2);
        }
    }

    /** Starts sessions through both entries, reads each, and stops the first; returns the ids started. */
    private List<String> round(Grid grid, String name) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < REQUESTS_PER_ROUND; i++) {
            String entry = grid.chargeUrls().get(i % 2);
            GridHttp.Reply created = http.charge(entry, "EV-" + name + "-" + i, 11, Grids.LONG_ENERGY_KWH);
            assertThat(created.status()).as("start %d with %s: %s", i, name, created.body()).isEqualTo(201);
            String id = created.text("sessionId");
            ids.add(id);
            GridHttp.Reply read = http.get(entry + "/charge/" + id);
            assertThat(read.status()).as("lookup of %s", id).isEqualTo(200);
        }
        GridHttp.Reply stopped = http.delete(grid.chargeUrl() + "/charge/" + ids.get(0));
        assertThat(stopped.status()).as("stop of %s", ids.get(0)).isEqualTo(200);
        assertThat(stopped.text("status")).isEqualTo("STOPPED");
        return ids;
    }
}
