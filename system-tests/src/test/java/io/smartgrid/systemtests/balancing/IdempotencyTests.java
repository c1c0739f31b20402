package io.smartgrid.systemtests.balancing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.localgrid.GridSpec;
import io.smartgrid.systemtests.GridHttp;

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
    private final GridHttp http = new GridHttp(Grids.REPLY_TIMEOUT);

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
        int before = new Loads(http.loads(grid)).totalSessions();

        List<Burst.Sent> sent = Burst.send(RETRIES, RETRIES, i -> http.chargeWithKey(grid.chargeUrl(), "retry-storm-1", "EV-7",
                11, Grids.LONG_ENERGY_KWH));

        assertThat(sent).allSatisfy(s -> assertThat(s.reply().status()).isEqualTo(201));
        List<String> ids = sent.stream().map(s -> s.reply().text("sessionId")).distinct().toList();
        assertThat(ids).as("session ids answered to %d concurrent retries", RETRIES).hasSize(1);
        String sessionId = ids.get(0);
        Loads loads = new Loads(http.loads(grid));
        assertThat(loads.totalSessions() - before).as("sessions the substations hold: %s", loads).isOne();
        String substation = sessionId.substring(0, sessionId.indexOf('.'));
        assertThat(loads.sessions().get(substation)).isOne();
        assertThat(http.get(grid.chargeUrl() + "/charge/" + sessionId).body().get("status").asString()).isEqualTo("CHARGING");

        GridHttp.Reply later = http.chargeWithKey(grid.chargeUrl(), "retry-storm-1", "EV-7", 11, Grids.LONG_ENERGY_KWH);
        assertThat(later.status()).isEqualTo(201);
        assertThat(later.text("sessionId")).isEqualTo(sessionId);

        GridHttp.Reply reused = http.chargeWithKey(grid.chargeUrl(), "retry-storm-1", "EV-7", 22, Grids.LONG_ENERGY_KWH);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(reused.text("type")).isEqualTo("urn:smart-grid:problem:idempotency-key-reused");

        GridHttp.Reply otherKey = http.chargeWithKey(grid.chargeUrl(), "retry-storm-2", "EV-7", 11, Grids.LONG_ENERGY_KWH);
        assertThat(otherKey.status()).isEqualTo(201);
        assertThat(otherKey.text("sessionId")).isNotEqualTo(sessionId);
        assertThat(new Loads(http.loads(grid)).totalSessions() - before).as("one session per key, none for the refused reuse").isEqualTo(2);
    }
}
