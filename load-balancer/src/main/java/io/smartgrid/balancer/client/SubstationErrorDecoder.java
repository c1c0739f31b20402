package io.smartgrid.balancer.client;

import feign.Response;
import feign.codec.ErrorDecoder;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns the substation's {@code 409} and {@code 404} problems into typed rejections, keeping the {@code load}
 * they carry; every other status stays a failure.
 */
final class SubstationErrorDecoder implements ErrorDecoder {

    private static final Logger log = LoggerFactory.getLogger(SubstationErrorDecoder.class);

    private final ObjectMapper mapper;
    private final ErrorDecoder fallback = new ErrorDecoder.Default();

    SubstationErrorDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public Exception decode(String methodKey, Response response) {
        return switch (response.status()) {
            case 409 -> new SubstationRejection(SubstationRejection.Kind.FULL, loadOf(response));
            case 404 -> new SubstationRejection(SubstationRejection.Kind.NOT_FOUND, loadOf(response));
            default -> fallback.decode(methodKey, response);
        };
    }

    private Load loadOf(Response response) {
        if (response.body() == null) {
            return null;
        }
        try (InputStream body = response.body().asInputStream()) {
            JsonNode load = mapper.readTree(body).get("load");
            return load == null || load.isNull() ? null : mapper.treeToValue(load, Load.class);
        }
        catch (IOException | JacksonException ex) {
            // The rejection itself is what matters; a missing load only delays the next fresh reading.
            log.debug("Unreadable problem body from a substation: {}", ex.toString());
            return null;
        }
    }
}
