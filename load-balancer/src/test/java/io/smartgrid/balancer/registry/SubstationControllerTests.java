package io.smartgrid.balancer.registry;

import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(SubstationController.class)
class SubstationControllerTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    SubstationRegistry registry;

    @Test
    void listsSubstationsWithNullLastUpdatedBeforeTheFirstReport() throws Exception {
        given(registry.snapshot()).willReturn(List.of(new SubstationSnapshot(
                "substation-1", URI.create("http://localhost:8082"), 0, 0, 0, false, null, 0)));

        mvc.perform(get("/substations"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value("substation-1"))
                .andExpect(jsonPath("$[0].url").value("http://localhost:8082"))
                .andExpect(jsonPath("$[0].utilization").value(0.0))
                .andExpect(jsonPath("$[0].healthy").value(false))
                .andExpect(jsonPath("$[0].lastUpdated").isEmpty())
                .andExpect(jsonPath("$[0].waiting").value(0));
    }

    @Test
    void showsHowManyWaitAtEachSubstation() throws Exception {
        given(registry.snapshot()).willReturn(List.of(new SubstationSnapshot("substation-1",
                URI.create("http://localhost:8082"), 100, 100, 10, true, null, 0, false, false, 140, 3)));

        mvc.perform(get("/substations"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].demandKw").value(140.0))
                .andExpect(jsonPath("$[0].waiting").value(3));
    }
}
