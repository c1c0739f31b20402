package io.smartgrid.localgrid.compose;

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
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real Compose stack, where a Docker engine runs: up, charge, observe, down (Compose v2 names
 * each container {@code <service>-1}). Skipped where
 * there is none; the static checks in {@code io.smartgrid.deployment} run everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
class ComposeStackTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Container
    static final ComposeContainer STACK = new ComposeContainer(composeFile())
            .withBuild(true)
            .withExposedService("charge-request-service-1", 8080,
                    Wait.forHttp("/actuator/health/readiness").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(10)))
            .withExposedService("load-balancer-1-1", 8081,
                    Wait.forHttp("/actuator/health/readiness").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(10)))
            .withExposedService("prometheus-1", 9090,
                    Wait.forHttp("/-/ready").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(5)));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aChargeRequestIsAssignedAndPrometheusScrapesEveryTarget() throws Exception {
        String charge = url("charge-request-service-1", 8080);
        String balancer = url("load-balancer-1-1", 8081);
        await().atMost(Duration.ofMinutes(1)).until(() -> healthy(balancer + "/substations") > 0);

        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(charge + "/charge"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"vehicleId\":\"EV-compose\",\"powerKw\":11,\"energyKwh\":20}"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(JSON.readTree(created.body()).get("substationId").asString()).startsWith("substation");
        String prometheus = url("prometheus-1", 9090);
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            JsonNode targets = get(prometheus + "/api/v1/targets").get("data").get("activeTargets");
            assertThat(targets).isNotEmpty();
            assertThat(targets.valueStream().map(t -> t.get("health").asString())).containsOnly("up");
        });
    }

    private String url(String service, int port) {
        return "http://" + STACK.getServiceHost(service, port) + ":" + STACK.getServicePort(service, port);
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
