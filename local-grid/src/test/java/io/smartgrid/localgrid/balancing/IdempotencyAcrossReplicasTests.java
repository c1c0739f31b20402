package io.smartgrid.localgrid.balancing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.localgrid.GridSpec;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two charge-request services (and two balancers) sharing their {@code Idempotency-Key}s in one PostgreSQL (embedded),
 * in front of the real substations; one client alternates between the charge services with the same key. The
 * substations hold one session for the key, and every reply names it.
 */
class IdempotencyAcrossReplicasTests {

    private static EmbeddedPostgres postgres;
    private static Grid grid;
    private final BalancingHttp http = new BalancingHttp();

    @BeforeAll
    static void startGrid() throws IOException {
        postgres = EmbeddedPostgres.start();
        grid = Grids.start(Grids.patient(GridSpec.onFreePorts(GridSpec.DEFAULT_CAPACITIES_KW, 60))
                .withBalancerReplicas(2)
                .with("grid.charge.idempotency.store", "jdbc")
                .with("grid.charge.idempotency.url", postgres.getJdbcUrl("postgres", "postgres"))
                .with("grid.charge.idempotency.username", "postgres")
                .with("grid.charge.idempotency.password", "postgres")
                // Longer than the patient grid's connect plus read timeout (42 s), as the configuration requires.
                .with("grid.charge.idempotency.lease", "60s"));
    }

    @AfterAll
    static void stopGrid() throws IOException {
        if (grid != null) {
            grid.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void retriesAlternatingBetweenTheChargeServicesStartOneSession() {
        List<String> charge = grid.chargeUrls();
        assertThat(charge).hasSize(2);
        String key = "alternating-" + UUID.randomUUID();
        int before = http.loads(grid).totalSessions();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            BalancingHttp.Reply reply = http.charge(charge.get(i % 2), key, "EV-8", 11, Grids.LONG_ENERGY_KWH);
            assertThat(reply.status()).as("try %d", i).isEqualTo(201);
            ids.add(reply.text("sessionId"));
        }

        assertThat(ids.stream().distinct()).hasSize(1);
        assertThat(http.loads(grid).totalSessions() - before).as("sessions the substations hold").isOne();
        BalancingHttp.Reply reused = http.charge(charge.get(1), key, "EV-8", 22, Grids.LONG_ENERGY_KWH);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.text("type")).isEqualTo("urn:smart-grid:problem:idempotency-key-reused");
    }

    @Test
    void concurrentRetriesOnBothChargeServicesStartOneSessionAndEveryReplyNamesIt() throws Exception {
        List<String> charge = grid.chargeUrls();
        String key = "concurrent-" + UUID.randomUUID();
        int before = http.loads(grid).totalSessions();

        List<Burst.Sent> sent = Burst.send(20, 20, i -> http.charge(charge.get(i % 2), key, "EV-9", 11,
                Grids.LONG_ENERGY_KWH));

        assertThat(sent).allSatisfy(s -> assertThat(s.reply().status()).isEqualTo(201));
        List<String> ids = sent.stream().map(s -> s.reply().text("sessionId")).distinct().toList();
        assertThat(ids).as("session ids answered to 20 concurrent retries on two services").hasSize(1);
        Loads loads = http.loads(grid);
        assertThat(loads.totalSessions() - before).as("sessions the substations hold: %s", loads).isOne();
    }
}
