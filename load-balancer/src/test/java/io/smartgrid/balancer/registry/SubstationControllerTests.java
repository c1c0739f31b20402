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
                .andExpect(jsonPath("$[0].lastUpdated").isEmpty());
    }
}
