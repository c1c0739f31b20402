package io.smartgrid.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Lookups and stops of a session whose substation is hung, down, or dropped from the view: {@code 503} with
 * {@code Retry-After} as problem+json while it cannot answer, never a {@code 500} nor a false {@code 404}; the same
 * calls succeed once it is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + LoadBalancerApplication.NAME,
        "grid.balancer.poll-interval=50ms",
        "grid.balancer.read-timeout=300ms",
        "grid.balancer.heartbeat-timeout=1s",
        "grid.registration.token=" + LookupThroughFaultsTests.TOKEN })
class LookupThroughFaultsTests {

    static final String TOKEN = "lookup-token";

    private static final FakeSubstation CONFIGURED = FakeSubstation.start("steady", 100);
    /** Registers itself in one test and then falls silent. */
    private static final FakeSubstation REGISTERED = FakeSubstation.start("roaming", 1000);

    @DynamicPropertySource
    static void substations(DynamicPropertyRegistry registry) {
        FakeSubstation.configure(registry, List.of(CONFIGURED));
    }

    @AfterAll
    static void stopFakes() {
        CONFIGURED.close();
        REGISTERED.close();
    }

    @LocalServerPort
    int port;

    BalancerHttp http;

    @BeforeEach
    void setUp() {
        http = new BalancerHttp(port);
        CONFIGURED.reset(100);
        REGISTERED.reset(1000);
        await().atMost(Duration.ofSeconds(10)).until(() -> http.substations().get(0).get("healthy").asBoolean());
    }

    @Test
    void aHungSubstationsSessionAnswers503UntilItIsBack() {
        String sessionId = start();
        CONFIGURED.lookupsHang(true);

        assertUnavailable(http.get("/sessions/" + sessionId));
        assertUnavailable(http.delete("/sessions/" + sessionId));

        CONFIGURED.lookupsHang(false);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(http.get("/sessions/" + sessionId).statusCode()).isEqualTo(200));
        HttpResponse<String> stopped = http.delete("/sessions/" + sessionId);
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(BalancerHttp.json(stopped).get("status").asString()).isEqualTo("STOPPED");
    }

    @Test
    void aSessionOfASubstationDroppedFromTheViewIsStillRoutedToIt() {
        HttpResponse<String> registered = http.send("POST", "/registrations",
                "{\"id\":\"roaming\",\"url\":\"" + REGISTERED.url() + "\",\"capacityKw\":1000}", TOKEN);
        assertThat(registered.statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(10)).until(() -> http.substations().size() == 2
                && http.substations().get(1).get("healthy").asBoolean());
        String sessionId = start();
        assertThat(sessionId).startsWith("roaming.");
        REGISTERED.lookupsHang(true);

        // No heartbeat: after 1 s it leaves the view, but its sessions live on in it.
        await().atMost(Duration.ofSeconds(10)).until(() -> http.substations().size() == 1);
        assertUnavailable(http.get("/sessions/" + sessionId));
        assertUnavailable(http.delete("/sessions/" + sessionId));

        REGISTERED.lookupsHang(false);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(http.delete("/sessions/" + sessionId).statusCode()).isEqualTo(200));
        assertThat(REGISTERED.sessionIds()).isEmpty();
        assertThat(http.get("/sessions/never-known.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11").statusCode())
                .as("a substation never known still names no session").isEqualTo(404);
    }

    private String start() {
        HttpResponse<String> created = http.post("/sessions", "{\"vehicleId\":\"EV-1\",\"powerKw\":11}");
        assertThat(created.statusCode()).isEqualTo(201);
        return BalancerHttp.json(created).get("sessionId").asString();
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        JsonNode problem = BalancerHttp.json(response);
        assertThat(problem.get("type").asString()).isEqualTo("urn:smart-grid:problem:grid-unavailable");
    }
}
