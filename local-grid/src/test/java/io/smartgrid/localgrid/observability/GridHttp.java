package io.smartgrid.localgrid.observability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP calls these tests make: the grid's APIs, its scrape endpoints and Prometheus' API. */
final class GridHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** What Prometheus 2.x also accepts; the plain text format is the one a person reads. */
    private static final String PROMETHEUS_TEXT = "text/plain;version=0.0.4;q=1.0";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A status, the body as text, and the body parsed when it is JSON. */
    record Reply(int status, String body) {

        JsonNode json() {
            return body == null || body.isBlank() ? JSON.getNodeFactory().nullNode() : JSON.readTree(body);
        }
    }

    Reply get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    Reply post(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Reply delete(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
    }

    /** {@code POST /charge} on the public entry point. */
    Reply charge(String chargeUrl, String vehicleId, double powerKw, double energyKwh) {
        return post(chargeUrl + "/charge", startBody(vehicleId, powerKw, energyKwh));
    }

    static String startBody(String vehicleId, double powerKw, double energyKwh) {
        return "{\"vehicleId\":\"%s\",\"powerKw\":%s,\"energyKwh\":%s}".formatted(vehicleId, powerKw, energyKwh);
    }

    /** A start of a car that charges at its full power or not at all: its minimum is its maximum, nothing shared. */
    static String fullPowerBody(String vehicleId, double powerKw, double energyKwh) {
        return "{\"vehicleId\":\"%s\",\"powerKw\":%s,\"minPowerKw\":%s,\"energyKwh\":%s}"
                .formatted(vehicleId, powerKw, powerKw, energyKwh);
    }

    /** {@code POST /charge} of a car that charges at its full power or not at all. */
    Reply chargeAtFullPower(String chargeUrl, String vehicleId, double powerKw, double energyKwh) {
        return post(chargeUrl + "/charge", fullPowerBody(vehicleId, powerKw, energyKwh));
    }

    /**
     * {@code POST /charge} of a car that charges at its full power, with {@code Prefer: respond-async}: where its
     * minimum fits nowhere it waits on a waitlist ({@code 202}) instead of being refused.
     */
    Reply chargeAtFullPowerOrWait(String chargeUrl, String vehicleId, double powerKw, double energyKwh) {
        return send(HttpRequest.newBuilder(URI.create(chargeUrl + "/charge")).header("Content-Type", "application/json")
                .header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofString(fullPowerBody(vehicleId, powerKw, energyKwh))));
    }

    /** {@code GET /actuator/prometheus} of one service, parsed. */
    Exposition scrape(String serviceUrl) {
        Reply reply = send(HttpRequest.newBuilder(URI.create(serviceUrl + "/actuator/prometheus"))
                .header("Accept", PROMETHEUS_TEXT).GET());
        if (reply.status() != 200) {
            throw new AssertionError("GET " + serviceUrl + "/actuator/prometheus answered " + reply.status());
        }
        return Exposition.parse(reply.body());
    }

    private Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
