package io.smartgrid.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Each start carries the runner-up's utilisation as a ceiling; a substation that another balancer filled behind this
 * one's back refuses under it, and the request is chosen for again. The balancer polls once at start-up and then not
 * for an hour, so that its view changes only through replies: each test gets a fresh balancer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + LoadBalancerApplication.NAME)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
class ConditionalAdmissionTests {

    private static final FakeSubstation SMALL = FakeSubstation.start("fake-1", 100);
    private static final FakeSubstation MEDIUM = FakeSubstation.start("fake-2", 200);
    private static final FakeSubstation LARGE = FakeSubstation.start("fake-3", 3000);
    private static final List<FakeSubstation> ALL = List.of(SMALL, MEDIUM, LARGE);
    private static final String ELEVEN_KW = "{\"vehicleId\":\"EV-1\",\"powerKw\":11,\"energyKwh\":20}";

    @DynamicPropertySource
    static void substations(DynamicPropertyRegistry registry) {
        FakeSubstation.configure(registry, ALL);
        registry.add("grid.balancer.poll-interval", () -> "1h");
        registry.add("grid.balancer.max-attempts", () -> "3");
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
    void awaitTheFirstPoll() {
        http = new BalancerHttp(port);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(http.substations())
                .hasSize(3).allSatisfy(s -> assertThat(s.get("healthy").asBoolean()).isTrue()));
    }

    /** Empty again before the next test's balancer takes its one poll. */
    @AfterEach
    void resetFakes() {
        SMALL.reset(100);
        MEDIUM.reset(200);
        LARGE.reset(3000);
    }

    @Test
    void aSubstationFilledBehindTheBalancersBackRefusesAndTheRequestGoesToTheRunnerUp() {
        // Another balancer's sessions: 2,000 kW this one has not heard of.
        LARGE.preload(2000);

        HttpResponse<String> response = http.post("/sessions", ELEVEN_KW);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(BalancerHttp.json(response).get("substationId").asString()).isEqualTo("fake-2");
        // Empty in view, the large one came first, with the medium one's (0 + 11) / 200 as its ceiling.
        assertThat(LARGE.ceilings()).containsExactly(11.0 / 200);
        assertThat(LARGE.sessionIds()).as("nothing admitted on refusal").isEmpty();
        // Its true load came back with the refusal: (2,000 + 11) / 3,000 is out of the running, so the medium one
        // went next, with the small one's (0 + 11) / 100 as its ceiling.
        assertThat(MEDIUM.ceilings()).containsExactly(11.0 / 100);
        assertThat(MEDIUM.loadKw()).isEqualTo(11);
        JsonNode large = http.substations().get(2);
        assertThat(large.get("loadKw").asDouble()).as("the view, corrected by the refusal").isEqualTo(2000);
        assertThat(large.get("healthy").asBoolean()).as("a refusal is no failure").isTrue();
        assertThat(assignments("fake-3", "above-ceiling")).isEqualTo(1);
        assertThat(assignments("fake-3", "failed")).isZero();
        assertThat(assignments("fake-3", "full")).isZero();
        assertThat(assignments("fake-2", "assigned")).isEqualTo(1);
    }

    @Test
    void afterMaxAttemptsRefusalsTheLastTryGoesWithoutACeilingAndIsAdmitted() {
        LARGE.alwaysAboveCeiling(true);
        List<String> placedOn = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = http.post("/sessions", ELEVEN_KW);
            assertThat(response.statusCode()).isEqualTo(201);
            placedOn.add(BalancerHttp.json(response).get("substationId").asString());
        }

        // Still the emptiest after each refusal, so chosen again; three refusals, then a try with no ceiling.
        List<Double> perRequest = new ArrayList<>(Collections.nCopies(3, 11.0 / 200));
        perRequest.add(null);
        List<Double> expected = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            expected.addAll(perRequest);
        }
        assertThat(placedOn).containsOnly("fake-3");
        assertThat(LARGE.ceilings()).containsExactlyElementsOf(expected);
        assertThat(assignments("fake-3", "above-ceiling")).isEqualTo(12);
        assertThat(assignments("fake-3", "assigned")).isEqualTo(4);
        // Twelve refusals in sixteen calls would have opened the circuit had they counted as failures.
        assertThat(assignments("fake-3", "failed")).isZero();
        assertThat(http.substations().get(2).get("healthy").asBoolean()).isTrue();
        assertThat(SMALL.startCalls() + MEDIUM.startCalls()).isZero();
    }

    @Test
    void whenNoOtherSubstationHasRoomNoCeilingIsSent() {
        // 250 kW fit only the large one: there is no runner-up to compare with.
        HttpResponse<String> response = http.post("/sessions", "{\"vehicleId\":\"EV-1\",\"powerKw\":250}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(BalancerHttp.json(response).get("substationId").asString()).isEqualTo("fake-3");
        assertThat(LARGE.ceilings()).hasSize(1).containsOnlyNulls();
    }

    private double assignments(String substation, String outcome) {
        return meters.get("balancer.assignments").tags("substation", substation, "outcome", outcome).counter().count();
    }
}
