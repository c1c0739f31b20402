package io.smartgrid.substation.charging;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import io.smartgrid.substation.allocation.AllocationPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@WebMvcTest(SessionController.class)
@Import(SessionControllerTests.Station.class)
class SessionControllerTests {

    private static final String INVALID_REQUEST = "urn:smart-grid:problem:invalid-request";

    @Autowired
    private MockMvcTester mvc;

    @TestConfiguration(proxyBeanMethods = false)
    static class Station {

        @Bean
        ChargingStation chargingStation() {
            return new ChargingStation("substation-7", 300, 60, 1000,
                    new MutableClock(Instant.parse("2026-11-21T08:00:00Z")), AllocationPolicy.MAX_MIN,
                    SubstationProperties.Waitlist.DEFAULT);
        }
    }

    static Stream<Arguments> badRequests() {
        String tooLong = "E".repeat(65);
        return Stream.of(
                arguments("{}", List.of("vehicleId")),
                arguments("{\"powerKw\": 11}", List.of("vehicleId")),
                arguments("{\"vehicleId\": null}", List.of("vehicleId")),
                arguments("{\"vehicleId\": \"\"}", List.of("vehicleId")),
                arguments("{\"vehicleId\": \"EV 42\"}", List.of("vehicleId")),
                arguments("{\"vehicleId\": \"EV/42\"}", List.of("vehicleId")),
                arguments("{\"vehicleId\": \"" + tooLong + "\"}", List.of("vehicleId")),
                arguments("{\"vehicleId\": {\"id\": 1}}", List.of("vehicleId")),
                arguments("{\"vehicleId\": \"EV-1\", \"powerKw\": 0.99}", List.of("powerKw")),
                arguments("{\"vehicleId\": \"EV-1\", \"powerKw\": 350.01}", List.of("powerKw")),
                arguments("{\"vehicleId\": \"EV-1\", \"powerKw\": -11}", List.of("powerKw")),
                arguments("{\"vehicleId\": \"EV-1\", \"powerKw\": 1e400}", List.of("powerKw")),
                arguments("{\"vehicleId\": \"EV-1\", \"powerKw\": \"NaN\"}", List.of("powerKw")),
                arguments("{\"vehicleId\": \"EV-1\", \"powerKw\": \"fast\"}", List.of("powerKw")),
                arguments("{\"vehicleId\": \"EV-1\", \"powerKw\": true}", List.of("powerKw")),
                arguments("{\"vehicleId\": \"EV-1\", \"energyKwh\": 0.09}", List.of("energyKwh")),
                arguments("{\"vehicleId\": \"EV-1\", \"energyKwh\": 200.5}", List.of("energyKwh")),
                arguments("{\"vehicleId\": \"EV-1\", \"energyKwh\": [20]}", List.of("energyKwh")),
                arguments("{\"vehicleId\": \"\", \"powerKw\": 0, \"energyKwh\": 500}",
                        List.of("energyKwh", "powerKw", "vehicleId")),
                arguments("", List.of("body")),
                arguments("null", List.of("body")),
                arguments("[]", List.of("body")),
                arguments("\"EV-1\"", List.of("body")),
                arguments("{\"vehicleId\": \"EV-1\",", List.of("body")),
                arguments("{vehicleId: EV-1}", List.of("body")),
                arguments("{\"vehicleId\": \"EV-1\", \"sessionId\": \"substation-7\"}", List.of("sessionId")),
                arguments("{\"vehicleId\": \"EV-1\", \"sessionId\": \"substation-7.42\"}", List.of("sessionId")),
                arguments("{\"vehicleId\": \"EV-1\", "
                        + "\"sessionId\": \"substation-8.00000000-0000-0000-0000-000000000001\"}", List.of("sessionId")),
                arguments("{\"vehicleId\": \"EV-1\", \"sessionId\": 7}", List.of("sessionId")),
                arguments("{\"vehicleId\": \"\", \"sessionId\": \"x\"}", List.of("sessionId", "vehicleId")),
                arguments("{\"vehicleId\": \"EV-1\", \"ceiling\": 0}", List.of("ceiling")),
                arguments("{\"vehicleId\": \"EV-1\", \"ceiling\": -0.5}", List.of("ceiling")),
                arguments("{\"vehicleId\": \"EV-1\", \"ceiling\": \"NaN\"}", List.of("ceiling")),
                arguments("{\"vehicleId\": \"EV-1\", \"ceiling\": 1e400}", List.of("ceiling")),
                arguments("{\"vehicleId\": \"EV-1\", \"ceiling\": \"low\"}", List.of("ceiling")),
                arguments("{\"vehicleId\": \"EV-1\", \"ceiling\": [0.5]}", List.of("ceiling")),
                arguments("{\"vehicleId\": \"EV-1\", \"maxUtilization\": 0}", List.of("ceiling")),
                arguments("{\"vehicleId\": \"EV-1\", \"powerKw\": 7, \"minPowerKw\": 11}", List.of("minPowerKw")),
                arguments("{\"vehicleId\": \"EV-1\", \"minPowerKw\": 11.5}", List.of("minPowerKw")),
                arguments("{\"vehicleId\": \"EV-1\", \"minPowerKw\": 0.5}", List.of("minPowerKw")),
                arguments("{\"vehicleId\": \"EV-1\", \"minPowerKw\": \"NaN\"}", List.of("minPowerKw")),
                arguments("{\"vehicleId\": \"EV-1\", \"departureAt\": \"tomorrow\"}", List.of("departureAt")),
                arguments("{\"vehicleId\": \"EV-1\", \"departureAt\": [7]}", List.of("departureAt")),
                arguments("{\"vehicleId\": \"\", \"powerKw\": 2, \"minPowerKw\": 0.5}",
                        List.of("minPowerKw", "vehicleId")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badInputIsAProblemNamingEveryOffendingField(String body, List<String> fields) throws Exception {
        MvcTestResult result = mvc.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON).content(body)
                .exchange();

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(INVALID_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(400);
        assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray()
                .containsExactlyElementsOf(fields);
        assertThat(result).bodyJson().extractingPath("$.errors[*].message").asArray()
                .hasSize(fields.size()).allSatisfy(message -> assertThat(message).asString().isNotBlank());
        assertThat(result.getResponse().getContentAsString()).doesNotContainIgnoringCase("exception")
                .doesNotContain("tools.jackson").doesNotContain("java.");
    }

    @Test
    void admitsWithDefaultsAndPointsToTheSession() {
        MvcTestResult result = mvc.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"vehicleId\": \"EV-42\"}").exchange();

        assertThat(result).hasStatus(HttpStatus.CREATED).hasContentType(MediaType.APPLICATION_JSON);
        assertThat(result).bodyJson().extractingPath("$.session.vehicleId").isEqualTo("EV-42");
        assertThat(result).bodyJson().extractingPath("$.session.substationId").isEqualTo("substation-7");
        assertThat(result).bodyJson().extractingPath("$.session.powerKw").isEqualTo(11.0);
        assertThat(result).bodyJson().extractingPath("$.session.energyKwh").isEqualTo(20.0);
        assertThat(result).bodyJson().extractingPath("$.session.deliveredKwh").isEqualTo(0.0);
        assertThat(result).bodyJson().extractingPath("$.session.status").isEqualTo("CHARGING");
        assertThat(result).bodyJson().extractingPath("$.session.startedAt").isEqualTo("2026-11-21T08:00:00Z");
        assertThat(result).bodyJson().extractingPath("$.session.endedAt").isNull();
        assertThat(result).bodyJson().extractingPath("$.load.substationId").isEqualTo("substation-7");
        assertThat(result).bodyJson().extractingPath("$.load.capacityKw").isEqualTo(300.0);
        assertThat(result).bodyJson().extractingPath("$.load.version").isNotNull();
        String sessionId = result.getResponse().getHeader("Location").substring("/sessions/".length());
        assertThat(sessionId).startsWith("substation-7.");
        assertThat(result).bodyJson().extractingPath("$.session.sessionId").isEqualTo(sessionId);
    }

    @Test
    void aCallerChosenIdIsUsedAndARepeatIsAnsweredWithTheSameSessionWithoutASecondAdmission() throws Exception {
        String sessionId = "substation-7." + UUID.randomUUID();
        String body = "{\"vehicleId\": \"EV-5\", \"powerKw\": 50, \"sessionId\": \"" + sessionId + "\"}";

        MvcTestResult created = mvc.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON).content(body)
                .exchange();
        MvcTestResult repeated = mvc.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON).content(body)
                .exchange();

        assertThat(created).hasStatus(HttpStatus.CREATED);
        assertThat(created.getResponse().getHeader("Location")).isEqualTo("/sessions/" + sessionId);
        assertThat(created).bodyJson().extractingPath("$.session.sessionId").isEqualTo(sessionId);
        double loadAfterFirst = (double) JsonPath.read(created.getResponse().getContentAsString(), "$.load.loadKw");
        assertThat(repeated).hasStatus(HttpStatus.OK).hasContentType(MediaType.APPLICATION_JSON);
        assertThat(repeated).bodyJson().extractingPath("$.session.sessionId").isEqualTo(sessionId);
        assertThat(repeated).bodyJson().extractingPath("$.session.status").isEqualTo("CHARGING");
        assertThat(repeated).bodyJson().extractingPath("$.load.loadKw").isEqualTo(loadAfterFirst);
    }

