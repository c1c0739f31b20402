package io.smartgrid.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import feign.Request;
import feign.RequestTemplate;
import feign.Response;
import feign.codec.DecodeException;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonCodecTests {

    final JsonCodec codec = new JsonCodec(JsonMapper.shared());

    static Response ok(byte[] body) {
        Request request = Request.create(Request.HttpMethod.POST, "http://peer/sessions", Map.of(), null, null, null);
        Response.Builder builder = Response.builder().status(200).reason("OK").request(request).headers(Map.of());
        if (body != null) {
            builder.body(body);
        }
        return builder.build();
    }

    @Test
    void encodesTheBodyAsUtf8Json() {
        RequestTemplate template = new RequestTemplate();

        codec.encode(ENCODED_VALUE, ENCODED_VALUE.getClass(), template);

        assertThat(new String(template.body(), StandardCharsets.UTF_8)).isEqualTo(ENCODED_JSON);
        assertThat(template.requestCharset()).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void decodesTheReplyIntoItsType() throws Exception {
        Object decoded = codec.decode(ok(DECODED_JSON.getBytes(StandardCharsets.UTF_8)), DECODED_TYPE);

        assertThat(decoded).isEqualTo(DECODED_VALUE);
        // A second reply of the same type goes through the reader kept for it, with the same result.
        assertThat(codec.decode(ok(DECODED_JSON.getBytes(StandardCharsets.UTF_8)), DECODED_TYPE)).isEqualTo(DECODED_VALUE);
    }

    @Test
    void anEmptyOrMissingBodyIsNull() throws Exception {
        assertThat(codec.decode(ok(new byte[0]), DECODED_TYPE)).isNull();
        assertThat(codec.decode(ok(null), DECODED_TYPE)).isNull();
    }

    @Test
    void aBodyThatIsNotTheExpectedJsonFails() {
        assertThatThrownBy(() -> codec.decode(ok("<html>oops</html>".getBytes(StandardCharsets.UTF_8)), DECODED_TYPE))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void anOversizedBodyIsRefusedWithoutReadingItAll() {
        byte[] huge = new byte[1024 * 1024 + 10];
        Arrays.fill(huge, (byte) ' ');

        assertThatThrownBy(() -> codec.decode(ok(huge), DECODED_TYPE))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("larger than");
    }

    /** A reply shaped like the grid's: text, numbers, an instant, a flag. */
    record Reading(String substationId, double capacityKw, double loadKw, int activeSessions, long version,
            Instant timestamp, Boolean draining) {
    }

    static final Reading ENCODED_VALUE = new Reading("substation-1", 150, 22, 2, 7, Instant.parse("2026-11-21T08:00:00Z"), false);
    static final String ENCODED_JSON = "{\"substationId\":\"substation-1\",\"capacityKw\":150.0,\"loadKw\":22.0,"
            + "\"activeSessions\":2,\"version\":7,\"timestamp\":\"2026-11-21T08:00:00Z\",\"draining\":false}";
    static final Class<Reading> DECODED_TYPE = Reading.class;
    static final String DECODED_JSON = "{\"substationId\":\"substation-3\",\"capacityKw\":450.0,\"loadKw\":50.0,"
            + "\"activeSessions\":1,\"version\":3,\"timestamp\":\"2026-11-21T08:00:01Z\",\"draining\":null}";
    static final Reading DECODED_VALUE = new Reading("substation-3", 450, 50, 1, 3, Instant.parse("2026-11-21T08:00:01Z"), null);
}
