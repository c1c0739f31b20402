package io.smartgrid.systemtests.grid;

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

/** A small HTTP client for tests that drive a running grid through its public and internal APIs. */
final class GridClient {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A status, the headers that matter here, and the parsed body. */
    record Reply(int status, String contentType, String retryAfter, String location, JsonNode body) {
    }

    Reply post(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    Reply delete(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
    }

    Reply charge(String chargeUrl, String vehicleId, double powerKw, double energyKwh) {
        return post(chargeUrl + "/charge",
                "{\"vehicleId\":\"%s\",\"powerKw\":%s,\"energyKwh\":%s}".formatted(vehicleId, powerKw, energyKwh));
    }

    /** A car that charges at no less than {@code minPowerKw}. */
    Reply charge(String chargeUrl, String vehicleId, double powerKw, double minPowerKw, double energyKwh) {
        return post(chargeUrl + "/charge", "{\"vehicleId\":\"%s\",\"powerKw\":%s,\"minPowerKw\":%s,\"energyKwh\":%s}"
                .formatted(vehicleId, powerKw, minPowerKw, energyKwh));
    }

    /** A car that charges at no less than {@code minPowerKw} and prefers to wait (RFC 7240) rather than be refused. */
    Reply chargeOrWait(String chargeUrl, String vehicleId, double powerKw, double minPowerKw, double energyKwh) {
        return send(HttpRequest.newBuilder(URI.create(chargeUrl + "/charge")).header("Content-Type", "application/json")
                .header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofString("{\"vehicleId\":\"%s\",\"powerKw\":%s,\"minPowerKw\":%s,"
                        .formatted(vehicleId, powerKw, minPowerKw) + "\"energyKwh\":%s}".formatted(energyKwh))));
    }

    /** {@code GET /load} of every substation: the substations' own, authoritative figures. */
    List<JsonNode> loads(Grid grid) {
        return grid.substations().stream().map(s -> get(s.url() + "/load").body()).toList();
    }

    private Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json = body == null || body.isBlank() ? JSON.getNodeFactory().nullNode() : JSON.readTree(body);
            return new Reply(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.headers().firstValue("Location").orElse(null), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
