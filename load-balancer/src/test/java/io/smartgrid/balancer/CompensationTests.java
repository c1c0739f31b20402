package io.smartgrid.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A substation that admits a session but whose answer comes too late: the balancer places the request elsewhere (or
 * answers 503) and takes the late session back, by the id it chose, so that nothing charges unowned.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + LoadBalancerApplication.NAME)
class CompensationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The emptiest by far, so the request tries it first. */
    private static final FakeSubstation LATE = FakeSubstation.start("late", 1000);
    private static final FakeSubstation PROMPT = FakeSubstation.start("prompt", 100);
    private static final List<FakeSubstation> ALL = List.of(LATE, PROMPT);

    @DynamicPropertySource
    static void substations(DynamicPropertyRegistry registry) {
        FakeSubstation.configure(registry, ALL);
        registry.add("grid.balancer.poll-interval", () -> "50ms");
        registry.add("grid.balancer.read-timeout", () -> "1s");
        registry.add("grid.balancer.max-attempts", () -> "3");
        registry.add("grid.balancer.resilience.deadline", () -> "2500ms");
    }

    @AfterAll
    static void stopFakes() {
        ALL.forEach(FakeSubstation::close);
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aSessionAdmittedAfterTheReadTimeoutIsTakenBackByTheIdTheBalancerSent() throws Exception {
        LATE.reset(1000);
        PROMPT.reset(100);
        awaitBothHealthy();
        LATE.admitsThenHangs(true);

        HttpResponse<String> response = start("EV-1");

        // The late substation did admit, under the id the balancer chose and sent.
        assertThat(LATE.startCalls()).isEqualTo(1);
        List<String> admitted = LATE.sessionIds();
        assertThat(admitted).hasSize(1);
        String orphan = admitted.get(0);
        assertThat(orphan).matches("late\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(response.statusCode()).isIn(201, 503);
        if (response.statusCode() == 201) {
            JsonNode session = JSON.readTree(response.body());
            assertThat(session.get("substationId").asString()).isEqualTo("prompt");
            assertThat(session.get("sessionId").asString()).startsWith("prompt.").isNotEqualTo(orphan);
        }

        // Until it is taken back, the session is pending; an outcome is counted before it stops being pending.
        double pending = pending();
        double released = released();
        assertThat(pending + released).isEqualTo(1.0);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(LATE.deletes()).containsExactly(orphan);
            assertThat(LATE.sessionIds()).isEmpty();
            assertThat(LATE.loadKw()).isZero();
            assertThat(released()).isEqualTo(1.0);
            assertThat(pending()).isZero();
        });
        // The session that was answered is the caller's: nothing takes it back.
        assertThat(PROMPT.deletes()).isEmpty();
    }

    /** A start refused at a stopping substation's gate did nothing there: the next one is tried, nothing taken back. */
    @Test
    void aStartAStoppingSubstationRefusedUnhandledGoesElsewhereAndIsNotTakenBack() throws Exception {
        LATE.reset(1000);
        PROMPT.reset(100);
        awaitBothHealthy();
        LATE.stopping(true);
        try {
            HttpResponse<String> response = start("EV-2");

            assertThat(LATE.startCalls()).isEqualTo(1);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            assertThat(JSON.readTree(response.body()).get("substationId").asString()).isEqualTo("prompt");
            // A take-back would be sent 1 s after the failed start (Compensations' first wait); none comes.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                    .until(() -> LATE.deletes().isEmpty());
        }
        finally {
            LATE.stopping(false);
        }
    }

    /** {@code POST /sessions} of an 11 kW car wanting 20 kWh. */
    private HttpResponse<String> start(String vehicleId) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/sessions"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"vehicleId\":\"" + vehicleId + "\",\"powerKw\":11,\"energyKwh\":20}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private double pending() {
        return meters.get("balancer.compensations.pending").gauge().value();
    }

    private double released() {
        return meters.counter("balancer.compensations", "substation", "late", "outcome", "released").count();
    }

    private void awaitBothHealthy() {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode substations = JSON.readTree(http.send(HttpRequest.newBuilder(uri("/substations")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(substations).hasSize(2)
                    .allSatisfy(s -> assertThat(s.get("healthy").asBoolean()).isTrue());
        });
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
