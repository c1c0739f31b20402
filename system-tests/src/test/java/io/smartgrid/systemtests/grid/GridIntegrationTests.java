package io.smartgrid.systemtests.grid;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.localgrid.GridSpec;
import io.smartgrid.systemtests.GridHttp;
import io.smartgrid.systemtests.OverloadSampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The real services together over HTTP on free ports: three unequal substations (150, 300 and
 * 450 kW), the balancer and the charge-request service, as local-grid starts them.
 */
class GridIntegrationTests {

    /** Sessions that last long enough (200 kWh at 11 kW is 18 simulated hours) not to end mid-test. */
    private static final double LONG_ENERGY_KWH = 200;
    private static final double POWER_KW = 11;
    private static final double SMALLEST_CAPACITY_KW = 150;

    private static Grid grid;
    private static final GridHttp client = new GridHttp();
    private final List<String> sessions = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void startGrid() throws InterruptedException {
        grid = TestGrids.startHealthy(GridSpec.DEFAULT_CAPACITIES_KW);
    }

    @AfterAll
    static void stopGrid() {
        if (grid != null) {
            grid.close();
        }
    }

    /** Every test leaves the grid empty, so that the next one starts from a known state. */
    @AfterEach
    void stopSessions() {
        for (String id : sessions) {
            client.delete(grid.chargeUrl() + "/charge/" + id);
        }
        sessions.clear();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(client.loads(grid)).allSatisfy(load -> assertThat(load.get("loadKw").asDouble()).isZero()));
    }

    @Test
    void aConcurrentBurstThatFillsHalfTheGridSpreadsWithinOneSessionOfTheSmallestSubstation() throws Exception {
        double total = GridSpec.DEFAULT_CAPACITIES_KW.stream().mapToDouble(Double::doubleValue).sum();
        int requests = (int) Math.round(total / 2 / POWER_KW);

        List<GridHttp.Reply> replies = burst(requests, 16, i -> client.charge(grid.chargeUrl(), "EV-" + i, POWER_KW, LONG_ENERGY_KWH));

        assertThat(replies).extracting(GridHttp.Reply::status).containsOnly(201);
        List<JsonNode> loads = client.loads(grid);
        assertThat(loads.stream().mapToDouble(l -> l.get("loadKw").asDouble()).sum()).isEqualTo(requests * POWER_KW);
        double spread = spread(loads);
        assertThat(spread)
                .as("utilisation spread after %d concurrent requests, loads %s", requests, loads)
                .isLessThanOrEqualTo(POWER_KW / SMALLEST_CAPACITY_KW + 1e-9);
    }

    @Test
    void sendingUntilTheGridIsFullGets503WithRetryAfterAndNeverOverloadsASubstation() throws Exception {
        List<GridHttp.Reply> full = new ArrayList<>();
        OverloadSampler sampler = new OverloadSampler(client, grid);
        try (sampler) {
            // 150/11 + 300/11 + 450/11 → 13 + 27 + 40 = 80 sessions fit; send well past that. These cars cannot
            // charge below their maximum (minPowerKw = powerKw), so nothing is shared: beyond 80, the grid is full.
            List<GridHttp.Reply> replies = burst(120, 16,
                    i -> client.charge(grid.chargeUrl(), "EV-" + i, POWER_KW, POWER_KW, LONG_ENERGY_KWH));
            replies.stream().filter(r -> r.status() == 503).forEach(full::add);
            assertThat(replies).extracting(GridHttp.Reply::status).containsOnly(201, 503);
            assertThat(replies.stream().filter(r -> r.status() == 201)).hasSize(80);
        }
        assertThat(full).hasSize(40).allSatisfy(reply -> {
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.retryAfter()).isNotBlank();
            assertThat(Integer.parseInt(reply.retryAfter())).isPositive();
            assertThat(reply.body().get("type").asString()).isEqualTo("urn:smart-grid:problem:grid-full");
        });
        assertThat(sampler.samples()).isPositive();
        assertThat(sampler.overloads()).as("substations seen over capacity").isEmpty();
        assertThat(client.loads(grid)).allSatisfy(load ->
                assertThat(load.get("capacityKw").asDouble() - load.get("loadKw").asDouble()).isLessThan(POWER_KW));
    }

    @Test
    void stoppingASessionReleasesItsLoadAndTheBalancerSeesIt() {
        GridHttp.Reply started = charge("EV-stop", 22, LONG_ENERGY_KWH);
        assertThat(started.status()).isEqualTo(201);
        String id = started.body().get("sessionId").asString();
        String substation = started.body().get("substationId").asString();
        assertThat(started.location()).endsWith("/charge/" + id);
        assertThat(client.get(grid.substation(substation).url() + "/load").body().get("loadKw").asDouble()).isEqualTo(22);
        await().atMost(Duration.ofSeconds(5)).until(() -> balancerLoad(substation) == 22);

        GridHttp.Reply stopped = client.delete(grid.chargeUrl() + "/charge/" + id);

        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.body().get("status").asString()).isEqualTo("STOPPED");
        assertThat(client.get(grid.substation(substation).url() + "/load").body().get("loadKw").asDouble()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> balancerLoad(substation) == 0);
        GridHttp.Reply after = client.get(grid.chargeUrl() + "/charge/" + id);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.body().get("status").asString()).isEqualTo("STOPPED");
    }

    @Test
    void aSessionThatHasDeliveredItsEnergyCompletesAndReleasesItsLoad() {
        // 0.5 kWh at 60 kW is 30 simulated seconds: half a real second at the grid's 60× clock.
        GridHttp.Reply started = charge("EV-done", 60, 0.5);
        assertThat(started.status()).isEqualTo(201);
        String id = started.body().get("sessionId").asString();
        String substation = started.body().get("substationId").asString();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode session = client.get(grid.chargeUrl() + "/charge/" + id).body();
            assertThat(session.get("status").asString()).isEqualTo("COMPLETED");
            assertThat(session.get("deliveredKwh").asDouble()).isEqualTo(0.5);
        });
        assertThat(client.get(grid.substation(substation).url() + "/load").body().get("loadKw").asDouble()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> balancerLoad(substation) == 0);
    }

    @Test
    void unknownAndMalformedSessionsAre404ProblemsAndChangeNothing() {
        List<JsonNode> before = client.loads(grid);
        for (String id : List.of("substation-1.00000000-0000-0000-0000-000000000000", "nope", "..%2F..%2Fetc%2Fpasswd")) {
            GridHttp.Reply reply = client.get(grid.chargeUrl() + "/charge/" + id);
            assertThat(reply.status()).as(id).isEqualTo(404);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(client.delete(grid.chargeUrl() + "/charge/" + id).status()).as(id).isEqualTo(404);
        }
        assertThat(client.loads(grid)).extracting(l -> l.get("loadKw").asDouble())
                .isEqualTo(before.stream().map(l -> l.get("loadKw").asDouble()).toList());
    }

    @Test
    void theBalancerListsEverySubstationWithItsLoadAndHealth() {
        charge("EV-list", POWER_KW, LONG_ENERGY_KWH);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode substations = client.get(grid.balancerUrl() + "/substations").body();
            assertThat(substations).hasSize(3);
            double load = 0;
            for (JsonNode s : substations) {
                assertThat(s.get("healthy").asBoolean()).isTrue();
                assertThat(s.get("lastUpdated").isNull()).isFalse();
                assertThat(s.get("utilization").asDouble()).isEqualTo(s.get("loadKw").asDouble() / s.get("capacityKw").asDouble());
                load += s.get("loadKw").asDouble();
            }
            assertThat(load).isEqualTo(POWER_KW);
        });
    }

    /** Starts one session and remembers it, so that it is stopped after the test. */
    private GridHttp.Reply charge(String vehicleId, double powerKw, double energyKwh) {
        GridHttp.Reply reply = client.charge(grid.chargeUrl(), vehicleId, powerKw, energyKwh);
        if (reply.status() == 201) {
            sessions.add(reply.body().get("sessionId").asString());
        }
        return reply;
    }

    private double balancerLoad(String substation) {
        for (JsonNode s : client.get(grid.balancerUrl() + "/substations").body()) {
            if (s.get("id").asString().equals(substation)) {
                return s.get("loadKw").asDouble();
            }
        }
        throw new AssertionError("the balancer does not list " + substation);
    }

    private static double spread(List<JsonNode> loads) {
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (JsonNode load : loads) {
            double utilization = load.get("loadKw").asDouble() / load.get("capacityKw").asDouble();
            max = Math.max(max, utilization);
            min = Math.min(min, utilization);
        }
        return max - min;
    }

    /** Sends {@code count} requests from {@code threads} threads at once; remembers the sessions to stop them later. */
    private List<GridHttp.Reply> burst(int count, int threads, java.util.function.IntFunction<GridHttp.Reply> request)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<GridHttp.Reply>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> request.apply(n)));
            }
            List<GridHttp.Reply> replies = new ArrayList<>();
            for (Future<GridHttp.Reply> future : futures) {
                GridHttp.Reply reply = future.get(30, TimeUnit.SECONDS);
                if (reply.status() == 201) {
                    sessions.add(reply.body().get("sessionId").asString());
                }
                replies.add(reply);
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }
}
