package io.smartgrid.http;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import feign.RequestTemplate;
import feign.Response;
import feign.codec.DecodeException;
import feign.codec.Decoder;
import feign.codec.Encoder;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

/**
 * Feign's body codec for JSON, straight on the application's {@link ObjectMapper}. Spring Cloud OpenFeign's default
 * goes through Spring's message converters: per call it builds case-insensitive header maps, parses media types and
 * asks every converter whether it applies; this is a notable share of a hop's CPU at thousands of calls a second, and
 * every body the grid's services exchange is JSON. A reader per return type is kept, so nothing is looked up twice.
 */
public final class JsonCodec implements Encoder, Decoder {

    /** Replies here are a few hundred bytes; anything past this is not a reply, and is not read into memory. */
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final ObjectMapper mapper;
    private final Map<Type, ObjectReader> readers = new ConcurrentHashMap<>();

    public JsonCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void encode(Object body, Type bodyType, RequestTemplate template) {
        template.body(mapper.writeValueAsBytes(body), StandardCharsets.UTF_8);
    }

    /** An empty body decodes to {@code null}; a body that is not the expected JSON fails the call. */
    @Override
    public Object decode(Response response, Type type) throws IOException {
        if (response.body() == null) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = response.body().asInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new DecodeException(response.status(), "Reply larger than " + MAX_BODY_BYTES + " bytes",
                    response.request());
        }
        if (bytes.length == 0) {
            return null;
        }
        return readers.computeIfAbsent(type, t -> mapper.readerFor(mapper.constructType(t))).readValue(bytes);
    }
}
