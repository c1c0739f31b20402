package io.smartgrid.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
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

/** Dead and hanging substations: taken out of rotation, and the request goes elsewhere. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + LoadBalancerApplication.NAME)
class GridFailureTests {

    private static final FakeSubstation STEADY = FakeSubstation.start("fake-a", 100);
    /** Stopped by one test and never started again. */
    private static final FakeSubstation DOOMED = FakeSubstation.start("fake-b", 100);
    /** The emptiest by far, so it is always chosen first. */
    private static final FakeSubstation BIG = FakeSubstation.start("fake-c", 1000);
    private static final List<FakeSubstation> ALL = List.of(STEADY, DOOMED, BIG);

    @DynamicPropertySource
    static void substations(DynamicPropertyRegistry registry) {
        FakeSubstation.configure(registry, ALL);
        registry.add("grid.balancer.poll-interval", () -> "50ms");
        registry.add("grid.balancer.read-timeout", () -> "300ms");
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
        STEADY.reset(100);
        DOOMED.reset(100);
        BIG.reset(1000);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode substations = http.substations();
            assertThat(substations.get(0).get("healthy").asBoolean()).isTrue();
            assertThat(substations.get(2).get("healthy").asBoolean()).isTrue();
        });
    }

    @Test
    void aStoppedSubstationIsTakenOutOfRotationAndRequestsGoElsewhere() {
        DOOMED.close();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(http.substations().get(1).get("healthy").asBoolean()).isFalse());
        BIG.alwaysFull(true);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> response = http.post("/sessions", "{\"vehicleId\":\"EV-" + i + "\",\"powerKw\":11}");

            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(BalancerHttp.json(response).get("substationId").asString()).isEqualTo("fake-a");
        }
        assertThat(meters.get("balancer.substation.healthy").tag("substation", "fake-b").gauge().value()).isZero();
        assertThat(http.get("/actuator/prometheus").body()).contains(
                "balancer_substation_healthy{application=\"load-balancer\",substation=\"fake-b\"} 0");
    }

    @Test
    void aSessionOnAnUnreachableSubstationAnswersGridUnavailable() {
        DOOMED.close();

        HttpResponse<String> response = http.get("/sessions/fake-b.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(BalancerHttp.json(response).get("type").asString())
                .isEqualTo("urn:smart-grid:problem:grid-unavailable");
    }

    @Test
    void aSubstationThatNeverAnswersTimesOutAndTheRequestGoesElsewhere() {
        BIG.hanging(true);
        double failedBefore = meters.get("balancer.assignments").tags("substation", "fake-c", "outcome", "failed")
                .counter().count();

        // Only the configured 300 ms read timeout lets this answer before the test client gives up.
        HttpResponse<String> response = http.post("/sessions", "{\"vehicleId\":\"EV-1\",\"powerKw\":11}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(BalancerHttp.json(response).get("substationId").asString()).isNotEqualTo("fake-c");
        assertThat(BIG.startCalls()).isEqualTo(1);
        assertThat(meters.get("balancer.assignments").tags("substation", "fake-c", "outcome", "failed").counter().count())
                .isEqualTo(failedBefore + 1);
    }
}
