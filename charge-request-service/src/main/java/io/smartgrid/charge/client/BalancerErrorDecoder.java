package io.smartgrid.charge.client;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import feign.Response;
import feign.codec.ErrorDecoder;
import io.smartgrid.http.edge.InvalidField;
import io.smartgrid.http.edge.InvalidRequestException;
import io.smartgrid.http.edge.ProblemType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.http.HttpHeaders;

/**
 * Maps the balancer's error answers to typed exceptions: 404 to {@link SessionNotFoundException}, 503 "grid full" to
 * {@link GridUnavailableException} keeping the balancer's {@code Retry-After}; a 503 "unavailable" and any other
 * status to {@link ReplicaUnavailableException}, which sends the call to another replica.
 */
class BalancerErrorDecoder implements ErrorDecoder {

    /** Problem bodies are small; a larger one is not a problem body. */
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final ObjectMapper mapper;
    private final Duration defaultRetryAfter;

    BalancerErrorDecoder(ObjectMapper mapper, Duration defaultRetryAfter) {
        this.mapper = mapper;
        this.defaultRetryAfter = defaultRetryAfter;
    }

    @Override
    public Exception decode(String methodKey, Response response) {
        return switch (response.status()) {
            case 404 -> new SessionNotFoundException();
            case 503 -> unavailable(response);
            case 400 -> new InvalidRequestException(fieldErrors(body(response)));
            // Anything else is this replica failing: another may serve the call; to our client the grid is unavailable.
            default -> new ReplicaUnavailableException(
                    new GridUnavailableException(ProblemType.GRID_UNAVAILABLE, defaultRetryAfter, null), false);
        };
    }

    /**
     * "Grid full" is the grid's answer, whichever replica gives it. "Unavailable" (no substation reachable from this
     * replica, or no replica at all) is this replica's, and another one may do better.
     */
    private RuntimeException unavailable(Response response) {
        GridUnavailableException answer = new GridUnavailableException(gridProblem(body(response)),
                retryAfter(response), null);
        return answer.type() == ProblemType.GRID_FULL ? answer : new ReplicaUnavailableException(answer, true);
    }

    private static ProblemType gridProblem(JsonNode body) {
        String type = body.path("type").asString("");
        return ProblemType.GRID_FULL.uri().toString().equals(type) ? ProblemType.GRID_FULL : ProblemType.GRID_UNAVAILABLE;
    }

    private static List<InvalidField> fieldErrors(JsonNode body) {
        List<InvalidField> errors = new ArrayList<>();
        for (JsonNode error : body.path("errors")) {
            String field = error.path("field").asString("");
            String message = error.path("message").asString("");
            if (!field.isEmpty()) {
                errors.add(new InvalidField(field, message.isEmpty() ? "is invalid" : message));
            }
        }
        if (errors.isEmpty()) {
            errors.add(new InvalidField("request", "was rejected by the load balancer"));
        }
        return errors;
    }

    /** Delta-seconds only; anything else (an HTTP date, garbage) falls back to the configured pause. */
    private Duration retryAfter(Response response) {
        Collection<String> values = response.headers().get(HttpHeaders.RETRY_AFTER);
        if (values != null) {
            for (String value : values) {
                try {
                    long seconds = Long.parseLong(value.trim());
                    if (seconds >= 0) {
                        return Duration.ofSeconds(seconds);
                    }
                }
                catch (NumberFormatException ex) {
                    // fall through to the default
                }
            }
        }
        return defaultRetryAfter;
    }

    private JsonNode body(Response response) {
        if (response.body() == null) {
            return mapper.missingNode();
        }
        try (InputStream in = response.body().asInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES);
            return bytes.length == 0 ? mapper.missingNode() : mapper.readTree(bytes);
        }
        catch (IOException | JacksonException ex) {
            return mapper.missingNode();
        }
    }
}
