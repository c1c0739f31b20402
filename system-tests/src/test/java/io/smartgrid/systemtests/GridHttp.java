package io.smartgrid.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import io.smartgrid.localgrid.Grid;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP calls the system tests make against a running grid: its public API, the balancer's and substations'
 * internal ones, the operator calls, the scrape endpoints and Prometheus' API, each with explicit timeouts.
 * {@code reliability.RawHttp} is the other way in: bytes on a socket, for requests no client library would send.
 */
public final class GridHttp {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    /** What Prometheus 2.x also accepts; the plain text format is the one a person reads. */
    private static final String PROMETHEUS_TEXT = "text/plain;version=0.0.4;q=1.0";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Duration timeout;

    /** A client that waits up to 10 s for each reply. */
    public GridHttp() {
        this(Duration.ofSeconds(10));
    }

    /** A client that waits up to {@code timeout} for each reply. */
    public GridHttp(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * A status, the headers that matter here, the body as sent and parsed ({@code null} node when empty or not JSON).
     */
    public record Reply(int status, String contentType, String retryAfter, String location, String raw, JsonNode body) {

        /** A text field of the JSON body, {@code null} when it is missing or null. */
        public String text(String field) {
            JsonNode value = body.get(field);
            return value == null || value.isNull() ? null : value.asString();
        }
    }

    public Reply get(String url) {
        return request("GET", url, null, null);
    }

    public Reply post(String url, String json) {
        return request("POST", url, json, null);
    }

    /** A POST with the operator's bearer {@code token}, when one is given. */
    public Reply post(String url, String json, String token) {
        return request("POST", url, json, token);
    }

    public Reply delete(String url) {
        return request("DELETE", url, null, null);
    }

    public Reply deleteAsOperator(String url, String token) {
        return request("DELETE", url, null, token);
    }

    /**
     * Any request: a JSON body when {@code json} is not {@code null} (else none, and no content type), and the
     * operator's bearer {@code token} when one is given.
     */
    public Reply request(String method, String url, String json, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method,
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request, token);
    }

    /** {@code POST /charge} on one public entry point. */
    public Reply charge(String chargeUrl, String vehicleId, double powerKw, double energyKwh) {
        return post(chargeUrl + "/charge", startBody(vehicleId, powerKw, energyKwh));
    }

    /** {@code POST /charge} of a car that charges at no less than {@code minPowerKw}. */
    public Reply charge(String chargeUrl, String vehicleId, double powerKw, double minPowerKw, double energyKwh) {
        return post(chargeUrl + "/charge", startBody(vehicleId, powerKw, minPowerKw, energyKwh));
    }

