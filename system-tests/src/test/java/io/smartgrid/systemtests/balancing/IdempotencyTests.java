package io.smartgrid.systemtests.balancing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.localgrid.GridSpec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Idempotency-Key} through the real grid: retries of one key, even concurrent ones, start one
 * session on one substation, and a key reused for a different request is refused.
 */
class IdempotencyTests {

    static final int RETRIES = 20;

    private static Grid grid;
    private final BalancingHttp http = new BalancingHttp();

    @BeforeAll
    static void startGrid() {
        grid = Grids.start(Grids.patient(GridSpec.onFreePorts(GridSpec.DEFAULT_CAPACITIES_KW, 60)));
    }

    @AfterAll
    static void stopGrid() {
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    void concurrentRetriesOfOneKeyStartOneSessionAndADifferentBodyIs422() throws Exception {
        int before = http.loads(grid).totalSessions();

        List<Burst.Sent> sent = Burst.send(RETRIES, RETRIES, i -> http.charge(grid.chargeUrl(), "retry-storm-1", "EV-7",
                11, Grids.LONG_ENERGY_KWH));

        assertThat(sent).allSatisfy(s -> assertThat(s.reply().status()).isEqualTo(201));
        List<String> ids = sent.stream().map(s -> s.reply().text("sessionId")).distinct().toList();
        assertThat(ids).as("session ids answered to %d concurrent retries", RETRIES).hasSize(1);
        String sessionId = ids.get(0);
        Loads loads = http.loads(grid);
        assertThat(loads.totalSessions() - before).as("sessions the substations hold: %s", loads).isOne();
        String substation = sessionId.substring(0, sessionId.indexOf('.'));
        assertThat(loads.sessions().get(substation)).isOne();
        assertThat(http.get(grid.chargeUrl() + "/charge/" + sessionId).body().get("status").asString()).isEqualTo("CHARGING");

        BalancingHttp.Reply later = http.charge(grid.chargeUrl(), "retry-storm-1", "EV-7", 11, Grids.LONG_ENERGY_KWH);
        assertThat(later.status()).isEqualTo(201);
        assertThat(later.text("sessionId")).isEqualTo(sessionId);

        BalancingHttp.Reply reused = http.charge(grid.chargeUrl(), "retry-storm-1", "EV-7", 22, Grids.LONG_ENERGY_KWH);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(reused.text("type")).isEqualTo("urn:smart-grid:problem:idempotency-key-reused");

        BalancingHttp.Reply otherKey = http.charge(grid.chargeUrl(), "retry-storm-2", "EV-7", 11, Grids.LONG_ENERGY_KWH);
        assertThat(otherKey.status()).isEqualTo(201);
        assertThat(otherKey.text("sessionId")).isNotEqualTo(sessionId);
        assertThat(http.loads(grid).totalSessions() - before).as("one session per key, none for the refused reuse").isEqualTo(2);
    }
}