    @Test
    void aStartWhoseIdWasAlreadyStoppedIsACancelledConflict() {
        String sessionId = "substation-7." + UUID.randomUUID();
        assertThat(mvc.delete().uri("/sessions/" + sessionId).exchange()).hasStatus(HttpStatus.NOT_FOUND);

        MvcTestResult late = mvc.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"vehicleId\": \"EV-5\", \"powerKw\": 50, \"sessionId\": \"" + sessionId + "\"}").exchange();

        assertThat(late).hasStatus(HttpStatus.CONFLICT).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(late).bodyJson().extractingPath("$.type").isEqualTo("urn:smart-grid:problem:session-cancelled");
        assertThat(late).bodyJson().extractingPath("$.load.activeSessions").isEqualTo(0);
    }

    @Test
    void aCallerWhoAsksToWaitIsAcceptedOnTheWaitlistWithItsPositionAndCanCancel() {
        // The station is shared by these tests: one more session makes sure a minimum of 300 kW does not fit.
        MvcTestResult small = mvc.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"vehicleId\": \"EV-1\", \"powerKw\": 2}").exchange();
        MvcTestResult waiting = mvc.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"vehicleId\": \"EV-2\", \"powerKw\": 300, \"minPowerKw\": 300, \"waitlist\": true}")
                .exchange();

        assertThat(waiting).hasStatus(HttpStatus.ACCEPTED).hasContentType(MediaType.APPLICATION_JSON);
        assertThat(waiting).bodyJson().extractingPath("$.session.status").isEqualTo("WAITING");
        assertThat(waiting).bodyJson().extractingPath("$.session.position").isEqualTo(1);
        assertThat(waiting).bodyJson().extractingPath("$.session.startedAt").isNull();
        assertThat(waiting).bodyJson().extractingPath("$.load.waiting").isEqualTo(1);
        String location = waiting.getResponse().getHeader("Location");
        assertThat(mvc.get().uri(location).exchange()).bodyJson().extractingPath("$.session.status")
                .isEqualTo("WAITING");

        MvcTestResult cancelled = mvc.delete().uri(location).exchange();
        String smallId = small.getResponse().getHeader("Location");
        assertThat(mvc.delete().uri(smallId).exchange()).hasStatus(HttpStatus.OK);

        assertThat(cancelled).hasStatus(HttpStatus.OK);
        assertThat(cancelled).bodyJson().extractingPath("$.session.status").isEqualTo("STOPPED");
        assertThat(cancelled).bodyJson().extractingPath("$.session.deliveredKwh").isEqualTo(0.0);
        assertThat(cancelled).bodyJson().extractingPath("$.load.waiting").isEqualTo(0);
    }

    @Test
    void fullIsAConflictProblemCarryingTheLoad() {
        MvcTestResult result = mvc.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"vehicleId\": \"EV-1\", \"powerKw\": 301, \"minPowerKw\": 301}").exchange();

        // A minimum of 301 kW is valid input only because validation allows up to 350; this station is rated 300.
        assertThat(result).hasStatus(HttpStatus.CONFLICT).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("urn:smart-grid:problem:substation-full");
        assertThat(result).bodyJson().extractingPath("$.load.substationId").isEqualTo("substation-7");
        assertThat(result).bodyJson().extractingPath("$.load.capacityKw").isEqualTo(300.0);
        assertThat(result).bodyJson().extractingPath("$.load.loadKw").isNotNull();
        assertThat(result).bodyJson().extractingPath("$.load.version").isNotNull();
    }

    /** {@code maxUtilization} is the ceiling's former name, which balancers of the previous version send. */
    @ParameterizedTest
    @ValueSource(strings = { "ceiling", "maxUtilization" })
    void aCeilingBelowTheUtilizationAfterTheSessionIsAnAboveCeilingConflictCarryingTheLoad(String field)
            throws Exception {
        MvcTestResult first = mvc.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"vehicleId\": \"EV-1\", \"powerKw\": 10, \"ceiling\": 1}").exchange();
        double loadBefore = (double) JsonPath.read(first.getResponse().getContentAsString(), "$.load.loadKw");

        // The station is shared by these tests: whatever it carries now, 10 kW more pass this ceiling.
        MvcTestResult result = mvc.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"vehicleId\": \"EV-2\", \"powerKw\": 10, \"" + field + "\": "
                        + (loadBefore / 300) + "}").exchange();
        MvcTestResult load = mvc.get().uri("/load").exchange();

        assertThat(first).hasStatus(HttpStatus.CREATED);
        assertThat(result).hasStatus(HttpStatus.CONFLICT).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("urn:smart-grid:problem:above-ceiling");
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(409);
        assertThat(result).bodyJson().extractingPath("$.load.substationId").isEqualTo("substation-7");
        assertThat(result).bodyJson().extractingPath("$.load.capacityKw").isEqualTo(300.0);
        assertThat(result).bodyJson().extractingPath("$.load.loadKw").isEqualTo(loadBefore);
        assertThat(result).bodyJson().extractingPath("$.load.version").isNotNull();
        assertThat(load).bodyJson().extractingPath("$.loadKw").as("nothing admitted").isEqualTo(loadBefore);
    }

    @Test
    void aRepeatOfAnAdmittedIdIsAnsweredWhateverTheCeilingOfTheRepeat() {
        String sessionId = "substation-7." + UUID.randomUUID();
        String first = "{\"vehicleId\": \"EV-5\", \"powerKw\": 30, \"sessionId\": \"" + sessionId + "\"}";
        String repeat = "{\"vehicleId\": \"EV-5\", \"powerKw\": 30, \"sessionId\": \"" + sessionId
                + "\", \"ceiling\": 0.001}";

        MvcTestResult created = mvc.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON).content(first)
                .exchange();
        MvcTestResult repeated = mvc.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON).content(repeat)
                .exchange();

        assertThat(created).hasStatus(HttpStatus.CREATED);
        assertThat(repeated).hasStatus(HttpStatus.OK);
        assertThat(repeated).bodyJson().extractingPath("$.session.sessionId").isEqualTo(sessionId);
    }

    @Test
    void aCancelledIdIsACancelledConflictWhateverItsCeiling() {
        String sessionId = "substation-7." + UUID.randomUUID();
        assertThat(mvc.delete().uri("/sessions/" + sessionId).exchange()).hasStatus(HttpStatus.NOT_FOUND);

        MvcTestResult late = mvc.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"vehicleId\": \"EV-5\", \"powerKw\": 50, \"sessionId\": \"" + sessionId
                        + "\", \"ceiling\": 0.001}").exchange();

        assertThat(late).hasStatus(HttpStatus.CONFLICT);
        assertThat(late).bodyJson().extractingPath("$.type").isEqualTo("urn:smart-grid:problem:session-cancelled");
    }

    @Test
    void unknownSessionIsANotFoundProblemCarryingTheLoad() {
        for (MvcTestResult result : List.of(
                mvc.get().uri("/sessions/substation-7.00000000-0000-0000-0000-000000000000").exchange(),
                mvc.delete().uri("/sessions/nonsense").exchange())) {
            assertThat(result).hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(result).bodyJson().extractingPath("$.type")
                    .isEqualTo("urn:smart-grid:problem:session-not-found");
            assertThat(result).bodyJson().extractingPath("$.load.substationId").isEqualTo("substation-7");
            assertThat(result).bodyJson().extractingPath("$.load.activeSessions").isNotNull();
        }
    }

    @Test
    void stoppedSessionIsAnsweredWithTheFinalSessionAndTheLoad() {
        MvcTestResult created = mvc.post().uri("/sessions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"vehicleId\": \"EV-9\", \"powerKw\": 22, \"energyKwh\": 40}").exchange();
        String location = created.getResponse().getHeader("Location");

        MvcTestResult stopped = mvc.delete().uri(location).exchange();
        MvcTestResult fetched = mvc.get().uri(location).exchange();

        assertThat(stopped).hasStatus(HttpStatus.OK);
        assertThat(stopped).bodyJson().extractingPath("$.session.status").isEqualTo("STOPPED");
        assertThat(stopped).bodyJson().extractingPath("$.session.endedAt").isEqualTo("2026-11-21T08:00:00Z");
        assertThat(stopped).bodyJson().extractingPath("$.load.version").isNotNull();
        assertThat(fetched).hasStatus(HttpStatus.OK);
        assertThat(fetched).bodyJson().extractingPath("$.session.status").isEqualTo("STOPPED");
        assertThat(fetched).bodyJson().extractingPath("$.session.powerKw").isEqualTo(22.0);
    }

    @Test
    void loadReportsTheStation() {
        MvcTestResult result = mvc.get().uri("/load").exchange();

        assertThat(result).hasStatus(HttpStatus.OK);
        assertThat(result).bodyJson().extractingPath("$.substationId").isEqualTo("substation-7");
        assertThat(result).bodyJson().extractingPath("$.capacityKw").isEqualTo(300.0);
        assertThat(result).bodyJson().extractingPath("$.timestamp").isEqualTo("2026-11-21T08:00:00Z");
        assertThat(result).bodyJson().extractingPath("$.version").isNotNull();
    }
}
