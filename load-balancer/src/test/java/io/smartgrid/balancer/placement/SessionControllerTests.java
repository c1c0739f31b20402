package io.smartgrid.balancer.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.smartgrid.balancer.client.Session;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@WebMvcTest(SessionController.class)
class SessionControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    SessionService sessions;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{\"powerKw\":11}                                   | vehicleId",
            "{\"vehicleId\":\"\"}                               | vehicleId",
            "{\"vehicleId\":\"EV 42\"}                          | vehicleId",
            "{\"vehicleId\":\"EV/42\"}                          | vehicleId",
            "{\"vehicleId\":\"EV-42\",\"powerKw\":0.5}          | powerKw",
            "{\"vehicleId\":\"EV-42\",\"powerKw\":351}          | powerKw",
            "{\"vehicleId\":\"EV-42\",\"powerKw\":\"fast\"}     | powerKw",
            "{\"vehicleId\":\"EV-42\",\"energyKwh\":0.05}       | energyKwh",
            "{\"vehicleId\":\"EV-42\",\"energyKwh\":200.5}      | energyKwh",
            "{\"vehicleId\":\"EV-42\",\"energyKwh\":[1]}        | energyKwh",
            "{\"vehicleId\":\"EV-42\"                           | body",
            "not json at all                                    | body",
            "''                                                 | body",
    })
    void rejectsBadInputWithAProblemNamingTheField(String body, String field) throws Exception {
        mvc.perform(post("/sessions").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:smart-grid:problem:invalid-request"))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.errors[*].field").value(field))
                .andExpect(jsonPath("$.errors[0].message").isNotEmpty());
        verifyNoInteractions(sessions);
    }

    @Test
    void namesEveryOffendingField() throws Exception {
        MvcResult result = mvc.perform(post("/sessions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"vehicleId\":\"a b\",\"powerKw\":1000,\"energyKwh\":-1}"))
                .andExpect(status().isBadRequest())
                .andReturn();

        assertThat(result.getResponse().getContentAsString())
                .contains("\"field\":\"energyKwh\"", "\"field\":\"powerKw\"", "\"field\":\"vehicleId\"");
    }

    @Test
    void answersCreatedWithTheSessionAndItsLocation() throws Exception {
        Session session = new Session("substation-2.abc", "EV-42", "substation-2", 11, 20, 0, "CHARGING",
                Instant.parse("2026-11-21T08:00:00Z"), null);
        given(sessions.start(any())).willReturn(session);

        mvc.perform(post("/sessions").contentType(MediaType.APPLICATION_JSON).content("{\"vehicleId\":\"EV-42\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/sessions/substation-2.abc"))
                .andExpect(jsonPath("$.sessionId").value("substation-2.abc"))
                .andExpect(jsonPath("$.startedAt").value("2026-11-21T08:00:00Z"))
                .andExpect(jsonPath("$.endedAt").isEmpty());
    }

    @Test
    void answersAcceptedWithTheLocationForASessionThatWaits() throws Exception {
        Session session = new Session("substation-2.abc", "EV-42", "substation-2", 11, 20, 0, Session.WAITING, null,
                null, 1.4, null, 0.0, null, 2, Instant.parse("2026-11-21T08:05:00Z"));
        given(sessions.start(any())).willReturn(session);

        mvc.perform(post("/sessions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"vehicleId\":\"EV-42\",\"waitlist\":true}"))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", "/sessions/substation-2.abc"))
                .andExpect(jsonPath("$.status").value("WAITING"))
                .andExpect(jsonPath("$.position").value(2))
                .andExpect(jsonPath("$.estimatedStartAt").value("2026-11-21T08:05:00Z"));
        verify(sessions).start(org.mockito.ArgumentMatchers.argThat(SessionRequest::mayWait));
    }

    @Test
    void answersGridFullAsServiceUnavailableWithRetryAfter() throws Exception {
        given(sessions.start(any())).willThrow(GridUnavailableException.full(Duration.ofMillis(4500)));

        mvc.perform(post("/sessions").contentType(MediaType.APPLICATION_JSON).content("{\"vehicleId\":\"EV-42\"}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:smart-grid:problem:grid-full"));
    }

    @Test
    void neverLeaksAnExceptionMessage() throws Exception {
        given(sessions.get("s-1.x")).willThrow(new IllegalStateException("secret detail"));

        MvcResult result = mvc.perform(get("/sessions/s-1.x"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value("urn:smart-grid:problem:internal"))
                .andReturn();

        assertThat(result.getResponse().getContentAsString()).doesNotContain("secret", "IllegalState");
    }
}
