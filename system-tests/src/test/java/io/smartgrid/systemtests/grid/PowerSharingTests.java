package io.smartgrid.systemtests.grid;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.systemtests.GridHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * A grid short of power, with the real services: two substations of 22 and 33 kW, and cars asking for twice that.
 * Each car is admitted while its minimum fits, and the power is shared.
 */
class PowerSharingTests {

    private static final double POWER_KW = 11;
    /** 200 kWh at 11 kW is 18 simulated hours: nothing completes during the test. */
    private static final double ENERGY_KWH = 200;

    private static Grid grid;
    private static final GridHttp client = new GridHttp();

    @BeforeAll
    static void startGrid() throws InterruptedException {
        grid = TestGrids.startHealthy(List.of(22.0, 33.0));
    }

    @AfterAll
    static void stopGrid() {
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    void aGridShortOfPowerSharesItFairlyNeverAboveCapacityAndARestartedSubstationKeepsTheAllocations() {
        List<String> sessions = new ArrayList<>();
        // 110 kW asked of 55 kW: the first five fit at their maximum, the next five only at their minimum (1.4 kW).
        for (int i = 0; i < 10; i++) {
            GridHttp.Reply reply = client.charge(grid.chargeUrl(), "EV-" + i, POWER_KW, ENERGY_KWH);
            assertThat(reply.status()).as("car %d: %s", i, reply.body()).isEqualTo(201);
            sessions.add(reply.body().get("sessionId").asString());
            for (JsonNode load : client.loads(grid)) {
                assertThat(load.get("loadKw").asDouble()).as("load of %s", load)
                        .isLessThanOrEqualTo(load.get("capacityKw").asDouble() + 1e-9);
            }
        }

        // Routed by demand over capacity, each substation ends at twice its capacity: every car gets half of 11 kW.
        Map<String, Double> allocated = allocations(sessions);
        assertThat(allocated.values()).allSatisfy(kw -> assertThat(kw).isCloseTo(5.5, within(1e-9)));
        List<JsonNode> loads = client.loads(grid);
        assertThat(loads).allSatisfy(load -> {
            assertThat(load.get("loadKw").asDouble()).isEqualTo(load.get("capacityKw").asDouble());
            assertThat(load.get("demandKw").asDouble()).isEqualTo(2 * load.get("capacityKw").asDouble());
        });
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                client.get(grid.balancerUrl() + "/substations").body().valueStream()
                        .mapToDouble(s -> s.get("demandKw").asDouble()).sum()).isEqualTo(110.0));
        JsonNode one = client.get(grid.chargeUrl() + "/charge/" + sessions.get(0)).body();
        assertThat(one.get("powerKw").asDouble()).isEqualTo(POWER_KW);
        assertThat(one.get("minPowerKw").asDouble()).isEqualTo(1.4);
        assertThat(one.get("estimatedCompletionAt").isNull()).isFalse();

        // A restarted substation comes back with its sessions and their allocations.
        String restarted = one.get("substationId").asString();
        grid.substation(restarted).stop();
        grid.substation(restarted).start();
        // Until the balancer has heard from the restarted substation, a lookup there answers 503 with Retry-After.
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(allocations(sessions)).isEqualTo(allocated));
        assertThat(client.get(grid.substation(restarted).url() + "/load").body().get("demandKw").asDouble())
                .isEqualTo(2 * grid.substation(restarted).context().getEnvironment()
                        .getProperty("grid.substation.capacity-kw", Double.class));

        for (String id : sessions) {
            assertThat(client.delete(grid.chargeUrl() + "/charge/" + id).status()).isEqualTo(200);
        }
        assertThat(client.loads(grid)).allSatisfy(load -> assertThat(load.get("demandKw").asDouble()).isZero());
    }

    private static Map<String, Double> allocations(List<String> sessions) {
        Map<String, Double> allocated = new HashMap<>();
        for (String id : sessions) {
            JsonNode session = client.get(grid.chargeUrl() + "/charge/" + id).body();
            assertThat(session.get("status").asString()).isEqualTo("CHARGING");
            allocated.put(id, session.get("allocatedKw").asDouble());
        }
        return allocated;
    }
}
