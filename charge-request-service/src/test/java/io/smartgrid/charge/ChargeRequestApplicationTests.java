package io.smartgrid.charge;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import feign.Client;
import io.smartgrid.http.GridHttpClient;
import okhttp3.Protocol;
import org.springframework.cloud.openfeign.loadbalancer.FeignBlockingLoadBalancerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The service over real HTTP, calling a fake balancer over real HTTP through Feign. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "spring.config.name=" + ChargeRequestApplication.NAME, "grid.charge.read-timeout=500ms" })
class ChargeRequestApplicationTests {

    static final FakeBalancer balancer = FakeBalancer.start();

    @DynamicPropertySource
    static void balancerUrl(DynamicPropertyRegistry registry) {
        registry.add("grid.charge.balancer-url", balancer::url);
    }

    @AfterAll
    static void stopBalancer() {
        balancer.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final JsonMapper json = JsonMapper.shared();

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sessionIsStartedReadAndStoppedThroughTheBalancer() throws Exception {
        HttpResponse<String> created = send("POST", "/charge", "{\"vehicleId\": \"EV-42\", \"energyKwh\": 30}");

        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode session = json.readTree(created.body());
        String id = session.path("sessionId").asString();
        assertThat(id).startsWith("substation-1.");
        assertThat(created.headers().firstValue("Location")).hasValue("/charge/" + id);
        assertThat(session.path("vehicleId").asString()).isEqualTo("EV-42");
        assertThat(session.path("substationId").asString()).isEqualTo("substation-1");
        assertThat(session.path("powerKw").asDouble()).isEqualTo(11.0);
        assertThat(session.path("energyKwh").asDouble()).isEqualTo(30.0);
        assertThat(session.path("status").asString()).isEqualTo("CHARGING");
        assertThat(session.path("startedAt").asString()).isNotEmpty();

        FakeBalancer.Received forwarded = balancer.received().stream()
                .filter(r -> r.method().equals("POST") && r.body().contains("EV-42")).findFirst().orElseThrow();
        assertThat(forwarded.path()).isEqualTo("/sessions");
        assertThat(forwarded.contentType()).startsWith("application/json");
        JsonNode wire = json.readTree(forwarded.body());
        assertThat(wire.path("powerKw").asDouble()).isEqualTo(11.0);
        assertThat(wire.path("energyKwh").asDouble()).isEqualTo(30.0);
        assertThat(wire.path("requestId").asString()).as("chosen before the first try").matches("[0-9a-f-]{36}");
        assertThat(wire.has("supersedes")).as("nothing to take back on a first try").isFalse();

        HttpResponse<String> read = send("GET", "/charge/" + id, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json.readTree(read.body()).path("status").asString()).isEqualTo("CHARGING");
        assertThat(json.readTree(read.body()).has("deliveredKwh")).isTrue();

        HttpResponse<String> stopped = send("DELETE", "/charge/" + id, null);
        assertThat(stopped.statusCode()).isEqualTo(200);
        assertThat(json.readTree(stopped.body()).path("status").asString()).isEqualTo("STOPPED");
        assertThat(json.readTree(stopped.body()).path("endedAt").asString()).isNotEmpty();
    }

    @Test
    void unknownSessionIsNotFound() throws Exception {
        HttpResponse<String> response = send("GET", "/charge/substation-1.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11", null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).path("type").asString())
                .isEqualTo("urn:smart-grid:problem:session-not-found");
    }

    @Test
    void malformedSessionIdNeverReachesTheBalancer() throws Exception {
        int before = balancer.received().size();

        for (String path : new String[] { "/charge/..%2F..%2Fetc", "/charge/%2e%2e%2fsessions",
                "/charge/substation-1.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11%2F..",
                "/charge/substation-1.5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11%5C..", "/charge/%C3%A9v" }) {
            HttpResponse<String> response = send("GET", path, null);

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(json.readTree(response.body()).path("type").asString()).as(path)
                    .isEqualTo("urn:smart-grid:problem:session-not-found");
        }
        assertThat(balancer.received()).hasSize(before);
    }

