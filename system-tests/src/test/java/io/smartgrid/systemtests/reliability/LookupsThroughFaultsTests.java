package io.smartgrid.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.localgrid.GridSpec;
import io.smartgrid.systemtests.GridHttp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET} and {@code DELETE /charge/{id}} of a session whose substation hangs or is out, through the public API
 * and both balancers: {@code 503} problem+json with a retry time while it cannot answer, never a {@code 500} nor a
 * false {@code 404}; the same calls succeed once it is back.
 */
class LookupsThroughFaultsTests {

    private static final String TOKEN = "lookup-faults-operator-token";

    private static Grid grid;
    private static final GridHttp client = new GridHttp();

    @BeforeAll
    static void startGrid() {
        grid = Grid.start(GridSpec.onFreePorts(List.of(600.0), 60).withBalancerReplicas(2)
                .with("grid.balancer.poll-interval", "200ms")
                .with("grid.registration.token", TOKEN));
    }

    @AfterAll
    static void stopGrid() {
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    void aHungSubstationsSessionAnswers503UntilItAnswersAgain() {
        client.awaitAllHealthy(grid);
        String sessionId = start("EV-HUNG");
        assertThat(operator("POST", "{\"mode\":\"HANG\"}").status()).isEqualTo(200);

        assertUnavailable(client.get(grid.chargeUrl() + "/charge/" + sessionId));
        assertUnavailable(client.delete(grid.chargeUrl() + "/charge/" + sessionId));

        assertThat(operator("DELETE", null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(client.get(grid.chargeUrl() + "/charge/" + sessionId).status()).isEqualTo(200));
        GridHttp.Reply stopped = client.delete(grid.chargeUrl() + "/charge/" + sessionId);
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.body().get("status").asString()).isEqualTo("STOPPED");
    }

    @Test
    void aSubstationOutsSessionAnswers503UntilItIsBack() {
        client.awaitAllHealthy(grid);
        String sessionId = start("EV-OUT");
        assertThat(operator("POST", "{\"mode\":\"OUTAGE\",\"durationSeconds\":10}").status()).isEqualTo(200);

        // The port closes a second after the answer to the operator, so that the answer gets out first.
        await().atMost(Duration.ofSeconds(8)).untilAsserted(() ->
                assertUnavailable(client.get(grid.chargeUrl() + "/charge/" + sessionId)));
        assertUnavailable(client.delete(grid.chargeUrl() + "/charge/" + sessionId));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(client.delete(grid.chargeUrl() + "/charge/" + sessionId).status()).isEqualTo(200));
    }

    private String start(String vehicleId) {
        GridHttp.Reply created = client.charge(grid.chargeUrl(), vehicleId, 11, 200);
        assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        return created.body().get("sessionId").asString();
    }

    private static void assertUnavailable(GridHttp.Reply reply) {
        assertThat(reply.status()).as("%s", reply.body()).isEqualTo(503);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().get("type").asString()).isEqualTo("urn:smart-grid:problem:grid-unavailable");
        assertThat(reply.body().get("retryAfterSeconds").asInt()).isPositive();
    }

    private GridHttp.Reply operator(String method, String body) {
        String url = grid.substations().get(0).url() + "/admin/faults";
        return method.equals("POST") ? client.post(url, body, TOKEN) : client.deleteAsOperator(url, TOKEN);
    }
}
