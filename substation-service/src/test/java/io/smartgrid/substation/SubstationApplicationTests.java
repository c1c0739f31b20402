package io.smartgrid.substation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import io.smartgrid.substation.charging.ChargingStation;
import io.smartgrid.substation.charging.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.convention.TestBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The service over real HTTP, on a clock the test moves. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + SubstationApplication.NAME,
        "grid.substation.id=substation-test",
        "grid.substation.capacity-kw=100",
        "grid.substation.sweep-interval=20ms" })
class SubstationApplicationTests {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-21T08:00:00Z"));

    private static final List<String> METRICS = List.of("substation_load", "substation_load_kw",
            "substation_capacity_kw", "substation_utilization_ratio", "substation_sessions_started_total",
            "substation_sessions_completed_total", "substation_admissions_rejected_total",
            "substation_energy_delivered_kwh_total", "substation_admissions_above_ceiling_total", "substation_demand_kw",
            "substation_allocation_ratio", "substation_allocation_min_ratio");

    @TestBean
    private Clock clock;

    @LocalServerPort
    private int port;

    @Autowired
    private ChargingStation station;

    @Autowired
    private JsonMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Clock clock() {
        return CLOCK;
    }

    @BeforeEach
    void endEverySessionOfEarlierTests() {
        CLOCK.advance(Duration.ofDays(30));
        station.completeDue();
        assertThat(station.load().activeSessions()).isZero();
    }

    @Test
    void admitsGetsAndStopsSessionsOverHttp() throws Exception {
        HttpResponse<String> created = post("{\"vehicleId\": \"EV-42\", \"powerKw\": 40, \"energyKwh\": 20}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode body = json.readTree(created.body());
        String sessionId = body.path("session").path("sessionId").asString();
        assertThat(sessionId).matches("substation-test\\.[0-9a-f-]{36}");
        assertThat(created.headers().firstValue("Location")).hasValue("/sessions/" + sessionId);
        assertThat(body.path("load").path("loadKw").asDouble()).isEqualTo(40.0);
        long admittedVersion = body.path("load").path("version").asLong();

        CLOCK.advance(Duration.ofSeconds(6));
        HttpResponse<String> fetched = send("GET", "/sessions/" + sessionId, null);
        assertThat(fetched.statusCode()).isEqualTo(200);
        JsonNode session = json.readTree(fetched.body()).path("session");
        assertThat(session.path("status").asString()).isEqualTo("CHARGING");
        // 6 real seconds at 60x are 6 simulated minutes: 40 kW for 0.1 h.
        assertThat(session.path("deliveredKwh").asDouble()).isBetween(3.999, 4.001);

        HttpResponse<String> stopped = send("DELETE", "/sessions/" + sessionId, null);
        assertThat(stopped.statusCode()).isEqualTo(200);
        JsonNode stop = json.readTree(stopped.body());
        assertThat(stop.path("session").path("status").asString()).isEqualTo("STOPPED");
        assertThat(stop.path("load").path("loadKw").asDouble()).isZero();
        assertThat(stop.path("load").path("version").asLong()).isGreaterThan(admittedVersion);

        HttpResponse<String> load = send("GET", "/load", null);
        assertThat(load.statusCode()).isEqualTo(200);
        JsonNode report = json.readTree(load.body());
        assertThat(report.path("substationId").asString()).isEqualTo("substation-test");
        assertThat(report.path("capacityKw").asDouble()).isEqualTo(100.0);
        assertThat(report.path("activeSessions").asInt()).isZero();

        HttpResponse<String> missing = send("GET", "/sessions/substation-test.nothing", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(missing.body()).path("load").path("substationId").asString())
                .isEqualTo("substation-test");
    }

    @Test
    void refusesAMinimumThatWouldExceedTheCapacityAndSharesOtherwise() throws Exception {
        assertThat(post("{\"vehicleId\": \"EV-1\", \"powerKw\": 60, \"minPowerKw\": 60}").statusCode())
                .isEqualTo(201);

        HttpResponse<String> full = post("{\"vehicleId\": \"EV-2\", \"powerKw\": 41, \"minPowerKw\": 41}");

        assertThat(full.statusCode()).isEqualTo(409);
        JsonNode problem = json.readTree(full.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:smart-grid:problem:substation-full");
        assertThat(problem.path("load").path("loadKw").asDouble()).isEqualTo(60.0);
        // With the default minimum (1.4 kW) it fits, and gets what the first leaves.
        HttpResponse<String> shared = post("{\"vehicleId\": \"EV-3\", \"powerKw\": 41}");
        assertThat(shared.statusCode()).isEqualTo(201);
        JsonNode reply = json.readTree(shared.body());
        assertThat(reply.path("session").path("powerKw").asDouble()).isEqualTo(41.0);
        assertThat(reply.path("session").path("minPowerKw").asDouble()).isEqualTo(1.4);
        assertThat(reply.path("session").path("allocatedKw").asDouble()).isEqualTo(40.0);
        assertThat(reply.path("load").path("loadKw").asDouble()).isEqualTo(100.0);
        assertThat(reply.path("load").path("demandKw").asDouble()).isEqualTo(101.0);
        assertThat(reply.path("load").path("minimumKw").asDouble()).isEqualTo(61.4);
    }

    @Test
    void theSweepReleasesCompletedLoadWithoutAnyRequest() throws Exception {
        assertThat(post("{\"vehicleId\": \"EV-1\", \"powerKw\": 50, \"energyKwh\": 10}").statusCode()).isEqualTo(201);
        assertThat(station.lastLoad().loadKw()).isEqualTo(50.0);

        // 10 kWh at 50 kW is 12 simulated minutes, 12 real seconds at 60x.
        CLOCK.advance(Duration.ofSeconds(12));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(station.lastLoad().loadKw()).isZero();
            assertThat(station.lastLoad().activeSessions()).isZero();
        });
    }

