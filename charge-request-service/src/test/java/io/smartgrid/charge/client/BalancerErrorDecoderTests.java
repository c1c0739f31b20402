package io.smartgrid.charge.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import feign.Request;
import feign.Response;
import io.smartgrid.http.edge.InvalidField;
import io.smartgrid.http.edge.InvalidRequestException;
import io.smartgrid.http.edge.ProblemType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class BalancerErrorDecoderTests {

    final BalancerErrorDecoder decoder = new BalancerErrorDecoder(JsonMapper.shared(), Duration.ofSeconds(5));

    static Response response(int status, Map<String, Collection<String>> headers, String body) {
        Request request = Request.create(Request.HttpMethod.POST, "http://balancer/sessions", Map.of(), null, null,
                null);
        Response.Builder builder = Response.builder().status(status).reason("x").request(request).headers(headers);
        if (body != null) {
            builder.body(body, StandardCharsets.UTF_8);
        }
        return builder.build();
    }

    @Test
    void notFoundIsAnUnknownSession() {
        Exception decoded = decoder.decode("get", response(404, Map.of(), "{\"type\":\"urn:smart-grid:problem:session-not-found\"}"));

        assertThat(decoded).isInstanceOf(SessionNotFoundException.class);
    }

    @Test
    void gridFullKeepsItsTypeAndRetryAfter() {
        Exception decoded = decoder.decode("start", response(503, Map.of("Retry-After", List.of("9")),
                "{\"type\":\"urn:smart-grid:problem:grid-full\",\"status\":503}"));

        assertThat(decoded).isInstanceOfSatisfying(GridUnavailableException.class, ex -> {
            assertThat(ex.type()).isEqualTo(ProblemType.GRID_FULL);
            assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(9));
            assertThat(ex.headers().getFirst("Retry-After")).isEqualTo("9");
        });
    }

    @Test
    void gridUnavailableIsThisReplicasSettledAnswerKeepingItsTypeAndRetryAfter() {
        Exception decoded = decoder.decode("start", response(503, Map.of("retry-after", List.of("2")),
                "{\"type\":\"urn:smart-grid:problem:grid-unavailable\"}"));

        assertThat(decoded).isInstanceOfSatisfying(ReplicaUnavailableException.class, ex -> {
            assertThat(ex.settled()).isTrue();
            assertThat(ex.answer().type()).isEqualTo(ProblemType.GRID_UNAVAILABLE);
            assertThat(ex.answer().retryAfter()).isEqualTo(Duration.ofSeconds(2));
        });
    }

    @Test
    void unreadable503FallsBackToUnavailableAndTheDefaultPause() {
        Exception decoded = decoder.decode("start", response(503, Map.of("Retry-After", List.of("soon")), "<html>"));

        assertThat(decoded).isInstanceOfSatisfying(ReplicaUnavailableException.class, ex -> {
            assertThat(ex.answer().type()).isEqualTo(ProblemType.GRID_UNAVAILABLE);
            assertThat(ex.answer().retryAfter()).isEqualTo(Duration.ofSeconds(5));
        });
    }

    @Test
    void badRequestKeepsTheNamedFields() {
        Exception decoded = decoder.decode("start", response(400, Map.of(),
                "{\"type\":\"urn:smart-grid:problem:invalid-request\",\"errors\":[{\"field\":\"powerKw\",\"message\":\"too high\"}]}"));

        assertThat(decoded).isInstanceOfSatisfying(InvalidRequestException.class,
                ex -> assertThat(ex.errors()).containsExactly(new InvalidField("powerKw", "too high")));
    }

    @Test
    void otherFailuresOfTheBalancerAreUnsettledAndUnavailable() {
        Exception decoded = decoder.decode("start", response(500, Map.of(), null));

        assertThat(decoded).isInstanceOfSatisfying(ReplicaUnavailableException.class, ex -> {
            assertThat(ex.settled()).as("a 500 may follow a placed session").isFalse();
            assertThat(ex.answer().type()).isEqualTo(ProblemType.GRID_UNAVAILABLE);
        });
    }
}
