package io.smartgrid.substation.charging;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.smartgrid.substation.SubstationApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Draining over real HTTP: only with the operators' token, and then no new session while the old ones go on. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + SubstationApplication.NAME,
        "grid.substation.id=substation-drain",
        "grid.substation.capacity-kw=100",
        "grid.registration.token=" + DrainTests.TOKEN })
class DrainTests {

    static final String TOKEN = "test-drain-token";

    @LocalServerPort
    private int port;

    @Autowired
    private JsonMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void resume() throws Exception {
        send("DELETE", "/drain", null, TOKEN);
    }

    @Test
    void aDrainedSubstationRefusesNewSessionsAndKeepsItsOwn() throws Exception {
        HttpResponse<String> before = send("POST", "/sessions", "{\"vehicleId\":\"EV-1\",\"powerKw\":11}", null);
        assertThat(before.statusCode()).isEqualTo(201);
        String sessionId = json.readTree(before.body()).path("session").path("sessionId").asString();

        HttpResponse<String> drained = send("POST", "/drain", null, TOKEN);

        assertThat(drained.statusCode()).isEqualTo(200);
        assertThat(json.readTree(drained.body()).path("draining").asBoolean()).isTrue();
        assertThat(json.readTree(send("GET", "/load", null, null).body()).path("draining").asBoolean()).isTrue();

        HttpResponse<String> refused = send("POST", "/sessions", "{\"vehicleId\":\"EV-2\",\"powerKw\":11}", null);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:smart-grid:problem:substation-draining");
        assertThat(problem.path("load").path("draining").asBoolean()).isTrue();
        assertThat(problem.path("load").path("activeSessions").asInt()).isGreaterThanOrEqualTo(1);

        HttpResponse<String> stillCharging = send("GET", "/sessions/" + sessionId, null, null);
        assertThat(stillCharging.statusCode()).isEqualTo(200);
        assertThat(json.readTree(stillCharging.body()).path("session").path("status").asString()).isEqualTo("CHARGING");
        HttpResponse<String> stopped = send("DELETE", "/sessions/" + sessionId, null, null);
        assertThat(json.readTree(stopped.body()).path("session").path("status").asString()).isEqualTo("STOPPED");

        HttpResponse<String> resumed = send("DELETE", "/drain", null, TOKEN);
        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat(json.readTree(resumed.body()).path("draining").asBoolean()).isFalse();
        HttpResponse<String> after = send("POST", "/sessions", "{\"vehicleId\":\"EV-3\",\"powerKw\":11}", null);
        assertThat(after.statusCode()).isEqualTo(201);
        send("DELETE", "/sessions/" + json.readTree(after.body()).path("session").path("sessionId").asString(), null, null);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "POST, none", "POST, Bearer wrong", "POST, Basic " + TOKEN, "POST, " + TOKEN,
            "DELETE, none", "DELETE, Bearer wrong" })
    void drainCallsWithoutTheTokenAre401Problems(String method, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/drain"))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }

        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(json.readTree(response.body()).path("type").asString()).isEqualTo("urn:smart-grid:problem:unauthorized");
        assertThat(json.readTree(send("GET", "/load", null, null).body()).path("draining").asBoolean())
                .as("nothing changed").isFalse();
    }

    private HttpResponse<String> send(String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
