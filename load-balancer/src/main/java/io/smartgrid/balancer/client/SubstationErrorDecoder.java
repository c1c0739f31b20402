package io.smartgrid.balancer.client;

import feign.Response;
import feign.codec.ErrorDecoder;
import io.smartgrid.http.edge.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns the substation's {@code 409} and {@code 404} problems into typed rejections, keeping the {@code load}
 * they carry; every other status stays a failure. A {@code 409} is "full" (or draining, or a cancelled id: no
 * room here for this request either way) unless its type says the start was merely above the ceiling it carried
 * ({@code above-ceiling}, or {@code not-least-loaded} from a substation of the previous version). A {@code 503
 * grid-unavailable} is a stopping substation's refusal of a call it never handled.
 */
final class SubstationErrorDecoder implements ErrorDecoder {

    private static final Logger log = LoggerFactory.getLogger(SubstationErrorDecoder.class);

    /** Problem bodies are small; a larger one is not a problem body. */
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final ObjectMapper mapper;
    private final ErrorDecoder fallback = new ErrorDecoder.Default();

    SubstationErrorDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Exception decode(String methodKey, Response response) {
        return switch (response.status()) {
            case 409 -> {
                JsonNode problem = problemOf(response);
                SubstationRejection.Kind kind = ProblemType.ABOVE_CEILING.is(textOf(problem, "type"))
                        ? SubstationRejection.Kind.ABOVE_CEILING : SubstationRejection.Kind.FULL;
                yield new SubstationRejection(kind, loadOf(problem));
            }
            case 404 -> new SubstationRejection(SubstationRejection.Kind.NOT_FOUND, loadOf(problemOf(response)));
            case 503 -> unavailable(methodKey, response);
            default -> fallback.decode(methodKey, response);
        };
    }

    /**
     * A substation answers {@code 503 grid-unavailable} only from the gate of its graceful shutdown, before any
     * handler: the call did nothing there. Any other 503 stays a failure that may have taken effect.
     */
    private Exception unavailable(String methodKey, Response response) {
        // Read once, kept for the fallback, which reads it again.
        Response buffered = response.toBuilder().body(bodyOf(response)).build();
        return ProblemType.GRID_UNAVAILABLE.is(textOf(problemOf(buffered), "type"))
                ? new SubstationRejection(SubstationRejection.Kind.STOPPING, null)
                : fallback.decode(methodKey, buffered);
    }

    private static byte[] bodyOf(Response response) {
        if (response.body() == null) {
            return null;
        }
        try (InputStream body = response.body().asInputStream()) {
            return body.readNBytes(MAX_BODY_BYTES);
        }
        catch (IOException ex) {
            return null;
        }
    }

    private JsonNode problemOf(Response response) {
        if (response.body() == null) {
            return null;
        }
        try (InputStream body = response.body().asInputStream()) {
            return mapper.readTree(body);
        }
        catch (IOException | JacksonException ex) {
            // The rejection itself is what matters; a missing load only delays the next fresh reading.
            log.debug("Unreadable problem body from a substation: {}", ex.toString());
            return null;
        }
    }

    private Load loadOf(JsonNode problem) {
        JsonNode load = problem == null ? null : problem.get("load");
        if (load == null || load.isNull()) {
            return null;
        }
        try {
            return mapper.treeToValue(load, Load.class);
        }
        catch (JacksonException ex) {
            log.debug("Unreadable load in a substation's problem: {}", ex.toString());
            return null;
        }
    }

    private static String textOf(JsonNode problem, String field) {
        JsonNode value = problem == null ? null : problem.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }
}
