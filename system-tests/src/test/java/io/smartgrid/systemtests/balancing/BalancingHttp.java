package io.smartgrid.systemtests.balancing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smartgrid.localgrid.Grid;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The HTTP calls these tests make against a running grid, with explicit timeouts. */
final class BalancingHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Pattern OUTBID_SERIES =
            Pattern.compile("(?m)^balancer_assignments_total\\{[^}]*outcome=\"outbid\"[^}]*} (\\S+)$");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** A status, its content type, and the parsed body. */
    record Reply(int status, String contentType, JsonNode body) {

        String text(String field) {
            JsonNode value = body.get(field);
            return value == null || value.isNull() ? null : value.asString();
        }
    }

    /** {@code POST /charge} on one public entry point, with an {@code Idempotency-Key} when one is given. */
    Reply charge(String chargeUrl, String idempotencyKey, String vehicleId, double powerKw, double energyKwh) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(chargeUrl + "/charge"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"vehicleId\":\"%s\",\"powerKw\":%s,\"energyKwh\":%s}".formatted(vehicleId, powerKw, energyKwh)));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request);
    }

    Reply get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    Reply delete(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
    }

    /** {@code GET /load} of every substation that is running: the substations' own, authoritative figures. */
    Loads loads(Grid grid) {
        return new Loads(grid.substations().stream().filter(Grid.Service::isRunning)
                .map(s -> get(s.url() + "/load").body()).toList());
    }

    /** {@code GET /substations} of one balancer: what it believes. */
    List<JsonNode> substations(String balancerUrl) {
        Reply reply = get(balancerUrl + "/substations");
        if (reply.status() != 200) {
            throw new AssertionError("GET " + balancerUrl + "/substations answered " + reply.status());
        }
        return java.util.stream.StreamSupport.stream(reply.body().spliterator(), false).toList();
    }

    /**
     * How many starts one balancer had refused as not the least loaded: the sum of its
     * {@code balancer_assignments_total{outcome="outbid"}} series.
     */
    long outbids(String balancerUrl) {
        String scrape;
        try {
            scrape = http.send(HttpRequest.newBuilder(URI.create(balancerUrl + "/actuator/prometheus"))
                    .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Matcher series = OUTBID_SERIES.matcher(scrape);
        double total = 0;
        while (series.find()) {
            total += Double.parseDouble(series.group(1));
        }
        return Math.round(total);
    }

    private Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json = body == null || body.isBlank() ? JSON.getNodeFactory().nullNode() : JSON.readTree(body);
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
