package io.smartgrid.charge;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two charge-request replicas sharing one idempotency store (a real PostgreSQL, embedded) in front of one balancer,
 * and one client that alternates between them with the same {@code Idempotency-Key}: one session, named by every reply.
 */
class ReplicatedIdempotencyTests {

    static EmbeddedPostgres postgres;
    static FakeBalancer balancer;
    static final List<ConfigurableApplicationContext> replicas = new ArrayList<>();

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final JsonMapper json = JsonMapper.shared();

    @BeforeAll
    static void startReplicas() throws IOException {
        postgres = EmbeddedPostgres.start();
        balancer = FakeBalancer.start();
        for (int i = 0; i < 2; i++) {
            // Arguments, so that they win over charge-request-service.yml.
            replicas.add(ChargeRequestApplication.application().run(
                    "--server.port=0",
                    "--server.address=127.0.0.1",
                    "--grid.charge.balancer-url=" + balancer.url(),
                    "--grid.charge.idempotency.store=jdbc",
                    "--grid.charge.idempotency.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                    "--grid.charge.idempotency.username=postgres",
                    "--grid.charge.idempotency.password=postgres"));
        }
    }

    @AfterAll
    static void stopReplicas() throws IOException {
        replicas.forEach(ConfigurableApplicationContext::close);
        balancer.close();
        postgres.close();
    }

    static int port(int replica) {
        return ((WebServerApplicationContext) replicas.get(replica % 2)).getWebServer().getPort();
    }

    HttpResponse<String> post(int replica, String key, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(replica) + "/charge"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    String sessionId(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body()).path("sessionId").asString();
    }

    /** The sessions the balancer started for this vehicle. */
    Set<String> sessionsOf(String vehicleId) {
        Set<String> ids = balancer.sessionIds();
        return balancer.received().stream()
                .filter(received -> received.method().equals("POST") && received.body().contains(vehicleId))
                .map(received -> json.readTree(received.body()).path("requestId").asString())
                .map(requestId -> "substation-1." + requestId)
                .filter(ids::contains)
                .collect(Collectors.toSet());
    }

    @Test
    void retriesAlternatingBetweenTheReplicasGetTheOneSession() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String vehicle = "EV-" + UUID.randomUUID();
        String body = "{\"vehicleId\": \"" + vehicle + "\", \"powerKw\": 22}";

        double[] replayedBefore = { replayed(0), replayed(1) };
        List<String> named = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            named.add(sessionId(post(i, key, body)));
        }

        assertThat(Set.copyOf(named)).hasSize(1);
        assertThat(sessionsOf(vehicle)).containsExactly(named.get(0));
        // The first went to replica 0, which started the session; every other request replayed it.
        assertThat(replayed(0) - replayedBefore[0]).isEqualTo(2);
        assertThat(replayed(1) - replayedBefore[1]).isEqualTo(3);
    }

    static double replayed(int replica) {
        return replicas.get(replica).getBean(MeterRegistry.class).get("charge.requests").tag("outcome", "replayed")
                .counter().count();
    }

    @Test
    void concurrentRequestsOnBothReplicasStartOneSessionAndEveryReplyNamesIt() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String vehicle = "EV-" + UUID.randomUUID();
        String body = "{\"vehicleId\": \"" + vehicle + "\"}";
        int requests = 12;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(requests);
        try {
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int replica = i;
                responses.add(clients.submit(() -> {
                    go.await(30, TimeUnit.SECONDS);
                    return post(replica, key, body);
                }));
            }
            go.countDown();
            Set<String> named = new HashSet<>();
            for (Future<HttpResponse<String>> response : responses) {
                named.add(sessionId(response.get(60, TimeUnit.SECONDS)));
            }

            assertThat(named).hasSize(1);
            assertThat(sessionsOf(vehicle)).isEqualTo(named);
        }
        finally {
            clients.shutdownNow();
        }
    }

    @Test
    void theSameKeyWithAnotherBodyOnTheOtherReplicaIsStillAnError() throws Exception {
        String key = "key-" + UUID.randomUUID();
        String vehicle = "EV-" + UUID.randomUUID();
        sessionId(post(0, key, "{\"vehicleId\": \"" + vehicle + "\"}"));

        HttpResponse<String> reused = post(1, key, "{\"vehicleId\": \"" + vehicle + "\", \"energyKwh\": 50}");

        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(reused.body()).path("type").asString())
                .isEqualTo("urn:smart-grid:problem:idempotency-key-reused");
        assertThat(sessionsOf(vehicle)).hasSize(1);
    }
}
