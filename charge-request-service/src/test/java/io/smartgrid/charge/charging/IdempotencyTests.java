package io.smartgrid.charge.charging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartgrid.charge.ChargeProperties;
import io.smartgrid.charge.client.BalancerApi;
import io.smartgrid.charge.client.BalancerClient;
import io.smartgrid.charge.client.BalancerReplicas;
import io.smartgrid.charge.client.BalancerSession;
import io.smartgrid.charge.client.GridUnavailableException;
import io.smartgrid.charge.client.SessionRequest;
import io.smartgrid.http.edge.ProblemType;
import tools.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

@WebMvcTest(controllers = ChargeController.class, properties = "spring.config.name=charge-request-service")
@Import({ ChargeService.class, IdempotencyConfiguration.class, BalancerClient.class, BalancerReplicas.class, ChargeMetrics.class,
        IdempotencyTests.Config.class })
class IdempotencyTests {

    @TestConfiguration
    @EnableConfigurationProperties(ChargeProperties.class)
    static class Config {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    BalancerApi balancer;

    /** Keys are unique per test: the store lives as long as the shared context. */
    final String key = "key-" + UUID.randomUUID();

    static BalancerSession newSession(SessionRequest request) {
        return new BalancerSession("substation-1." + UUID.randomUUID(), request.vehicleId(), "substation-1",
                request.powerKw(), request.energyKwh(), 0.0, "CHARGING", Instant.parse("2026-11-21T08:00:00Z"), null);
    }

    MvcTestResult post(String idempotencyKey, String body) {
        return mvc.post().uri("/charge").header(ChargeController.IDEMPOTENCY_KEY, idempotencyKey)
                .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    static String sessionId(MvcTestResult result) throws Exception {
        assertThat(result).hasStatus(201);
        return JsonMapper.shared().readTree(result.getResponse().getContentAsString()).path("sessionId").asString();
    }

    @Test
    void sameKeyAndBodyReturnTheSameSessionFromOneBalancerCall() throws Exception {
        given(balancer.start(any())).willAnswer(call -> newSession(call.getArgument(0)));

        MvcTestResult first = post(key, "{\"vehicleId\": \"EV-1\", \"powerKw\": 22}");
        MvcTestResult second = post(key, "{\"vehicleId\": \"EV-1\", \"powerKw\": 22}");

        assertThat(sessionId(second)).isEqualTo(sessionId(first));
        assertThat(second).hasHeader("Location", "/charge/" + sessionId(first));
        verify(balancer, times(1)).start(any());
    }

    @Test
    void omittedDefaultsAndSpelledOutDefaultsAreTheSameRequest() throws Exception {
        given(balancer.start(any())).willAnswer(call -> newSession(call.getArgument(0)));

        MvcTestResult first = post(key, "{\"vehicleId\": \"EV-1\"}");
        MvcTestResult second = post(key, "{\"vehicleId\": \"EV-1\", \"powerKw\": 11, \"energyKwh\": 20.0}");

        assertThat(sessionId(second)).isEqualTo(sessionId(first));
        verify(balancer, times(1)).start(any());
    }

    @Test
    void differentKeysStartDifferentSessions() throws Exception {
        given(balancer.start(any())).willAnswer(call -> newSession(call.getArgument(0)));

        MvcTestResult first = post(key, "{\"vehicleId\": \"EV-1\"}");
        MvcTestResult second = post(key + "-other", "{\"vehicleId\": \"EV-1\"}");

        assertThat(sessionId(second)).isNotEqualTo(sessionId(first));
        verify(balancer, times(2)).start(any());
    }

    @Test
    void sameKeyWithADifferentBodyIsRejected() {
        given(balancer.start(any())).willAnswer(call -> newSession(call.getArgument(0)));
        post(key, "{\"vehicleId\": \"EV-1\"}");

        MvcTestResult reused = post(key, "{\"vehicleId\": \"EV-2\"}");

        assertThat(reused).hasStatus(422).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(reused).bodyJson().extractingPath("$.type")
                .isEqualTo(ProblemType.IDEMPOTENCY_KEY_REUSED.uri().toString());
        verify(balancer, times(1)).start(any());
    }

    @Test
    void failedAttemptIsNotRememberedSoTheClientCanRetry() {
        given(balancer.start(any()))
                .willThrow(new GridUnavailableException(ProblemType.GRID_FULL, Duration.ofSeconds(3), null))
                .willAnswer(call -> newSession(call.getArgument(0)));

        MvcTestResult refused = post(key, "{\"vehicleId\": \"EV-1\"}");
        MvcTestResult retried = post(key, "{\"vehicleId\": \"EV-1\"}");

        assertThat(refused).hasStatus(503).hasHeader("Retry-After", "3");
        assertThat(retried).hasStatus(201);
        verify(balancer, times(2)).start(any());
    }

    @Test
    void concurrentRetriesOfOneKeyStartOneSession() throws Exception {
        int clients = 20;
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch ready = new CountDownLatch(clients);
        given(balancer.start(any())).willAnswer(call -> {
            // Hold the first attempt open until every client is on its way, so that the others
            // arrive while it is still in flight.
            release.await(30, TimeUnit.SECONDS);
            return newSession(call.getArgument(0));
        });
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<MvcTestResult>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                results.add(pool.submit(() -> {
                    ready.countDown();
                    return post(key, "{\"vehicleId\": \"EV-1\"}");
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> mockingDetails(balancer).getInvocations().size() == 1);
            release.countDown();

            List<String> ids = new ArrayList<>();
            for (Future<MvcTestResult> result : results) {
                ids.add(sessionId(result.get(30, TimeUnit.SECONDS)));
            }
            assertThat(ids).hasSize(clients);
            assertThat(ids.stream().collect(Collectors.toSet())).hasSize(1);
            verify(balancer, times(1)).start(any());
        }
        finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "   ", "schlüssel", "tab\tkey", "line\nbreak" })
    void malformedKeyIsInvalid(String badKey) {
        MvcTestResult result = post(badKey, "{\"vehicleId\": \"EV-1\"}");

        assertThat(result).hasStatus(400).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray()
                .containsExactly(ChargeController.IDEMPOTENCY_KEY);
        verifyNoInteractions(balancer);
    }

    @Test
    void keyOf129CharactersIsInvalidAndOf128IsFine() {
        given(balancer.start(any())).willAnswer(call -> newSession(call.getArgument(0)));

        assertThat(post("k".repeat(129), "{\"vehicleId\": \"EV-1\"}")).hasStatus(400);
        assertThat(post((key + "~".repeat(128)).substring(0, 128), "{\"vehicleId\": \"EV-1\"}"))
                .hasStatus(201);
    }
}
