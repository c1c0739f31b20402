package io.smartgrid.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smartgrid.localgrid.Grid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The grid's APIs over HTTP, as the reliability tests drive and inspect them. */
final class ReliabilityClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A status and the parsed body ({@code null} node when empty or not JSON). */
    record Reply(int status, String contentType, JsonNode body) {
    }

    Reply get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), null);
    }

    Reply getText(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), null);
    }

    Reply delete(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE(), null);
    }

    Reply post(String url, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        return send(request, token);
    }

    Reply deleteAsOperator(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE(), token);
    }

    Reply charge(String chargeUrl, String vehicleId, double powerKw, double energyKwh) {
        return post(chargeUrl + "/charge",
                "{\"vehicleId\":\"%s\",\"powerKw\":%s,\"energyKwh\":%s}".formatted(vehicleId, powerKw, energyKwh), null);
    }

    /** {@code POST /charge} of a car that charges at its full power or not at all: nothing is shared. */
    Reply chargeAtFullPower(String chargeUrl, String vehicleId, double powerKw, double energyKwh) {
        return post(chargeUrl + "/charge", "{\"vehicleId\":\"%s\",\"powerKw\":%s,\"minPowerKw\":%s,\"energyKwh\":%s}"
                .formatted(vehicleId, powerKw, powerKw, energyKwh), null);
    }

    /** {@code GET /load} of every running substation: their own, authoritative figures. */
    List<JsonNode> loads(Grid grid) {
        return grid.substations().stream().filter(Grid.Service::isRunning).map(s -> get(s.url() + "/load").body()).toList();
    }

    /** The balancer's view, by substation id. */
    JsonNode substation(Grid grid, String id) {
        for (JsonNode substation : get(grid.balancerUrl() + "/substations").body()) {
            if (substation.get("id").asString().equals(id)) {
                return substation;
            }
        }
        throw new AssertionError("the balancer does not list " + id);
    }

    void awaitAllHealthy(Grid grid) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            JsonNode substations = get(grid.balancerUrl() + "/substations").body();
            assertThat(substations).hasSize(grid.substations().size())
                    .allSatisfy(s -> assertThat(s.get("healthy").asBoolean()).isTrue());
        });
    }

    private Reply send(HttpRequest.Builder builder, String token) {
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(builder.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json;
            try {
                json = body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
            }
            catch (RuntimeException notJson) {
                json = JSON.nullNode();
            }
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), json);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