    @Test
    void fullGridIsPassedOnWithTheBalancersRetryAfter() throws Exception {
        HttpResponse<String> response = send("POST", "/charge", "{\"vehicleId\": \"FULL-1\"}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("9");
        assertThat(json.readTree(response.body()).path("type").asString())
                .isEqualTo("urn:smart-grid:problem:grid-full");
    }

    @Test
    void balancerThatNeverAnswersIsGridUnavailable() throws Exception {
        HttpResponse<String> response = send("POST", "/charge", "{\"vehicleId\": \"SLOW-1\"}");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(json.readTree(response.body()).path("type").asString())
                .isEqualTo("urn:smart-grid:problem:grid-unavailable");
        assertThat(response.body()).doesNotContain("timed out", "Exception");
    }

    @Test
    void idempotencyKeyReplaysOverHttp() throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/charge"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Idempotency-Key", "order-7781")
                .POST(HttpRequest.BodyPublishers.ofString("{\"vehicleId\": \"EV-7\"}"));

        HttpResponse<String> first = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> second = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(json.readTree(second.body()).path("sessionId").asString())
                .isEqualTo(json.readTree(first.body()).path("sessionId").asString());
        assertThat(balancer.received().stream().filter(r -> r.body().contains("EV-7"))).hasSize(1);
    }

    @Test
    void badInputIsAProblemWithoutInternals() throws Exception {
        HttpResponse<String> response = send("POST", "/charge", "{\"vehicleId\": \"EV-1\", \"powerKw\": \"abc\"");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("urn:smart-grid:problem:invalid-request")
                .doesNotContain("Exception", "tools.jackson", "at [Source");
    }

    @Test
    void prometheusShowsChargeRequestsByOutcomeAndTheLatencyHistogram() throws Exception {
        send("POST", "/charge", "{\"vehicleId\": \"EV-9\"}");

        HttpResponse<String> scrape = send("GET", "/actuator/prometheus", null);

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).containsPattern("charge_requests_total\\{[^}]*outcome=\"created\"[^}]*} [1-9]")
                .contains("outcome=\"grid_full\"")
                .containsPattern("http_server_requests_seconds_bucket\\{[^}]*uri=\"/charge\"");
    }

    @Test
    void actuatorExposesOnlyHealthInfoAndPrometheus() throws Exception {
        JsonNode links = json.readTree(send("GET", "/actuator", null).body()).path("_links");

        assertThat(links.propertyNames()).containsExactlyInAnyOrder("self", "health", "health-path", "info",
                "prometheus");
        assertThat(send("GET", "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        for (String hidden : new String[] { "env", "beans", "metrics", "configprops", "heapdump", "threaddump" }) {
            assertThat(send("GET", "/actuator/" + hidden, null).statusCode()).as(hidden).isEqualTo(404);
        }
    }

    @Test
    void feignCallsOnOkHttpWithTheServicesTimeouts() {
        // Spring Cloud LoadBalancer chooses the replica, OkHttp makes the call: on HTTP/1.1 here, as the fake balancer
        // speaks nothing else (grid.http.h2c=false in the tests' configuration); h2c by default.
        assertThat(context.getBean(Client.class)).isInstanceOfSatisfying(FeignBlockingLoadBalancerClient.class,
                client -> assertThat(client.getDelegate()).isInstanceOfSatisfying(GridHttpClient.class, okHttp -> {
                    assertThat(okHttp.okHttp().protocols()).containsExactly(Protocol.HTTP_1_1);
                    assertThat(okHttp.okHttp().connectTimeoutMillis()).isEqualTo(250);
                    assertThat(okHttp.okHttp().readTimeoutMillis()).isEqualTo(500);
                    assertThat(okHttp.okHttp().callTimeoutMillis()).isEqualTo(750);
                    assertThat(okHttp.okHttp().retryOnConnectionFailure()).isFalse();
                }));
    }
}