    /** {@code POST /charge} with an {@code Idempotency-Key}. */
    public Reply chargeWithKey(String chargeUrl, String idempotencyKey, String vehicleId, double powerKw,
            double energyKwh) {
        return send(HttpRequest.newBuilder(URI.create(chargeUrl + "/charge")).header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(startBody(vehicleId, powerKw, energyKwh))), null);
    }

    /** {@code POST /charge} of a car that charges at its full power or not at all: nothing is shared. */
    public Reply chargeAtFullPower(String chargeUrl, String vehicleId, double powerKw, double energyKwh) {
        return post(chargeUrl + "/charge", fullPowerBody(vehicleId, powerKw, energyKwh));
    }

    /** {@code POST /charge} of {@code json}; with {@code mayWait}, the car prefers to wait (RFC 7240) than be refused. */
    public Reply charge(String chargeUrl, String json, boolean mayWait) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(chargeUrl + "/charge"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        return send(mayWait ? request.header("Prefer", "respond-async") : request, null);
    }

    /** A car that charges at no less than {@code minPowerKw} and prefers to wait (RFC 7240) rather than be refused. */
    public Reply chargeOrWait(String chargeUrl, String vehicleId, double powerKw, double minPowerKw, double energyKwh) {
        return send(HttpRequest.newBuilder(URI.create(chargeUrl + "/charge")).header("Content-Type", "application/json")
                .header("Prefer", "respond-async")
                .POST(HttpRequest.BodyPublishers.ofString(startBody(vehicleId, powerKw, minPowerKw, energyKwh))), null);
    }

    public static String startBody(String vehicleId, double powerKw, double energyKwh) {
        return "{\"vehicleId\":\"%s\",\"powerKw\":%s,\"energyKwh\":%s}".formatted(vehicleId, powerKw, energyKwh);
    }

    /** A start of a car that charges at its full power or not at all: its minimum is its maximum, nothing shared. */
    public static String fullPowerBody(String vehicleId, double powerKw, double energyKwh) {
        return startBody(vehicleId, powerKw, powerKw, energyKwh);
    }

    private static String startBody(String vehicleId, double powerKw, double minPowerKw, double energyKwh) {
        return "{\"vehicleId\":\"%s\",\"powerKw\":%s,\"minPowerKw\":%s,\"energyKwh\":%s}"
                .formatted(vehicleId, powerKw, minPowerKw, energyKwh);
    }

    /** {@code GET /load} of every substation that is running: the substations' own, authoritative figures. */
    public List<JsonNode> loads(Grid grid) {
        return grid.substations().stream().filter(Grid.Service::isRunning).map(s -> get(s.url() + "/load").body())
                .toList();
    }

    /** {@code GET /substations} of one balancer: what it believes. */
    public List<JsonNode> substations(String balancerUrl) {
        Reply reply = get(balancerUrl + "/substations");
        if (reply.status() != 200) {
            throw new AssertionError("GET " + balancerUrl + "/substations answered " + reply.status());
        }
        return StreamSupport.stream(reply.body().spliterator(), false).toList();
    }

    /** The (first) balancer's view of one substation. */
    public JsonNode substation(Grid grid, String id) {
        for (JsonNode substation : get(grid.balancerUrl() + "/substations").body()) {
            if (substation.get("id").asString().equals(id)) {
                return substation;
            }
        }
        throw new AssertionError("the balancer does not list " + id);
    }

    /** Waits up to 30 s until every balancer lists every substation as healthy. */
    public void awaitAllHealthy(Grid grid) {
        awaitAllHealthy(grid, Duration.ofSeconds(30));
    }

    public void awaitAllHealthy(Grid grid, Duration limit) {
        for (String balancer : grid.balancerUrls()) {
            await("every substation healthy at " + balancer).atMost(limit).ignoreExceptions().untilAsserted(() ->
                    assertThat(substations(balancer)).hasSize(grid.substations().size())
                            .allSatisfy(s -> assertThat(s.get("healthy").asBoolean()).isTrue()));
        }
    }

    /** {@code GET /actuator/prometheus} of one service, parsed. */
    public Exposition scrape(String serviceUrl) {
        Reply reply = send(HttpRequest.newBuilder(URI.create(serviceUrl + "/actuator/prometheus"))
                .header("Accept", PROMETHEUS_TEXT).GET(), null);
        if (reply.status() != 200) {
            throw new AssertionError("GET " + serviceUrl + "/actuator/prometheus answered " + reply.status());
        }
        return Exposition.parse(reply.raw());
    }

    /**
     * How many starts one balancer had refused above the ceiling: the sum of its
     * {@code balancer_assignments_total{outcome="above-ceiling"}} series.
     */
    public long refusedAboveCeiling(String balancerUrl) {
        return Math.round(scrape(balancerUrl).sum("balancer_assignments_total", Map.of("outcome", "above-ceiling")));
    }

    private Reply send(HttpRequest.Builder builder, String token) {
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(builder.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After").orElse(null),
                    response.headers().firstValue("Location").orElse(null), body, parse(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.nullNode();
        }
        try {
            return JSON.readTree(body);
        } catch (RuntimeException notJson) {
            return JSON.nullNode();
        }
    }
}
