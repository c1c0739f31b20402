package io.smartgrid.systemtests.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.localgrid.GridSpec;
import io.smartgrid.systemtests.GridHttp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two charge-request services (and two balancers) sharing their {@code Idempotency-Key}s in one PostgreSQL (embedded),
 * in front of the real substations; one client alternates between the charge services with the same key. The
 * substations hold one session for the key, and every reply names it, also after a claim whose service died.
 */
class IdempotencyAcrossReplicasTests {

    private static EmbeddedPostgres postgres;
    private static Grid grid;
    private final GridHttp http = new GridHttp(Grids.REPLY_TIMEOUT);

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
        int before = new Loads(http.loads(grid)).totalSessions();

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            GridHttp.Reply reply = http.chargeWithKey(charge.get(i % 2), key, "EV-8", 11, Grids.LONG_ENERGY_KWH);
            assertThat(reply.status()).as("try %d", i).isEqualTo(201);
            ids.add(reply.text("sessionId"));
        }

        assertThat(ids.stream().distinct()).hasSize(1);
        assertThat(new Loads(http.loads(grid)).totalSessions() - before).as("sessions the substations hold").isOne();
        GridHttp.Reply reused = http.chargeWithKey(charge.get(1), key, "EV-8", 22, Grids.LONG_ENERGY_KWH);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.text("type")).isEqualTo("urn:smart-grid:problem:idempotency-key-reused");
    }

    @Test
    void concurrentRetriesOnBothChargeServicesStartOneSessionAndEveryReplyNamesIt() throws Exception {
        List<String> charge = grid.chargeUrls();
        String key = "concurrent-" + UUID.randomUUID();
        int before = new Loads(http.loads(grid)).totalSessions();

        List<Burst.Sent> sent = Burst.send(20, 20, i -> http.chargeWithKey(charge.get(i % 2), key, "EV-9", 11,
                Grids.LONG_ENERGY_KWH));

        assertThat(sent).allSatisfy(s -> assertThat(s.reply().status()).isEqualTo(201));
        List<String> ids = sent.stream().map(s -> s.reply().text("sessionId")).distinct().toList();
        assertThat(ids).as("session ids answered to 20 concurrent retries on two services").hasSize(1);
        Loads loads = new Loads(http.loads(grid));
        assertThat(loads.totalSessions() - before).as("sessions the substations hold: %s", loads).isOne();
    }

    @Test
    void aClaimWhoseServiceDiedAfterPlacingItsSessionIsTakenOverAndThatSessionTakenBack() throws Exception {
        List<String> charge = grid.chargeUrls();
        String key = "dead-claim-" + UUID.randomUUID();
        int before = new Loads(http.loads(grid)).totalSessions();
        GridHttp.Reply placed = http.chargeWithKey(charge.get(0), key, "EV-10", 11, Grids.LONG_ENERGY_KWH);
        assertThat(placed.status()).isEqualTo(201);
        String orphan = placed.text("sessionId");
        // As if that service had died after the balancer placed the session, before it stored the answer: the row
        // still claimed by it, its lease run out, the try's request id recorded.
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                PreparedStatement lapse = connection.prepareStatement("UPDATE idempotency_keys SET answer = NULL, "
                        + "claimed_by = '00000000-0000-0000-0000-00000000dead', lease_until = 0, request_ids = ? "
                        + "WHERE idempotency_key = ?")) {
            lapse.setString(1, orphan.substring(orphan.indexOf('.') + 1));
            lapse.setString(2, key);
            assertThat(lapse.executeUpdate()).isOne();
        }

        GridHttp.Reply retried = http.chargeWithKey(charge.get(1), key, "EV-10", 11, Grids.LONG_ENERGY_KWH);

        assertThat(retried.status()).isEqualTo(201);
        String survivor = retried.text("sessionId");
        assertThat(survivor).isNotEqualTo(orphan);
        // The takeover's first try superseded the orphan's id: the balancer stops it on its substation.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                http.get(charge.get(0) + "/charge/" + orphan).body().get("status").asString()).isEqualTo("STOPPED"));
        assertThat(http.get(charge.get(0) + "/charge/" + survivor).body().get("status").asString()).isEqualTo("CHARGING");
        assertThat(new Loads(http.loads(grid)).totalSessions() - before).as("sessions charging for the key").isOne();
        GridHttp.Reply again = http.chargeWithKey(charge.get(0), key, "EV-10", 11, Grids.LONG_ENERGY_KWH);
        assertThat(again.text("sessionId")).isEqualTo(survivor);
    }
}
