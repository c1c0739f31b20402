package io.smartgrid.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.localgrid.GridSpec;
import io.smartgrid.systemtests.GridHttp;
import io.smartgrid.systemtests.OverloadSampler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * 5,000 concurrent charge requests against a grid with room for exactly 80 sessions (150, 300 and 450 kW at 11 kW
 * each: 13 + 27 + 40), each car at its full power or not at all: exactly 80 are admitted, the rest refused with 503,
 * no substation is ever seen over its capacity, and every admitted session can be read and stopped.
 */
class ConcurrencyTests {

    private static final int REQUESTS = 5_000;
    /** Bounded client concurrency: enough to contend hard, few enough for a two-core machine running the whole grid. */
    private static final int CLIENT_THREADS = 64;
    private static final int ROOM = 80;

    private static Grid grid;
    private static final GridHttp client = new GridHttp();

    @BeforeAll
    static void startGrid() {
        grid = Grid.start(GridSpec.onFreePorts(GridSpec.DEFAULT_CAPACITIES_KW, 60)
                .with("grid.balancer.poll-interval", "200ms"));
        client.awaitAllHealthy(grid);
    }

    @AfterAll
    static void stopGrid() {
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    void fiveThousandConcurrentRequestsAdmitExactlyTheRoomThereIsAndNeverOverloadASubstation() throws Exception {
        OverloadSampler sampler = new OverloadSampler(client, grid);
        ExecutorService threads = Executors.newFixedThreadPool(CLIENT_THREADS);
        List<GridHttp.Reply> replies = new ArrayList<>();
        long began = System.nanoTime();
        try {
            List<Future<GridHttp.Reply>> futures = new ArrayList<>(REQUESTS);
            for (int i = 0; i < REQUESTS; i++) {
                String vehicle = "EV-" + i;
                // At full power or not at all: a car that took a share of a full grid would not be refused.
                futures.add(threads.submit(() -> client.chargeAtFullPower(grid.chargeUrl(), vehicle,
                        TrafficRun.POWER_KW, TrafficRun.ENERGY_KWH)));
            }
            for (Future<GridHttp.Reply> future : futures) {
                replies.add(future.get());
            }
        }
        finally {
            threads.shutdownNow();
            sampler.close();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        Map<Integer, Integer> byStatus = new TreeMap<>();
        replies.forEach(reply -> byStatus.merge(reply.status(), 1, Integer::sum));
        List<String> admitted = replies.stream().filter(reply -> reply.status() == 201)
                .map(reply -> reply.body().get("sessionId").asString()).toList();
        ReliabilityReport.record("5,000 concurrent requests", "%d client threads, %d ms; answers by status %s; %d load samples, %d over capacity"
                .formatted(CLIENT_THREADS, took.toMillis(), byStatus, sampler.samples(), sampler.overloads().size()));

        assertThat(byStatus.keySet()).isSubsetOf(201, 503);
        assertThat(admitted).hasSize(ROOM);
        assertThat(new HashSet<>(admitted)).hasSize(ROOM);
        assertThat(replies).filteredOn(reply -> reply.status() == 503).allSatisfy(reply -> {
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.body().get("type").asString()).startsWith("urn:smart-grid:problem:grid-");
        });
        assertThat(sampler.samples()).isPositive();
        assertThat(sampler.overloads()).as("substations seen over capacity").isEmpty();
        assertThat(TrafficRun.activeSessions(client.loads(grid))).isEqualTo(ROOM);

        for (String sessionId : admitted) {
            GridHttp.Reply read = client.get(grid.chargeUrl() + "/charge/" + sessionId);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.body().get("status").asString()).isEqualTo("CHARGING");
        }
        for (String sessionId : admitted) {
            GridHttp.Reply stopped = client.delete(grid.chargeUrl() + "/charge/" + sessionId);
            assertThat(stopped.status()).isEqualTo(200);
            assertThat(stopped.body().get("status").asString()).isEqualTo("STOPPED");
        }
        assertThat(TrafficRun.activeSessions(client.loads(grid))).isZero();
    }
}
