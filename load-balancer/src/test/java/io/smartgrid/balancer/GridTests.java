package io.smartgrid.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import feign.Client;
import io.smartgrid.http.GridHttpClient;
import okhttp3.Protocol;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The balancer in front of three fake substations of different capacities, over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + LoadBalancerApplication.NAME)
class GridTests {

    private static final FakeSubstation SMALL = FakeSubstation.start("fake-1", 100);
    private static final FakeSubstation MEDIUM = FakeSubstation.start("fake-2", 200);
    private static final FakeSubstation LARGE = FakeSubstation.start("fake-3", 300);
    private static final List<FakeSubstation> ALL = List.of(SMALL, MEDIUM, LARGE);

    @DynamicPropertySource
    static void substations(DynamicPropertyRegistry registry) {
        FakeSubstation.configure(registry, ALL);
        registry.add("grid.balancer.poll-interval", () -> "50ms");
        registry.add("grid.balancer.retry-after", () -> "7s");
    }

    @AfterAll
    static void stopFakes() {
        ALL.forEach(FakeSubstation::close);
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    BalancerHttp http;

    @BeforeEach
    void resetGrid() {
        http = new BalancerHttp(port);
        SMALL.reset(100);
        MEDIUM.reset(200);
        LARGE.reset(300);
        awaitView(0, 0, 0);
    }

    @Test
    void placesASessionOnTheSubstationWithTheLowestUtilizationAfterTheRequest() {
        SMALL.preload(80);
        MEDIUM.preload(50);
        LARGE.preload(150);
        awaitView(80, 50, 150);

        HttpResponse<String> response = http.post("/sessions", "{\"vehicleId\":\"EV-42\",\"powerKw\":11,\"energyKwh\":20}");

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode session = BalancerHttp.json(response);
        assertThat(session.get("substationId").asString()).isEqualTo("fake-2");
        assertThat(session.get("sessionId").asString()).startsWith("fake-2.");
        assertThat(session.get("vehicleId").asString()).isEqualTo("EV-42");
        assertThat(session.get("status").asString()).isEqualTo("CHARGING");
        assertThat(response.headers().firstValue("Location")).hasValue("/sessions/" + session.get("sessionId").asString());
        assertThat(MEDIUM.loadKw()).isEqualTo(61);
    }

    @Test
    void appliesTheDefaultsOfTheChargeRequest() {
        HttpResponse<String> response = http.post("/sessions", "{\"vehicleId\":\"EV-7\"}");

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode session = BalancerHttp.json(response);
        assertThat(session.get("powerKw").asDouble()).isEqualTo(11);
        assertThat(session.get("energyKwh").asDouble()).isEqualTo(20);
    }

    @Test
    void spreadsABurstAcrossSubstationsByUtilization() {
        double aboveCeilingBefore = ALL.stream().mapToDouble(fake -> assignments(fake.id(), "above-ceiling"))
                .sum();
        List<String> placedOn = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            HttpResponse<String> response = http.post("/sessions", "{\"vehicleId\":\"EV-" + i + "\",\"powerKw\":10}");
            assertThat(response.statusCode()).isEqualTo(201);
            placedOn.add(BalancerHttp.json(response).get("substationId").asString());
        }

        // 240 kW over 600 kW of capacity in proportion: 40, 80 and 120 kW, within one request either way.
        assertThat(SMALL.loadKw()).isBetween(30.0, 50.0);
        assertThat(MEDIUM.loadKw()).isBetween(70.0, 90.0);
        assertThat(LARGE.loadKw()).isBetween(110.0, 130.0);
        assertThat(placedOn).containsOnly("fake-1", "fake-2", "fake-3");
        // Every start carried the runner-up's utilisation, and with one balancer, one request at a time, its view is
        // the truth: no substation ever refused for it.
        assertThat(ALL.stream().mapToInt(fake -> fake.ceilings().size()).sum()).isEqualTo(24);
        assertThat(ALL).allSatisfy(fake -> assertThat(fake.ceilings()).doesNotContainNull());
        assertThat(ALL.stream().mapToDouble(fake -> assignments(fake.id(), "above-ceiling")).sum())
                .isEqualTo(aboveCeilingBefore);
    }

