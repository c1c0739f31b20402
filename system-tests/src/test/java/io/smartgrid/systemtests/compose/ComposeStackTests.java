package io.smartgrid.systemtests.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.DockerComposeContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real Compose stack through Testcontainers, where a Docker API answers: up, charge, observe, down. Skipped where
 * there is none; the static checks in {@code io.smartgrid.deployment} run everywhere. {@code .ci/run} runs it against
 * podman's Docker-compatible API ({@code scripts/podman-run.sh}).
 * <p>
 * It drives the local {@code docker-compose} (Compose v1, what Debian ships; Testcontainers' {@code ComposeContainer}
 * wants the {@code docker compose} plugin) and reaches the services on the ports the compose file publishes, rather
 * than through Testcontainers' ambassador container, whose image ({@code alpine/socat}) cannot be pulled here. Grafana
 * (no image here either) and the load-tester are left out.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String CHARGE = "http://127.0.0.1:8080";

    private static final String BALANCER = "http://127.0.0.1:8081";

    private static final String PROMETHEUS = "http://127.0.0.1:9090";

    @Container
    static final DockerComposeContainer<?> STACK = new DockerComposeContainer<>(composeFile())
            .withBuild(true)
            // Nothing can be pulled here: the application images are built, the others must be present.
            .withPull(false)
            .withServices("substation-1", "substation", "substation-3", "load-balancer-1", "load-balancer-2", "charge-request-service", "prometheus");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aChargeRequestIsAssignedAndPrometheusScrapesEveryTarget() throws Exception {
        // Four JVMs start side by side on a small host: minutes, as the compose file's health checks allow.
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> status(CHARGE + "/actuator/health/readiness") == 200 && healthy(BALANCER + "/substations") == 3);

        // A 503 with Retry-After is the grid's documented "try again": on a loaded host the first calls of freshly
        // started JVMs can outlast the balancer's timeouts. The client retries as the answer says, within a bound.
        HttpResponse<String> created = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(5))
                .until(this::charge, response -> response.statusCode() != 503);

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).get("substationId").asString()).startsWith("substation");
        await().atMost(Duration.ofMinutes(1)).ignoreExceptions().untilAsserted(() -> {
            JsonNode targets = get(PROMETHEUS + "/api/v1/targets").get("data").get("activeTargets");
            assertThat(targets).hasSize(6);
            assertThat(targets.valueStream().map(t -> t.get("health").asString())).containsOnly("up");
        });
    }

    private HttpResponse<String> charge() throws Exception {
        // The same key on every attempt: a retry after an ambiguous 503 returns the same session, never a second one.
        return http.send(HttpRequest.newBuilder(URI.create(CHARGE + "/charge"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "compose-stack-tests-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"vehicleId\":\"EV-compose\",\"powerKw\":11,\"energyKwh\":20}"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int status(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private long healthy(String url) throws Exception {
        return get(url).valueStream().filter(s -> s.get("healthy").asBoolean()).count();
    }

    private JsonNode get(String url) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static File composeFile() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("docker-compose.yml not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("docker-compose.yml").toFile();
    }
}
