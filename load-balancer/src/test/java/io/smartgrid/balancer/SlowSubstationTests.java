package io.smartgrid.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Substations whose session calls hang while their {@code GET /load} still answers, so that the poller keeps them in
 * rotation: only the deadline, the bulkhead and the circuit breaker stand between them and the request threads.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + LoadBalancerApplication.NAME)
// A fake's hung calls hold its threads until it closes: the test that hangs every substation goes last.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlowSubstationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final FakeSubstation SMALL_A = FakeSubstation.start("slow-a", 100);
    private static final FakeSubstation SMALL_B = FakeSubstation.start("slow-b", 100);
    /** The emptiest by far, so every request tries it first. */
    private static final FakeSubstation BIG = FakeSubstation.start("slow-c", 1000);
    private static final List<FakeSubstation> ALL = List.of(SMALL_A, SMALL_B, BIG);

    @DynamicPropertySource
    static void substations(DynamicPropertyRegistry registry) {
        FakeSubstation.configure(registry, ALL);
        registry.add("grid.balancer.poll-interval", () -> "50ms");
        registry.add("grid.balancer.read-timeout", () -> "2s");
        registry.add("grid.balancer.max-attempts", () -> "3");
        registry.add("grid.balancer.resilience.deadline", () -> "2500ms");
        registry.add("grid.balancer.resilience.bulkhead", () -> "2");
        // Out of the way here: these tests are about the deadline and the bulkhead.
        registry.add("grid.balancer.resilience.circuit-breaker.minimum-calls", () -> "1000");
        registry.add("grid.balancer.resilience.circuit-breaker.sliding-window", () -> "1000");
    }

    @AfterAll
    static void stopFakes() {
        ALL.forEach(FakeSubstation::close);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void everySubstationHealthy() {
        SMALL_A.reset(100);
        SMALL_B.reset(100);
        BIG.reset(1000);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode substations = JSON.readTree(http.send(HttpRequest.newBuilder(uri("/substations")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(substations).allSatisfy(s -> assertThat(s.get("healthy").asBoolean()).isTrue());
        });
    }

    @Test
    @Order(2)
    void whenEverySubstationHangsTheBalancerStillAnswersWithinItsCallersTimeout() throws Exception {
        ALL.forEach(fake -> fake.hanging(true));

        // Three attempts of 2 s each would take 6 s; the 2.5 s deadline ends the request long before the 4.5 s
        // this client waits (a margin for a busy machine, still well short of the 6 s).
        HttpResponse<String> response = http.send(post().timeout(Duration.ofMillis(4500)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(response.body()).get("type").asString())
                .isEqualTo("urn:smart-grid:problem:grid-unavailable");
    }

    @Test
    @Order(1)
    void aHangingSubstationHoldsNoMoreCallsThanItsBulkheadAndTheRestGoElsewhere() throws Exception {
        BIG.hanging(true);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> replies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                replies.add(clients.submit(() -> http.send(post().timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString())));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<HttpResponse<String>> reply : replies) {
                HttpResponse<String> response = reply.get();
                statuses.add(response.statusCode());
                if (response.statusCode() == 201) {
                    assertThat(JSON.readTree(response.body()).get("substationId").asString()).isNotEqualTo("slow-c");
                }
            }
            // The two calls let into the hanging substation time out; their requests then either find room
            // elsewhere within what is left of the deadline or get a clean 503. Every other request skipped it.
            assertThat(BIG.startCalls()).isBetween(1, 2);
            assertThat(statuses).isSubsetOf(201, 503);
            assertThat(statuses.stream().filter(status -> status == 201).count()).isGreaterThanOrEqualTo(6);
        }
        finally {
            clients.shutdownNow();
        }
    }

    private HttpRequest.Builder post() {
        return HttpRequest.newBuilder(uri("/sessions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"vehicleId\":\"EV-1\",\"powerKw\":11,\"energyKwh\":20}"));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
