package io.smartgrid.balancer.client;

import static org.assertj.core.api.Assertions.assertThat;

import feign.FeignException;
import feign.Request;
import feign.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class SubstationErrorDecoderTests {

    private final SubstationErrorDecoder decoder = new SubstationErrorDecoder(JsonMapper.builder().build());

    @Test
    void fullCarriesTheLoadOfTheProblemBody() {
        Exception decoded = decoder.decode("start", response(409, """
                {"type":"urn:smart-grid:problem:substation-full","status":409,
                 "load":{"substationId":"substation-2","capacityKw":300.0,"loadKw":295.0,"activeSessions":27,
                         "version":1795000000000123,"timestamp":"2026-11-21T08:00:01.250Z"}}"""));

        assertThat(decoded).isInstanceOfSatisfying(SubstationRejection.class, rejection -> {
            assertThat(rejection.kind()).isEqualTo(SubstationRejection.Kind.FULL);
            assertThat(rejection.load().substationId()).isEqualTo("substation-2");
            assertThat(rejection.load().loadKw()).isEqualTo(295.0);
            assertThat(rejection.load().version()).isEqualTo(1795000000000123L);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = { "above-ceiling", "not-least-loaded" })
    void aboveCeilingUnderItsNameOrItsFormerOneCarriesTheLoadToo(String name) {
        // not-least-loaded is what substations of the previous version send, until every one is upgraded.
        Exception decoded = decoder.decode("start", response(409, """
                {"type":"urn:smart-grid:problem:%s","status":409,"title":"Above the ceiling",
                 "load":{"substationId":"substation-2","capacityKw":300.0,"loadKw":120.0,"activeSessions":11,
                         "version":1795000000000124,"timestamp":"2026-11-21T08:00:01.250Z"}}""".formatted(name)));

        assertThat(decoded).isInstanceOfSatisfying(SubstationRejection.class, rejection -> {
            assertThat(rejection.kind()).isEqualTo(SubstationRejection.Kind.ABOVE_CEILING);
            assertThat(rejection.load().loadKw()).isEqualTo(120.0);
            assertThat(rejection.load().version()).isEqualTo(1795000000000124L);
        });
    }

    @Test
    void everyOtherConflictIsFull() {
        for (String type : List.of("urn:smart-grid:problem:substation-draining",
                "urn:smart-grid:problem:session-cancelled", "urn:smart-grid:problem:something-new")) {
            Exception decoded = decoder.decode("start", response(409, "{\"type\":\"" + type + "\",\"status\":409}"));

            assertThat(decoded).as(type).isInstanceOfSatisfying(SubstationRejection.class,
                    rejection -> assertThat(rejection.kind()).isEqualTo(SubstationRejection.Kind.FULL));
        }
        assertThat(decoder.decode("start", response(409, null))).isInstanceOfSatisfying(SubstationRejection.class,
                rejection -> assertThat(rejection.kind()).isEqualTo(SubstationRejection.Kind.FULL));
    }

    @Test
    void notFoundWithoutABodyStillRejects() {
        Exception decoded = decoder.decode("get", response(404, null));

        assertThat(decoded).isInstanceOfSatisfying(SubstationRejection.class, rejection -> {
            assertThat(rejection.kind()).isEqualTo(SubstationRejection.Kind.NOT_FOUND);
            assertThat(rejection.load()).isNull();
        });
    }

    @Test
    void unreadableProblemBodiesLoseOnlyTheLoad() {
        Exception decoded = decoder.decode("start", response(409, "<html>busy</html>"));

        assertThat(decoded).isInstanceOfSatisfying(SubstationRejection.class, rejection -> {
            assertThat(rejection.kind()).isEqualTo(SubstationRejection.Kind.FULL);
            assertThat(rejection.load()).isNull();
        });
    }

    @Test
    void aStoppingSubstationsRefusalIsARejectionAndAnyOther503AFailureThatKeepsItsBody() {
        assertThat(decoder.decode("start", response(503, """
                {"type":"urn:smart-grid:problem:grid-unavailable","title":"Grid unavailable","status":503}""")))
                .isInstanceOfSatisfying(SubstationRejection.class,
                        rejection -> assertThat(rejection.kind()).isEqualTo(SubstationRejection.Kind.STOPPING));
        for (String body : new String[] { "{\"type\":\"urn:smart-grid:problem:storage-unavailable\",\"status\":503}",
                "<html>unavailable</html>", null }) {
            Exception decoded = decoder.decode("start", response(503, body));
            assertThat(decoded).as(body).isInstanceOfSatisfying(FeignException.class, failure -> {
                assertThat(failure).isNotInstanceOf(SubstationRejection.class);
                assertThat(failure.status()).isEqualTo(503);
                assertThat(failure.contentUTF8()).isEqualTo(body == null ? "" : body);
            });
        }
    }

    @Test
    void otherStatusesAreFailures() {
        assertThat(decoder.decode("start", response(500, "{}"))).isInstanceOf(FeignException.class)
                .isNotInstanceOf(SubstationRejection.class);
        assertThat(decoder.decode("start", response(400, "{}"))).isInstanceOf(FeignException.class);
    }

    private static Response response(int status, String body) {
        Request request = Request.create(Request.HttpMethod.POST, "http://127.0.0.1:1/sessions", Map.of(), null,
                StandardCharsets.UTF_8, null);
        Response.Builder builder = Response.builder().status(status).request(request).headers(Map.of());
        if (body != null) {
            builder.body(body, StandardCharsets.UTF_8);
        }
        return builder.build();
    }
}
