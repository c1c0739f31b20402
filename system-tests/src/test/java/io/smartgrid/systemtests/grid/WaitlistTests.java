package io.smartgrid.systemtests.grid;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.systemtests.GridHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The waitlist with the real services: a full grid of 10 and 30 kW answers 202 to cars that prefer to wait, keeps
 * them in order, starts the first by itself once a session is stopped, and cancels another.
 */
class WaitlistTests {

    /** Cars that charge at 10 kW or not at all. */
    private static final double POWER_KW = 10;
    /** 200 kWh at 10 kW is 20 simulated hours: nothing completes during the test. */
    private static final double ENERGY_KWH = 200;

    private static Grid grid;
    private static final GridHttp client = new GridHttp();

    @BeforeAll
    static void startGrid() throws InterruptedException {
        grid = TestGrids.startHealthy(List.of(10.0, 30.0));
    }

    @AfterAll
    static void stopGrid() {
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    void aFullGridQueuesCarsThatAskToWaitStartsTheFirstWhenPowerFreesAndCancelsAnother() {
        List<JsonNode> charging = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            GridHttp.Reply reply = client.charge(grid.chargeUrl(), "EV-" + i, POWER_KW, POWER_KW, ENERGY_KWH);
            assertThat(reply.status()).as("car %d: %s", i, reply.body()).isEqualTo(201);
            charging.add(reply.body());
        }
        assertThat(client.charge(grid.chargeUrl(), "EV-refused", POWER_KW, POWER_KW, ENERGY_KWH).status())
                .as("full, and not asking to wait").isEqualTo(503);

        // The 30 kW substation is short by the least for a 10 kW minimum, over its capacity: both wait there.
        GridHttp.Reply first = client.chargeOrWait(grid.chargeUrl(), "EV-first", POWER_KW, POWER_KW, ENERGY_KWH);
        GridHttp.Reply second = client.chargeOrWait(grid.chargeUrl(), "EV-second", POWER_KW, POWER_KW, ENERGY_KWH);

        assertThat(first.status()).as("%s", first.body()).isEqualTo(202);
        assertThat(first.location()).isEqualTo("/charge/" + first.body().get("sessionId").asString());
        assertThat(first.body().get("status").asString()).isEqualTo("WAITING");
        assertThat(first.body().get("position").asInt()).isEqualTo(1);
        assertThat(first.body().get("startedAt").isNull()).isTrue();
        assertThat(second.status()).as("%s", second.body()).isEqualTo(202);
        String substation = first.body().get("substationId").asString();
        assertThat(second.body().get("substationId").asString()).isEqualTo(substation);
        JsonNode secondNow = client.get(grid.chargeUrl() + second.location()).body();
        assertThat(secondNow.get("status").asString()).isEqualTo("WAITING");
        assertThat(secondNow.get("position").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(waitingAt(substation)).isEqualTo(2));

        // A session stopped there frees 10 kW: the first waiting car starts by itself, the second moves up.
        String freed = charging.stream().filter(s -> s.get("substationId").asString().equals(substation))
                .findFirst().orElseThrow().get("sessionId").asString();
        assertThat(client.delete(grid.chargeUrl() + "/charge/" + freed).status()).isEqualTo(200);
        JsonNode started = client.get(grid.chargeUrl() + first.location()).body();
        assertThat(started.get("status").asString()).isEqualTo("CHARGING");
        assertThat(started.get("allocatedKw").asDouble()).isEqualTo(POWER_KW);
        assertThat(started.get("startedAt").isNull()).isFalse();
        assertThat(client.get(grid.chargeUrl() + second.location()).body().get("position").asInt()).isEqualTo(1);

        // The second cancels: stopped, nothing delivered, and nobody waits any more.
        GridHttp.Reply cancelled = client.delete(grid.chargeUrl() + second.location());
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().get("status").asString()).isEqualTo("STOPPED");
        assertThat(cancelled.body().get("deliveredKwh").asDouble()).isZero();
        assertThat(client.get(grid.chargeUrl() + second.location()).body().get("status").asString())
                .isEqualTo("STOPPED");
        assertThat(client.loads(grid)).allSatisfy(load -> {
            assertThat(load.get("waiting").asInt()).isZero();
            assertThat(load.get("loadKw").asDouble()).isLessThanOrEqualTo(load.get("capacityKw").asDouble());
        });
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(waitingAt(substation)).isZero());
    }

    private static int waitingAt(String substation) {
        for (JsonNode s : client.get(grid.balancerUrl() + "/substations").body()) {
            if (s.get("id").asString().equals(substation)) {
                return s.get("waiting").asInt();
            }
        }
        throw new AssertionError("no substation " + substation);
    }
}