    @Test
    void triesTheNextSubstationWhenOneAnswersFull() {
        LARGE.alwaysFull(true);
        double fullBefore = assignments("fake-3", "full");

        HttpResponse<String> response = http.post("/sessions", "{\"vehicleId\":\"EV-1\",\"powerKw\":11}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(BalancerHttp.json(response).get("substationId").asString()).isEqualTo("fake-2");
        assertThat(LARGE.startCalls()).isEqualTo(1);
        assertThat(assignments("fake-3", "full")).isEqualTo(fullBefore + 1);
    }

    @Test
    void answersGridFullWithRetryAfterWhenNoSubstationHasRoom() {
        SMALL.preload(95);
        MEDIUM.preload(195);
        LARGE.preload(295);
        awaitView(95, 195, 295);

        // A minimum of 6 kW fits nowhere: 95 + 6 > 100, 195 + 6 > 200, 295 + 6 > 300.
        HttpResponse<String> response = http.post("/sessions",
                "{\"vehicleId\":\"EV-1\",\"powerKw\":11,\"minPowerKw\":6}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(BalancerHttp.json(response).get("type").asString()).isEqualTo("urn:smart-grid:problem:grid-full");
        assertThat(ALL).allSatisfy(fake -> assertThat(fake.startCalls()).isZero());
    }

    @Test
    void aCarWhoseMaximumFitsNowhereIsOfferedWhereverItsMinimumFits() {
        SMALL.preload(95);
        MEDIUM.preload(195);
        LARGE.preload(295);
        awaitView(95, 195, 295);

        // No room for 11 kW anywhere, but the default minimum (1.4 kW) fits at each: each is asked in turn (these
        // fakes admit by maximum only, so each refuses).
        HttpResponse<String> response = http.post("/sessions", "{\"vehicleId\":\"EV-1\",\"powerKw\":11}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(ALL).allSatisfy(fake -> assertThat(fake.startCalls()).isEqualTo(1));
    }

    @Test
    void answersGridFullWhenEverySubstationItTriesIsFull() {
        ALL.forEach(fake -> fake.alwaysFull(true));

        HttpResponse<String> response = http.post("/sessions", "{\"vehicleId\":\"EV-1\",\"powerKw\":11}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(BalancerHttp.json(response).get("type").asString()).isEqualTo("urn:smart-grid:problem:grid-full");
        assertThat(ALL).allSatisfy(fake -> assertThat(fake.startCalls()).isEqualTo(1));
    }

    @Test
    void answersGridUnavailableWhenNoSubstationAnswers() {
        ALL.forEach(fake -> fake.failing(true));

        HttpResponse<String> response = http.post("/sessions", "{\"vehicleId\":\"EV-1\",\"powerKw\":11}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(BalancerHttp.json(response).get("type").asString())
                .isEqualTo("urn:smart-grid:problem:grid-unavailable");
        assertThat(response.body()).doesNotContain("Exception");
    }

    @Test
    void routesSessionLookupsAndStopsToTheSubstationNamedInTheId() {
        String sessionId = BalancerHttp.json(http.post("/sessions", "{\"vehicleId\":\"EV-9\",\"powerKw\":22}"))
                .get("sessionId").asString();

        HttpResponse<String> found = http.get("/sessions/" + sessionId);
        HttpResponse<String> stopped = http.delete("/sessions/" + sessionId);
        HttpResponse<String> gone = http.get("/sessions/" + sessionId);

        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(BalancerHttp.json(found).get("sessionId").asString()).isEqualTo(sessionId);
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(BalancerHttp.json(stopped).get("status").asString()).isEqualTo("STOPPED");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(BalancerHttp.json(gone).get("type").asString())
                .isEqualTo("urn:smart-grid:problem:session-not-found");
        assertThat(ALL.stream().mapToDouble(FakeSubstation::loadKw).sum()).isZero();
    }

    @Test
    void answersSessionNotFoundForMalformedIdsAndUnknownSubstations() {
        for (String id : List.of("no-dot-here", "nowhere.5b0c3b1e", "fake-1.", ".abc", "FAKE-1.abc")) {
            HttpResponse<String> response = http.get("/sessions/" + id);

            assertThat(response.statusCode()).as(id).isEqualTo(404);
            assertThat(BalancerHttp.json(response).get("type").asString()).as(id)
                    .isEqualTo("urn:smart-grid:problem:session-not-found");
        }
        assertThat(http.delete("/sessions/nowhere.5b0c3b1e").statusCode()).isEqualTo(404);
    }

    @Test
    void listsSubstationsInTheShapeOfThePublicContract() {
        SMALL.preload(25);
        awaitView(25, 0, 0);

        JsonNode substations = http.substations();

        assertThat(substations.size()).isEqualTo(3);
        JsonNode small = substations.get(0);
        // The contract's fields, plus whether it is draining and whether it registered itself.
        assertThat(small.propertyNames()).containsExactlyInAnyOrder(
                "id", "url", "capacityKw", "loadKw", "activeSessions", "utilization", "healthy", "lastUpdated",
                "draining", "registered", "demandKw", "waiting");
        assertThat(small.get("waiting").asInt()).as("a substation without a waitlist: nobody waits").isZero();
        assertThat(small.get("demandKw").asDouble()).as("a substation without sharing: demand is load").isEqualTo(25);
        assertThat(small.get("draining").asBoolean()).isFalse();
        assertThat(small.get("registered").asBoolean()).as("configured, not registered").isFalse();
        assertThat(small.get("id").asString()).isEqualTo("fake-1");
        assertThat(small.get("url").asString()).isEqualTo(SMALL.url().toString());
        assertThat(small.get("capacityKw").asDouble()).isEqualTo(100);
        assertThat(small.get("loadKw").asDouble()).isEqualTo(25);
        assertThat(small.get("utilization").asDouble()).isEqualTo(0.25);
        assertThat(small.get("healthy").asBoolean()).isTrue();
        assertThat(Instant.parse(small.get("lastUpdated").asString())).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void rejectsBadInputNamingEveryField() {
        HttpResponse<String> response = http.post("/sessions", "{\"vehicleId\":\"not valid!\",\"powerKw\":500,\"energyKwh\":0}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = BalancerHttp.json(response);
        assertThat(problem.get("type").asString()).isEqualTo("urn:smart-grid:problem:invalid-request");
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(error -> fields.add(error.get("field").asString()));
        assertThat(fields).containsExactly("energyKwh", "powerKw", "vehicleId");
    }

    @Test
    void exposesEveryBalancerMetricToPrometheus() {
        http.post("/sessions", "{\"vehicleId\":\"EV-1\"}");

        HttpResponse<String> response = http.get("/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains(
                "balancer_assignments_total{",
                "outcome=\"assigned\"",
                "balancer_decision_seconds_bucket{",
                "balancer_decision_seconds_count",
                "balancer_substation_healthy{",
                "balancer_substation_utilization_ratio{",
                "balancer_load_age_seconds{",
                "substation=\"fake-1\"",
                "http_server_requests_seconds_bucket{");
    }

    @Test
    void exposesOnlyHealthInfoAndPrometheusOfTheActuator() {
        assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(http.get("/actuator/info").statusCode()).isEqualTo(200);
        assertThat(http.get("/actuator/env").statusCode()).isEqualTo(404);
        assertThat(http.get("/no-such-page").statusCode()).isEqualTo(404);
    }

    @Test
    void callsSubstationsThroughOkHttpWithTheBalancersTimeouts(@Autowired Client feignClient) {
        // HTTP/1.1 here, as the fake substations speak nothing else (grid.http.h2c=false in the tests'
        // configuration); h2c by default.
        assertThat(feignClient).isInstanceOfSatisfying(GridHttpClient.class, client -> {
            assertThat(client.okHttp().protocols()).containsExactly(Protocol.HTTP_1_1);
            assertThat(client.okHttp().connectTimeoutMillis()).isEqualTo(250);
            assertThat(client.okHttp().readTimeoutMillis()).isEqualTo(2000);
            assertThat(client.okHttp().retryOnConnectionFailure()).isFalse();
        });
    }

    private double assignments(String substation, String outcome) {
        return meters.get("balancer.assignments").tags("substation", substation, "outcome", outcome).counter().count();
    }

    /** Waits until the balancer has polled the given loads from the three fakes and counts them all healthy. */
    private void awaitView(double small, double medium, double large) {
        double[] expected = { small, medium, large };
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode substations = http.substations();
            for (int i = 0; i < expected.length; i++) {
                assertThat(substations.get(i).get("healthy").asBoolean()).isTrue();
                assertThat(substations.get(i).get("loadKw").asDouble()).isEqualTo(expected[i]);
            }
        });
    }
}
