package io.smartgrid.substation.charging;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

@WebMvcTest(SessionController.class)
class ProblemAdviceTests {

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private ChargingStation station;

    @Test
    void anUnexpectedFailureIsAGenericProblemWithoutItsMessage() throws Exception {
        given(station.load()).willThrow(new IllegalStateException("secret internal detail"));

        MvcTestResult result = mvc.get().uri("/load").exchange();

        assertThat(result).hasStatus(HttpStatus.INTERNAL_SERVER_ERROR)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").isEqualTo("urn:smart-grid:problem:internal");
        assertThat(result.getResponse().getContentAsString()).doesNotContain("secret")
                .doesNotContain("IllegalStateException");
    }
}