    @Test
    void prometheusShowsEverySubstationMetricWithItsLabel() throws Exception {
        post("{\"vehicleId\": \"EV-1\", \"powerKw\": 30}");
        post("{\"vehicleId\": \"EV-2\", \"powerKw\": 300, \"minPowerKw\": 300}");

        HttpResponse<String> scrape = send("GET", "/actuator/prometheus", null);

        assertThat(scrape.statusCode()).isEqualTo(200);
        for (String metric : METRICS) {
            Pattern line = Pattern.compile("(?m)^" + metric + "\\{[^}]*substation=\"substation-test\"[^}]*} \\S+$");
            assertThat(scrape.body()).as(metric).containsPattern(line);
        }
        assertThat(scrape.body()).containsPattern(
                "(?m)^substation_capacity_kw\\{[^}]*substation=\"substation-test\"[^}]*} 100\\.0$");
        assertThat(scrape.body()).containsPattern(
                "(?m)^substation_load_kw\\{[^}]*substation=\"substation-test\"[^}]*} 30\\.0$");
        assertThat(scrape.body()).contains("http_server_requests_seconds_bucket");
    }

    @Test
    void actuatorExposesOnlyHealthInfoAndPrometheus() throws Exception {
        assertThat(send("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/info", null).statusCode()).isEqualTo(200);
        for (String hidden : List.of("/actuator/env", "/actuator/beans", "/actuator/metrics",
                "/actuator/configprops", "/actuator/heapdump")) {
            assertThat(send("GET", hidden, null).statusCode()).as(hidden).isEqualTo(404);
        }
    }

    @Test
    void malformedJsonIsAProblemWithoutInternals() throws Exception {
        HttpResponse<String> response = post("{\"vehicleId\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("urn:smart-grid:problem:invalid-request").doesNotContain("jackson")
                .doesNotContain("Exception");
    }

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return send("POST", "/sessions", body);
    }

    private HttpResponse<String> send(String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body != null ? HttpRequest.BodyPublishers.ofString(body)
                : HttpRequest.BodyPublishers.noBody());
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
