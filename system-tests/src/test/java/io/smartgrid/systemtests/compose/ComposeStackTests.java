package io.smartgrid.systemtests.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import io.smartgrid.systemtests.GridHttp;
import io.smartgrid.systemtests.ProjectFiles;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.DockerComposeContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import tools.jackson.databind.JsonNode;

/**
 * The real Compose stack through Testcontainers, where a Docker API answers: up, charge, observe, down. Skipped where
 * there is none; the static checks in {@code io.smartgrid.systemtests.deployment} run everywhere. {@code .ci/run} runs
 * it against podman's Docker-compatible API ({@code scripts/podman-run.sh}).
 * <p>
 * It drives the local {@code docker-compose} (Compose v1, what Debian ships; Testcontainers' {@code ComposeContainer}
 * wants the {@code docker compose} plugin) and reaches the services on the ports the compose file publishes, rather
 * than through Testcontainers' ambassador container, whose image ({@code alpine/socat}) cannot be pulled here. Grafana
 * (no image here either) and the load-tester are left out.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackTests {

    private static final String CHARGE = "http://127.0.0.1:8080";

    private static final String BALANCER = "http://127.0.0.1:8081";

    private static final String PROMETHEUS = "http://127.0.0.1:9090";

    @Container
    static final DockerComposeContainer<?> STACK = new DockerComposeContainer<>(ProjectFiles.file("docker-compose.yml").toFile())
            .withBuild(true)
            // Nothing can be pulled here: the application images are built, the others must be present.
            .withPull(false)
            .withServices("substation-1", "substation", "substation-3", "load-balancer-1", "load-balancer-2", "charge-request-service", "prometheus");

    private final GridHttp http = new GridHttp();

    @Test
    void aChargeRequestIsAssignedAndPrometheusScrapesEveryTarget() {
        // Four JVMs start side by side on a small host: minutes, as the compose file's health checks allow.
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .until(() -> http.get(CHARGE + "/actuator/health/readiness").status() == 200
                        && healthy(BALANCER + "/substations") == 3);

        // A 503 with Retry-After is the grid's documented "try again": on a loaded host the first calls of freshly
        // started JVMs can outlast the balancer's timeouts. The client retries as the answer says, within a bound.
        GridHttp.Reply created = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(5))
                .until(this::charge, reply -> reply.status() != 503);

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().get("substationId").asString()).startsWith("substation");
        await().atMost(Duration.ofMinutes(1)).ignoreExceptions().untilAsserted(() -> {
            JsonNode targets = http.get(PROMETHEUS + "/api/v1/targets").body().get("data").get("activeTargets");
            assertThat(targets).hasSize(6);
            assertThat(targets.valueStream().map(t -> t.get("health").asString())).containsOnly("up");
        });
    }

    private GridHttp.Reply charge() {
        // The same key on every attempt: a retry after an ambiguous 503 returns the same session, never a second one.
        return http.chargeWithKey(CHARGE, "compose-stack-tests-1", "EV-compose", 11, 20);
    }

    private long healthy(String url) {
        return http.get(url).body().valueStream().filter(s -> s.get("healthy").asBoolean()).count();
    }
}
