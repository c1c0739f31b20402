package io.smartgrid.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Self-registration over real HTTP: a balancer with no configured substations learns them from
 * {@code POST /registrations}, keeps them while heartbeats come, and forgets them when they stop or leave.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + LoadBalancerApplication.NAME,
        // Empty, as Compose sets it: only substations that register themselves are known.
        "grid.balancer.substations=",
        "grid.balancer.poll-interval=50ms",
        "grid.balancer.heartbeat-timeout=2s",
        "grid.registration.token=" + RegistrationTests.TOKEN })
class RegistrationTests {

    static final String TOKEN = "test-registration-token";

    private static final FakeSubstation NORTH = FakeSubstation.start("north", 100);
    private static final FakeSubstation SOUTH = FakeSubstation.start("south", 1000);

    @LocalServerPort
    int port;

    BalancerHttp http;

    private final List<String> registered = new ArrayList<>();
    /** Ids the test keeps alive with a heartbeat every 250 ms, as a real substation would. */
    private final Set<String> alive = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService heartbeats;

    @AfterAll
    static void stopFakes() {
        NORTH.close();
        SOUTH.close();
    }

    @BeforeEach
    void setUp() {
        http = new BalancerHttp(port);
        NORTH.reset(100);
        SOUTH.reset(1000);
        heartbeats = Executors.newSingleThreadScheduledExecutor();
        heartbeats.scheduleWithFixedDelay(() -> alive.forEach(id ->
                http.send("PUT", "/registrations/" + id + "/heartbeat", null, TOKEN)), 250, 250, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void deregisterAll() {
        heartbeats.shutdownNow();
        registered.forEach(id -> http.send("DELETE", "/registrations/" + id, null, TOKEN));
        await().atMost(Duration.ofSeconds(10)).until(() -> http.substations().isEmpty());
    }

    @Test
    void startsWithNoSubstationsWhenNoneAreConfigured() {
        assertThat(http.substations()).isEmpty();
        HttpResponse<String> response = http.post("/sessions", "{\"vehicleId\":\"EV-1\",\"powerKw\":11}");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(BalancerHttp.json(response).get("type").asString()).isEqualTo("urn:smart-grid:problem:grid-unavailable");
    }

    @Test
    void aRegisteredSubstationIsListedAndChosen() {
        HttpResponse<String> created = register(NORTH);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/registrations/north");
        JsonNode body = BalancerHttp.json(created);
        assertThat(body.get("id").asString()).isEqualTo("north");
        assertThat(body.get("url").asString()).isEqualTo(NORTH.url().toString());
        assertThat(body.get("heartbeatTimeoutMillis").asLong()).isEqualTo(2000);
        awaitHealthy("north");
        JsonNode view = http.substations().get(0);
        assertThat(view.get("registered").asBoolean()).isTrue();
        assertThat(view.get("draining").asBoolean()).isFalse();
        assertThat(view.get("capacityKw").asDouble()).isEqualTo(100);

        HttpResponse<String> session = http.post("/sessions", "{\"vehicleId\":\"EV-1\",\"powerKw\":11}");

        assertThat(session.statusCode()).isEqualTo(201);
        assertThat(BalancerHttp.json(session).get("substationId").asString()).isEqualTo("north");
        assertThat(NORTH.startCalls()).isEqualTo(1);
    }

    @Test
    void registeringAgainIsIdempotentAndANewUrlReplacesTheOld() {
        assertThat(register(NORTH).statusCode()).isEqualTo(201);
        assertThat(register(NORTH).statusCode()).isEqualTo(200);
        assertThat(http.substations()).hasSize(1);

        // The same id, now answering at SOUTH's address: the balancer follows the new url.
        HttpResponse<String> moved = http.send("POST", "/registrations",
                registration("north", SOUTH.url().toString(), 100), TOKEN);

        assertThat(moved.statusCode()).isEqualTo(200);
        JsonNode substations = http.substations();
        assertThat(substations).hasSize(1);
        assertThat(substations.get(0).get("url").asString()).isEqualTo(SOUTH.url().toString());
    }

    @Test
    void heartbeatsKeepASubstationAndSilenceDropsIt() {
        register(NORTH);
        awaitHealthy("north");
        assertThat(http.send("PUT", "/registrations/north/heartbeat", null, TOKEN).statusCode()).isEqualTo(200);
        alive.remove("north");

        // No more heartbeats: gone once the 2 s timeout has passed, and a late heartbeat learns it must register again.
        await().atMost(Duration.ofSeconds(10)).until(() -> http.substations().isEmpty());
        HttpResponse<String> late = http.send("PUT", "/registrations/north/heartbeat", null, TOKEN);

        assertThat(late.statusCode()).isEqualTo(404);
        assertThat(BalancerHttp.json(late).get("type").asString()).isEqualTo("urn:smart-grid:problem:substation-not-found");
        assertThat(http.post("/sessions", "{\"vehicleId\":\"EV-1\",\"powerKw\":11}").statusCode()).isEqualTo(503);
    }

    @Test
    void deregisteringRemovesTheSubstationAtOnce() {
        register(NORTH);
        register(SOUTH);
        awaitHealthy("south");

        HttpResponse<String> deleted = http.send("DELETE", "/registrations/south", null, TOKEN);

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(http.substations()).extracting(node -> node.get("id").asString()).containsExactly("north");
        assertThat(http.send("DELETE", "/registrations/south", null, TOKEN).statusCode()).isEqualTo(404);
        awaitHealthy("north");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> session = http.post("/sessions", "{\"vehicleId\":\"EV-" + i + "\",\"powerKw\":11}");
            assertThat(BalancerHttp.json(session).get("substationId").asString()).isEqualTo("north");
        }
    }

    @Test
    void aDrainingSubstationIsShownButNeverChosen() {
        register(NORTH);
        register(SOUTH);
        awaitHealthy("north");
        awaitHealthy("south");
        SOUTH.draining(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> substation("south").get("draining").asBoolean());

        for (int i = 0; i < 5; i++) {
            HttpResponse<String> session = http.post("/sessions", "{\"vehicleId\":\"EV-" + i + "\",\"powerKw\":11}");
            assertThat(session.statusCode()).isEqualTo(201);
            assertThat(BalancerHttp.json(session).get("substationId").asString()).isEqualTo("north");
        }
        assertThat(SOUTH.startCalls()).isZero();
        assertThat(substation("south").get("healthy").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "none, POST, /registrations",
            "wrong-token, POST, /registrations",
            "none, PUT, /registrations/north/heartbeat",
            "wrong-token, PUT, /registrations/north/heartbeat",
            "none, DELETE, /registrations/north",
            "wrong-token, DELETE, /registrations/north" })
    void everyRegistrationCallNeedsTheToken(String token, String method, String path) {
        // Even an invalid body is refused as unauthorized: outsiders learn nothing from validation.
        HttpResponse<String> response = http.send(method, path, method.equals("POST") ? "{\"id\":\"Bad Id\"}" : null, token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(BalancerHttp.json(response).get("type").asString()).isEqualTo("urn:smart-grid:problem:unauthorized");
        assertThat(http.substations()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"id\":\"North\",\"url\":\"http://127.0.0.1:1\",\"capacityKw\":100}                  | id",
            "{\"id\":\"has.dot\",\"url\":\"http://127.0.0.1:1\",\"capacityKw\":100}                | id",
            "{\"id\":\"a23456789012345678901234567890123\",\"url\":\"http://h:1\",\"capacityKw\":100} | id",
            "{\"url\":\"http://127.0.0.1:1\",\"capacityKw\":100}                                    | id",
            "{\"id\":\"north\",\"url\":\"ftp://127.0.0.1:1\",\"capacityKw\":100}                    | url",
            "{\"id\":\"north\",\"url\":\"http://user:secret@127.0.0.1:1\",\"capacityKw\":100}       | url",
            "{\"id\":\"north\",\"url\":\"/relative\",\"capacityKw\":100}                            | url",
            "{\"id\":\"north\",\"url\":\"http://bad host\",\"capacityKw\":100}                      | url",
            "{\"id\":\"north\",\"capacityKw\":100}                                                  | url",
            "{\"id\":\"north\",\"url\":\"http://127.0.0.1:1\",\"capacityKw\":0}                     | capacityKw",
            "{\"id\":\"north\",\"url\":\"http://127.0.0.1:1\"}                                      | capacityKw",
            "{\"id\":\"north\",\"url\":\"http://127.0.0.1:1\",\"capacityKw\":\"lots\"}              | capacityKw" })
    void anInvalidRegistrationIsA400NamingTheField(String body, String field) {
        HttpResponse<String> response = http.send("POST", "/registrations", body, TOKEN);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = BalancerHttp.json(response);
        assertThat(problem.get("type").asString()).isEqualTo("urn:smart-grid:problem:invalid-request");
        assertThat(problem.get("errors")).extracting(error -> error.get("field").asString()).containsExactly(field);
        assertThat(http.substations()).isEmpty();
    }

    private HttpResponse<String> register(FakeSubstation fake) {
        registered.add(fake.id());
        alive.add(fake.id());
        return http.send("POST", "/registrations", registration(fake.id(), fake.url().toString(), 100), TOKEN);
    }

    private static String registration(String id, String url, double capacityKw) {
        return "{\"id\":\"" + id + "\",\"url\":\"" + url + "\",\"capacityKw\":" + capacityKw + "}";
    }

    private JsonNode substation(String id) {
        for (JsonNode node : http.substations()) {
            if (node.get("id").asString().equals(id)) {
                return node;
            }
        }
        throw new AssertionError("no substation " + id + " in " + http.substations());
    }

    private void awaitHealthy(String id) {
        await().atMost(Duration.ofSeconds(10)).until(() -> substation(id).get("healthy").asBoolean());
    }
}
