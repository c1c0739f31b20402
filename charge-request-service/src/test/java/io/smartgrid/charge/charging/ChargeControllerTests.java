package io.smartgrid.charge.charging;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import feign.FeignException;
import feign.Request;
import feign.RetryableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartgrid.charge.ChargeProperties;
import io.smartgrid.charge.client.BalancerApi;
import io.smartgrid.charge.client.BalancerClient;
import io.smartgrid.charge.client.BalancerReplicas;
import io.smartgrid.charge.client.BalancerSession;
import io.smartgrid.charge.client.GridUnavailableException;
import io.smartgrid.charge.client.SessionNotFoundException;
import io.smartgrid.charge.client.SessionRequest;
import io.smartgrid.http.edge.ProblemType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

@WebMvcTest(controllers = ChargeController.class, properties = "spring.config.name=charge-request-service")
@Import({ ChargeService.class, IdempotencyConfiguration.class, BalancerClient.class, BalancerReplicas.class, ChargeMetrics.class,
        ChargeControllerTests.Config.class })
class ChargeControllerTests {

    static final String SESSION_ID = "substation-2.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11";
    static final Instant STARTED = Instant.parse("2026-11-21T08:00:00Z");

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

    @Autowired
    MeterRegistry registry;

    @MockitoBean
    BalancerApi balancer;

    /** The same request, whatever request id the client gave it for its try. */
    static SessionRequest same(SessionRequest expected) {
        return org.mockito.ArgumentMatchers.argThat(request -> request != null
                && request.vehicleId().equals(expected.vehicleId()) && request.powerKw() == expected.powerKw()
                && request.energyKwh() == expected.energyKwh() && request.requestId() != null);
    }

    static BalancerSession session(String id, SessionRequest request, String status) {
        return new BalancerSession(id, request.vehicleId(), id.substring(0, id.indexOf('.')), request.powerKw(),
                request.energyKwh(), 0.0, status, STARTED, null);
    }

