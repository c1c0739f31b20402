package io.smartgrid.http.edge;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The wire values of the problem types, which clients switch on and which must therefore never move. */
class ProblemTypeTests {

    @Test
    void everyTypeKeepsItsUriStatusAndTitle() {
        Map<String, String> wire = new LinkedHashMap<>();
        for (ProblemType type : ProblemType.values()) {
            wire.put(type.uri().toString(), type.status().value() + " " + type.title());
        }
        assertThat(wire).containsExactly(
                Map.entry("urn:smart-grid:problem:invalid-request", "400 Invalid request"),
                Map.entry("urn:smart-grid:problem:unauthorized", "401 Unauthorized"),
                Map.entry("urn:smart-grid:problem:session-not-found", "404 Session not found"),
                Map.entry("urn:smart-grid:problem:substation-not-found", "404 Substation not found"),
                Map.entry("urn:smart-grid:problem:substation-full", "409 Substation full"),
                Map.entry("urn:smart-grid:problem:above-ceiling", "409 Above the ceiling"),
                Map.entry("urn:smart-grid:problem:substation-draining", "409 Substation draining"),
                Map.entry("urn:smart-grid:problem:session-cancelled", "409 Session cancelled"),
                Map.entry("urn:smart-grid:problem:payload-too-large", "413 Payload too large"),
                Map.entry("urn:smart-grid:problem:idempotency-key-reused", "422 Idempotency key reused"),
                Map.entry("urn:smart-grid:problem:idempotency-key-in-progress", "409 Idempotency key in progress"),
                Map.entry("urn:smart-grid:problem:grid-full", "503 Grid full"),
                Map.entry("urn:smart-grid:problem:grid-unavailable", "503 Grid unavailable"),
                Map.entry("urn:smart-grid:problem:storage-unavailable", "503 Storage unavailable"),
                Map.entry("urn:smart-grid:problem:internal", "500 Internal error"));
    }

    @Test
    void aTypeRecognisesItsUriWhateverItComesAs() {
        assertThat(ProblemType.GRID_FULL.is("urn:smart-grid:problem:grid-full")).isTrue();
        assertThat(ProblemType.GRID_FULL.is(ProblemType.GRID_FULL.uri())).isTrue();
        assertThat(ProblemType.GRID_FULL.is("urn:smart-grid:problem:grid-unavailable")).isFalse();
        assertThat(ProblemType.GRID_FULL.is(null)).isFalse();
    }

    @Test
    void aRenamedTypeStillRecognisesItsFormerUriButNeverSendsIt() {
        assertThat(ProblemType.ABOVE_CEILING.is("urn:smart-grid:problem:above-ceiling")).isTrue();
        assertThat(ProblemType.ABOVE_CEILING.is("urn:smart-grid:problem:not-least-loaded")).isTrue();
        assertThat(ProblemType.ABOVE_CEILING.problem("x").getType().toString())
                .isEqualTo("urn:smart-grid:problem:above-ceiling");
        assertThat(ProblemType.SUBSTATION_FULL.is("urn:smart-grid:problem:not-least-loaded")).isFalse();
    }

    @Test
    void theFixedProblemsOfBareStatusesAreValidJsonOfTheirTypes() {
        Map<Integer, String> types = Map.of(400, "urn:smart-grid:problem:invalid-request",
                401, "urn:smart-grid:problem:unauthorized", 404, "about:blank",
                413, "urn:smart-grid:problem:payload-too-large", 500, "urn:smart-grid:problem:internal",
                502, "urn:smart-grid:problem:internal", 503, "urn:smart-grid:problem:grid-unavailable",
                405, "about:blank");
        types.forEach((status, type) -> {
            JsonNode problem = JsonMapper.shared().readTree(StatusProblems.json(StatusProblems.sanitised(status)));
            assertThat(problem.path("type").asString()).as("%d", status).isEqualTo(type);
            assertThat(problem.path("status").asInt()).isEqualTo(StatusProblems.sanitised(status));
            assertThat(problem.path("title").asString()).isNotBlank();
        });
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndNeverZero() {
        assertThat(ProblemException.retryAfterSeconds(Duration.ZERO)).isEqualTo(1);
        assertThat(ProblemException.retryAfterSeconds(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(ProblemException.retryAfterSeconds(Duration.ofSeconds(5))).isEqualTo(5);
        assertThat(ProblemException.retryAfterSeconds(Duration.ofMillis(5001))).isEqualTo(6);
    }
}
