package io.smartgrid.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
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

/**
 * {@code grid.balancer.conditional-admission=false}: starts carry no ceiling, so a substation filled behind the
 * balancer's back still admits, as long as the session fits.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=" + LoadBalancerApplication.NAME,
                "grid.balancer.conditional-admission=false", "grid.balancer.poll-interval=1h" })
class ConditionalAdmissionOffTests {

    private static final FakeSubstation MEDIUM = FakeSubstation.start("fake-2", 200);
    private static final FakeSubstation LARGE = FakeSubstation.start("fake-3", 3000);
    private static final List<FakeSubstation> ALL = List.of(MEDIUM, LARGE);

    @DynamicPropertySource
    static void substations(DynamicPropertyRegistry registry) {
        FakeSubstation.configure(registry, ALL);
    }

    @AfterAll
    static void stopFakes() {
        ALL.forEach(FakeSubstation::close);
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void noCeilingIsSentAndAStaleViewGoesUncorrected() {
        BalancerHttp http = new BalancerHttp(port);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(http.substations())
                .hasSize(2).allSatisfy(s -> assertThat(s.get("healthy").asBoolean()).isTrue()));
        // Another balancer's sessions, which this one polled before they came and will not poll again for an hour.
        LARGE.preload(2000);

        HttpResponse<String> response = http.post("/sessions", "{\"vehicleId\":\"EV-1\",\"powerKw\":11}");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(BalancerHttp.json(response).get("substationId").asString()).isEqualTo("fake-3");
        assertThat(LARGE.ceilings()).hasSize(1).containsOnlyNulls();
        assertThat(LARGE.loadKw()).isEqualTo(2011);
        assertThat(meters.get("balancer.assignments").tags("substation", "fake-3", "outcome", "above-ceiling").counter()
                .count()).isZero();
    }
}