    MvcTestResult post(String body) {
        return mvc.post().uri("/charge").contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    /** The context, and so the registry, is shared between tests: compare against a count taken before. */
    Map<String, Double> before;

    @BeforeEach
    void countOutcomes() {
        before = new HashMap<>();
        registry.get("charge.requests").counters()
                .forEach(counter -> before.put(counter.getId().getTag("outcome"), counter.count()));
    }

    double outcome(String outcome) {
        return registry.get("charge.requests").tag("outcome", outcome).counter().count()
                - before.getOrDefault(outcome, 0.0);
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("missing vehicleId", "{\"powerKw\": 11}", "vehicleId"),
                Arguments.of("empty vehicleId", "{\"vehicleId\": \"\"}", "vehicleId"),
                Arguments.of("blank vehicleId", "{\"vehicleId\": \"   \"}", "vehicleId"),
                Arguments.of("null vehicleId", "{\"vehicleId\": null}", "vehicleId"),
                Arguments.of("vehicleId of 65 characters", "{\"vehicleId\": \"" + "a".repeat(65) + "\"}", "vehicleId"),
                Arguments.of("vehicleId with a space", "{\"vehicleId\": \"EV 42\"}", "vehicleId"),
                Arguments.of("vehicleId with a slash", "{\"vehicleId\": \"../etc/passwd\"}", "vehicleId"),
                Arguments.of("vehicleId with non-ASCII letters", "{\"vehicleId\": \"EV-ä42\"}", "vehicleId"),
                Arguments.of("vehicleId as an object", "{\"vehicleId\": {\"id\": 1}}", "vehicleId"),
                Arguments.of("powerKw 0", "{\"vehicleId\": \"EV-1\", \"powerKw\": 0}", "powerKw"),
                Arguments.of("powerKw 351", "{\"vehicleId\": \"EV-1\", \"powerKw\": 351}", "powerKw"),
                Arguments.of("powerKw negative", "{\"vehicleId\": \"EV-1\", \"powerKw\": -11}", "powerKw"),
                Arguments.of("powerKw not a number", "{\"vehicleId\": \"EV-1\", \"powerKw\": \"abc\"}", "powerKw"),
                Arguments.of("powerKw NaN", "{\"vehicleId\": \"EV-1\", \"powerKw\": \"NaN\"}", "powerKw"),
                Arguments.of("powerKw an array", "{\"vehicleId\": \"EV-1\", \"powerKw\": [11]}", "powerKw"),
                Arguments.of("energyKwh 0", "{\"vehicleId\": \"EV-1\", \"energyKwh\": 0}", "energyKwh"),
                Arguments.of("energyKwh 0.05", "{\"vehicleId\": \"EV-1\", \"energyKwh\": 0.05}", "energyKwh"),
                Arguments.of("energyKwh 201", "{\"vehicleId\": \"EV-1\", \"energyKwh\": 201}", "energyKwh"),
                Arguments.of("energyKwh Infinity", "{\"vehicleId\": \"EV-1\", \"energyKwh\": \"Infinity\"}", "energyKwh"),
                Arguments.of("minPowerKw above powerKw", "{\"vehicleId\": \"EV-1\", \"powerKw\": 7, \"minPowerKw\": 7.4}",
                        "minPowerKw"),
                Arguments.of("minPowerKw above the default powerKw", "{\"vehicleId\": \"EV-1\", \"minPowerKw\": 12}",
                        "minPowerKw"),
                Arguments.of("minPowerKw 0.5", "{\"vehicleId\": \"EV-1\", \"minPowerKw\": 0.5}", "minPowerKw"),
                Arguments.of("minPowerKw NaN", "{\"vehicleId\": \"EV-1\", \"minPowerKw\": \"NaN\"}", "minPowerKw"),
                Arguments.of("departureAt in the past",
                        "{\"vehicleId\": \"EV-1\", \"departureAt\": \"2020-01-01T00:00:00Z\"}", "departureAt"),
                Arguments.of("departureAt not an instant", "{\"vehicleId\": \"EV-1\", \"departureAt\": \"at six\"}",
                        "departureAt"),
                Arguments.of("departureAt an array", "{\"vehicleId\": \"EV-1\", \"departureAt\": []}", "departureAt"),
                Arguments.of("malformed JSON", "{\"vehicleId\": \"EV-1\",", "body"),
                Arguments.of("not JSON at all", "vehicleId=EV-1", "body"),
                Arguments.of("empty body", "", "body"),
                Arguments.of("JSON null", "null", "body"),
                Arguments.of("array body", "[{\"vehicleId\": \"EV-1\"}]", "body"),
                Arguments.of("string body", "\"EV-1\"", "body"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badChargeRequestIsAProblemNamingTheField(String description, String body, String field) {
        MvcTestResult result = post(body);

        assertThat(result).hasStatus(400).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(ProblemType.INVALID_REQUEST.uri().toString());
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(400);
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().contains(field);
        assertThat(result).bodyJson().extractingPath("$.errors[*].message").asArray().isNotEmpty();
        verifyNoInteractions(balancer);
    }

    @Test
    void everyOffendingFieldIsNamed() {
        MvcTestResult result = post("{\"vehicleId\": \"EV 42\", \"powerKw\": 0, \"energyKwh\": 500}");

        assertThat(result).hasStatus(400);
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray()
                .containsExactlyInAnyOrder("vehicleId", "powerKw", "energyKwh");
        assertThat(outcome("invalid")).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_XML_VALUE,
            MediaType.APPLICATION_FORM_URLENCODED_VALUE })
    void wrongContentTypeIsUnsupported(String contentType) {
        MvcTestResult result = mvc.post().uri("/charge").contentType(contentType)
                .content("{\"vehicleId\": \"EV-1\"}").exchange();

        assertThat(result).hasStatus(415).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        verifyNoInteractions(balancer);
    }

    @Test
    void omittedNumbersTakeTheirDefaults() {
        SessionRequest expected = new SessionRequest("EV-42", 11, 20);
        given(balancer.start(same(expected))).willReturn(session(SESSION_ID, expected, "CHARGING"));

        MvcTestResult result = post("{\"vehicleId\": \"EV-42\"}");

        assertThat(result).hasStatus(201).hasHeader(HttpHeaders.LOCATION, "/charge/" + SESSION_ID);
        assertThat(result).bodyJson().extractingPath("$.sessionId").isEqualTo(SESSION_ID);
        assertThat(result).bodyJson().extractingPath("$.substationId").isEqualTo("substation-2");
        assertThat(result).bodyJson().extractingPath("$.vehicleId").isEqualTo("EV-42");
        assertThat(result).bodyJson().extractingPath("$.powerKw").isEqualTo(11.0);
        assertThat(result).bodyJson().extractingPath("$.energyKwh").isEqualTo(20.0);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("CHARGING");
        assertThat(result).bodyJson().extractingPath("$.startedAt").isEqualTo("2026-11-21T08:00:00Z");
        verify(balancer).start(same(expected));
        assertThat(outcome("created")).isEqualTo(1);
    }

    @Test
    void powerSharingFieldsArePassedOnAndEveryBadOneIsNamedWithTheOthers() {
        Instant departure = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        SessionRequest expected = new SessionRequest("EV-9", 22, 30, 6.0, departure);
        given(balancer.start(same(expected))).willReturn(session(SESSION_ID, expected, "CHARGING"));

        MvcTestResult result = post("{\"vehicleId\": \"EV-9\", \"powerKw\": 22, \"energyKwh\": 30, "
                + "\"minPowerKw\": 6, \"departureAt\": \"" + departure + "\"}");

        assertThat(result).hasStatus(201);
        verify(balancer).start(same(expected));

        MvcTestResult bad = post("{\"vehicleId\": \"EV 9\", \"powerKw\": 5, \"minPowerKw\": 6, "
                + "\"departureAt\": \"2020-01-01T00:00:00Z\"}");
        assertThat(bad).hasStatus(400);
        assertThat(bad).bodyJson().extractingPath("$.errors[*].field").asArray()
                .containsExactlyInAnyOrder("vehicleId", "minPowerKw", "departureAt");
    }

    @Test
    void aClientThatPrefersToRespondAsyncWaitsOnAWaitlistAndGetsAcceptedWithTheLocation() {
        SessionRequest expected = new SessionRequest("EV-8", 11, 20);
        given(balancer.start(org.mockito.ArgumentMatchers.argThat(request -> request != null
                && Boolean.TRUE.equals(request.waitlist()) && request.vehicleId().equals("EV-8"))))
                .willReturn(new BalancerSession(SESSION_ID, "EV-8", "substation-2", 11, 20, 0.0,
                        BalancerSession.WAITING, null, null, 1.4, null, 0.0, null, 2, STARTED.plusSeconds(90)));

        MvcTestResult result = mvc.post().uri("/charge").contentType(MediaType.APPLICATION_JSON)
                .header("Prefer", "wait=10, Respond-Async").content("{\"vehicleId\": \"EV-8\"}").exchange();

        assertThat(result).hasStatus(202).hasHeader(HttpHeaders.LOCATION, "/charge/" + SESSION_ID)
                .hasHeader("Preference-Applied", "respond-async");
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("WAITING");
        assertThat(result).bodyJson().extractingPath("$.position").isEqualTo(2);
        assertThat(result).bodyJson().extractingPath("$.estimatedStartAt").isEqualTo("2026-11-21T08:01:30Z");
        assertThat(result).bodyJson().extractingPath("$.startedAt").isNull();
        verify(balancer, org.mockito.Mockito.never()).start(org.mockito.ArgumentMatchers.argThat(
                request -> request != null && request.waitlist() == null));
        assertThat(expected.waitlist()).isNull();
        // A car told to wait has no charging session yet: it is not counted as created.
        assertThat(outcome("waiting")).isEqualTo(1);
        assertThat(outcome("created")).isZero();
    }

    @Test
    void onlyARespondAsyncPreferenceAsksToWait() {
        assertThat(ChargeController.respondAsync(null)).isFalse();
        assertThat(ChargeController.respondAsync(List.of("return=minimal", "wait=5"))).isFalse();
        assertThat(ChargeController.respondAsync(List.of("respond-asynchronously"))).isFalse();
        assertThat(ChargeController.respondAsync(List.of("respond-async"))).isTrue();
        assertThat(ChargeController.respondAsync(List.of("return=minimal, RESPOND-ASYNC; x=1"))).isTrue();
        assertThat(ChargeController.respondAsync(List.of("wait=5", " respond-async "))).isTrue();
    }

    @Test
    void givenNumbersArePassedOn() {
        SessionRequest expected = new SessionRequest("EV_7.x", 350, 0.1);
        given(balancer.start(same(expected))).willReturn(session(SESSION_ID, expected, "CHARGING"));

        MvcTestResult result = post("{\"vehicleId\": \"EV_7.x\", \"powerKw\": 350, \"energyKwh\": 0.1}");

        assertThat(result).hasStatus(201);
        assertThat(result).bodyJson().extractingPath("$.powerKw").isEqualTo(350.0);
        verify(balancer).start(same(expected));
    }

    @Test
    void fullGridIsPassedOnWithItsRetryAfter() {
        given(balancer.start(any())).willThrow(
                new GridUnavailableException(ProblemType.GRID_FULL, Duration.ofSeconds(7), null));

        MvcTestResult result = post("{\"vehicleId\": \"EV-1\"}");

        assertThat(result).hasStatus(503).hasHeader(HttpHeaders.RETRY_AFTER, "7")
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(ProblemType.GRID_FULL.uri().toString());
        assertThat(outcome("grid_full")).isEqualTo(1);
    }

    @Test
    void unreachableBalancerIsGridUnavailableWithTheConfiguredRetryAfter() {
        Request request = Request.create(Request.HttpMethod.POST, "http://balancer/sessions", Map.of(),
                null, null, null);
        given(balancer.start(any())).willThrow(
                new RetryableException(-1, "Connection refused", Request.HttpMethod.POST, (Long) null, request));

        MvcTestResult result = post("{\"vehicleId\": \"EV-1\"}");

        assertThat(result).hasStatus(503).hasHeader(HttpHeaders.RETRY_AFTER, "5");
        assertThat(result).bodyJson().extractingPath("$.type")
                .isEqualTo(ProblemType.GRID_UNAVAILABLE.uri().toString());
        assertThat(result).bodyText().doesNotContain("Connection refused");
        assertThat(outcome("unavailable")).isEqualTo(1);
    }

    @Test
    void unexpectedFailureIsAGenericInternalProblem() {
        given(balancer.start(any())).willThrow(new IllegalStateException("secret internals"));

        MvcTestResult result = post("{\"vehicleId\": \"EV-1\"}");

        assertThat(result).hasStatus(500).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(ProblemType.INTERNAL.uri().toString());
        assertThat(result).bodyText().doesNotContain("secret", "IllegalStateException", "at io.smartgrid");
        assertThat(outcome("error")).isEqualTo(1);
    }

    @Test
    void sessionIsRead() {
        BalancerSession charging = session(SESSION_ID, new SessionRequest("EV-1", 11, 20), "COMPLETED");
        given(balancer.get(SESSION_ID)).willReturn(charging);

        MvcTestResult result = mvc.get().uri("/charge/{id}", SESSION_ID).exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("COMPLETED");
        assertThat(result).bodyJson().extractingPath("$.deliveredKwh").isEqualTo(0.0);
    }

    @Test
    void sessionIsStopped() {
        BalancerSession stopped = session(SESSION_ID, new SessionRequest("EV-1", 11, 20), "STOPPED");
        given(balancer.stop(SESSION_ID)).willReturn(stopped);

        MvcTestResult result = mvc.delete().uri("/charge/{id}", SESSION_ID).exchange();

        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("STOPPED");
        assertThat(outcome("stopped")).isEqualTo(1);
    }

    @Test
    void unknownSessionIsNotFound() {
        given(balancer.get(SESSION_ID)).willThrow(new SessionNotFoundException());
        given(balancer.stop(SESSION_ID)).willThrow(new SessionNotFoundException());

        for (MvcTestResult result : new MvcTestResult[] { mvc.get().uri("/charge/{id}", SESSION_ID).exchange(),
                mvc.delete().uri("/charge/{id}", SESSION_ID).exchange() }) {
            assertThat(result).hasStatus(404).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(result).bodyJson().extractingPath("$.type")
                    .isEqualTo(ProblemType.SESSION_NOT_FOUND.uri().toString());
        }
        assertThat(outcome("not_found")).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = { "not-a-session", "substation-2", "substation-2.", ".5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11",
            "Substation-2.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11", "substation-2.5B0C3B1E-3F5E-4B8E-9A59-2C1D7A0E6F11",
            "substation-2.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11.x", "substation-2.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f1",
            "-substation.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11", "..", "...", "%2e%2e", "..%2f..%2fetc%2fpasswd",
            "substation-ü.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11", "substation-2.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11%00",
            "substation-2.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11 ", "a23456789012345678901234567890123.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11",
            "substation-2.5b0c3b1e_3f5e_4b8e_9a59_2c1d7a0e6f11", "'; DROP TABLE sessions;--", "<script>" })
    void malformedSessionIdIsNotFoundWithoutAskingTheBalancer(String sessionId) {
        for (MvcTestResult result : new MvcTestResult[] { mvc.get().uri("/charge/{id}", sessionId).exchange(),
                mvc.delete().uri("/charge/{id}", sessionId).exchange() }) {
            assertThat(result).hasStatus(404).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(result).bodyJson().extractingPath("$.type")
                    .isEqualTo(ProblemType.SESSION_NOT_FOUND.uri().toString());
        }
        verify(balancer, never()).get(anyString());
        verify(balancer, never()).stop(anyString());
    }

    @Test
    void pathsBelowASessionAreNotFound() {
        MvcTestResult result = mvc.get().uri("/charge/" + SESSION_ID + "/../../actuator").exchange();

        assertThat(result).hasStatus(404);
        verifyNoInteractions(balancer);
    }

    @Test
    void balancerFailureWhileReadingIsGridUnavailable() {
        given(balancer.get(SESSION_ID)).willThrow(FeignException.errorStatus("get",
                feign.Response.builder().status(502).reason("Bad Gateway")
                        .request(Request.create(Request.HttpMethod.GET, "http://balancer/sessions/x",
                                Map.of(), null, null, null))
                        .headers(Map.of()).build()));

        MvcTestResult result = mvc.get().uri("/charge/{id}", SESSION_ID).exchange();

        assertThat(result).hasStatus(503).hasHeader(HttpHeaders.RETRY_AFTER, "5");
    }
}
