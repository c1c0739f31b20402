package io.smartgrid.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.localgrid.GridSpec;
import io.smartgrid.systemtests.GridHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stopping a service mid-request: the requests in flight finish, later ones are refused cleanly, and
 * nothing is admitted that the client was not told about.
 */
class GracefulShutdownTests {

    private static final int REQUESTS = 300;
    private static final int CLIENT_THREADS = 16;

    private final GridHttp client = new GridHttp();
    private Grid grid;

    @BeforeEach
    void startGrid() {
        // Room for every request (300 × 3 kW = 900 kW), so every refusal comes from the shutdown alone.
        grid = Grid.start(GridSpec.onFreePorts(GridSpec.DEFAULT_CAPACITIES_KW, 60).with("grid.balancer.poll-interval", "200ms"));
        client.awaitAllHealthy(grid);
    }

    @AfterEach
    void stopGrid() {
        grid.close();
    }

    @Test
    void stoppingTheEntryPointMidBurstFinishesWhatItStartedAndRefusesTheRestCleanly() throws Exception {
        Map<String, Integer> outcomes = burstStopping(grid.chargeRequests());

        int created = outcomes.getOrDefault("201", 0);
        assertThat(created).as("%s", outcomes).isPositive();
        // A request whose body was still being read when the connector closed is refused as a 4xx problem (its
        // body never arrived whole); none is ever a 5xx other than a clean 503.
        assertThat(outcomes.keySet()).as("every answer is a 201, a clean refusal or a refused connection: %s", outcomes)
                .allMatch(outcome -> outcome.equals("201") || outcome.equals("503") || outcome.equals("refused")
                        || outcome.startsWith("4"));
        // Every session the grid holds is one a client got its 201 for: none admitted behind a cut-off answer.
        int charging = client.loads(grid).stream().mapToInt(load -> load.get("activeSessions").asInt()).sum();
        assertThat(charging).as("%s", outcomes).isEqualTo(created);
    }

    @Test
    void stoppingTheBalancerMidBurstFinishesWhatItStartedAndRefusesTheRestCleanly() throws Exception {
        Map<String, Integer> outcomes = burstStopping(grid.balancer());

        int created = outcomes.getOrDefault("201", 0);
        assertThat(created).as("%s", outcomes).isPositive();
        assertThat(outcomes.keySet()).as("%s", outcomes).isSubsetOf("201", "503");
        assertThat(outcomes.get("503")).as("after the balancer stopped the entry point answers 503: %s", outcomes).isPositive();
        int charging = client.loads(grid).stream().mapToInt(load -> load.get("activeSessions").asInt()).sum();
        assertThat(charging).as("%s", outcomes).isEqualTo(created);
    }

    /** Sends {@link #REQUESTS} charge requests and stops {@code service} once a third of them have been answered. */
    private Map<String, Integer> burstStopping(Grid.Service service) throws Exception {
        CountDownLatch aThirdAnswered = new CountDownLatch(REQUESTS / 3);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    try {
                        return Integer.toString(client.charge(grid.chargeUrl(), "EV-" + n, 3, 200).status());
                    }
                    catch (UncheckedIOException refused) {
                        // Connection refused or closed before a request was read: nothing reached the grid.
                        return "refused";
                    }
                    finally {
                        aThirdAnswered.countDown();
                    }
                }));
            }
            assertThat(aThirdAnswered.await(60, TimeUnit.SECONDS)).isTrue();
            service.stop();
            Map<String, Integer> outcomes = new TreeMap<>();
            for (Future<String> future : futures) {
                outcomes.merge(future.get(60, TimeUnit.SECONDS), 1, Integer::sum);
            }
            return outcomes;
        }
        finally {
            pool.shutdownNow();
        }
    }
}
