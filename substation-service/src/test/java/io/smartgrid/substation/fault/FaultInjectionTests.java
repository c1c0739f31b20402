package io.smartgrid.substation.fault;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.smartgrid.substation.SubstationApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The simulated faults over real HTTP: what a caller of the data endpoints sees, and how the operator heals them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + SubstationApplication.NAME,
        "grid.substation.id=substation-faulty",
        "grid.substation.faults.hang-limit=20s",
        "grid.registration.token=" + FaultInjectionTests.TOKEN })
class FaultInjectionTests {

    static final String TOKEN = "test-operator-token";

    @LocalServerPort
    private int port;

    @Autowired
    private Faults faults;

    @Autowired
    private JsonMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void heal() {
        faults.heal();
    }

    @Test
    void operatorCallsWithoutTheRightTokenAre401ProblemsAndChangeNothing() throws Exception {
        for (String authorization : new String[] { null, "", "Bearer", "Bearer wrong", "Basic " + TOKEN, TOKEN,
                "Bearer " + TOKEN + "x" }) {
            for (String method : new String[] { "GET", "POST", "DELETE" }) {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri("/admin/faults"))
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString("{\"mode\":\"ERROR\"}"));
                if (authorization != null) {
                    request.header("Authorization", authorization);
                }
                HttpResponse<String> response = send(request);
                assertThat(response.statusCode()).as("%s with %s", method, authorization).isEqualTo(401);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
                assertThat(json.readTree(response.body()).path("type").asString())
                        .isEqualTo("urn:smart-grid:problem:unauthorized");
            }
        }
        assertThat(faults.status().mode()).isNull();
        assertThat(send(get("/load")).statusCode()).isEqualTo(200);
    }

    @Test
    void errorModeAnswers500ProblemsOnTheDataEndpointsWhileAdminAndActuatorStillAnswer() throws Exception {
        HttpResponse<String> injected = admin("POST", "{\"mode\":\"ERROR\"}");
        assertThat(injected.statusCode()).isEqualTo(200);
        assertThat(json.readTree(injected.body()).path("mode").asString()).isEqualTo("ERROR");

        for (HttpRequest.Builder request : new HttpRequest.Builder[] { get("/load"), post("/sessions", "{\"vehicleId\":\"EV-1\"}"),
                get("/sessions/substation-faulty.x") }) {
            HttpResponse<String> response = send(request);
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json.readTree(response.body()).path("type").asString()).isEqualTo("urn:smart-grid:problem:internal");
        }
        assertThat(send(get("/actuator/health")).statusCode()).isEqualTo(200);
        assertThat(json.readTree(admin("GET", null).body()).path("mode").asString()).isEqualTo("ERROR");

        HttpResponse<String> healed = admin("DELETE", null);
        assertThat(healed.statusCode()).isEqualTo(200);
        assertThat(json.readTree(healed.body()).path("mode").isNull()).isTrue();
        assertThat(send(get("/load")).statusCode()).isEqualTo(200);
    }

    @Test
    void hangModeHoldsDataCallsWithoutAnswerUntilHealedThenFailsThemWithoutAdmitting() throws Exception {
        long sessionsBefore = json.readTree(send(get("/load")).body()).path("activeSessions").asLong();
        assertThat(admin("POST", "{\"mode\":\"HANG\"}").statusCode()).isEqualTo(200);

        assertThatThrownBy(() -> http.send(get("/load").timeout(Duration.ofMillis(500)).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
        CompletableFuture<HttpResponse<String>> held = http.sendAsync(
                post("/sessions", "{\"vehicleId\":\"EV-held\"}").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        // The admin endpoint answers while data calls hang, so the operator can always heal.
        assertThat(admin("GET", null).statusCode()).isEqualTo(200);
        assertThat(held).isNotDone();

        assertThat(admin("DELETE", null).statusCode()).isEqualTo(200);
        HttpResponse<String> released = held.get();
        assertThat(released.statusCode()).isEqualTo(500);
        assertThat(released.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode load = json.readTree(send(get("/load")).body());
        assertThat(load.path("activeSessions").asLong()).isEqualTo(sessionsBefore);
    }

    @Test
    void anOutageRefusesConnectionsAndHealsByItselfAfterItsDuration() throws Exception {
        HttpResponse<String> injected = admin("POST", "{\"mode\":\"OUTAGE\",\"durationSeconds\":3}");
        assertThat(injected.statusCode()).isEqualTo(200);
        assertThat(json.readTree(injected.body()).path("until").isNull()).isFalse();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThatThrownBy(() -> send(get("/load"))).isInstanceOf(ConnectException.class));
        await().atMost(Duration.ofSeconds(15)).ignoreExceptions().untilAsserted(() -> assertThat(send(get("/load")).statusCode()).isEqualTo(200));
        assertThat(faults.status().mode()).isNull();
    }

    @Test
    void badFaultRequestsAre400ProblemsNamingTheField() throws Exception {
        for (String body : new String[] { "{}", "{\"mode\":\"MELTDOWN\"}", "{\"mode\":\"HANG\",\"durationSeconds\":0}",
                "{\"mode\":\"ERROR\",\"durationSeconds\":99999}", "not json" }) {
            HttpResponse<String> response = admin("POST", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json.readTree(response.body()).path("errors").get(0).path("field").asString())
                    .isIn("mode", "durationSeconds", "body");
        }
        assertThat(faults.status().mode()).isNull();
    }

    private HttpResponse<String> admin(String method, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/admin/faults"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(request);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
