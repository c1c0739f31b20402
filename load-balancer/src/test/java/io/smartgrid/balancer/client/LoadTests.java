package io.smartgrid.balancer.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The load report as substations send it, with and without the {@code draining} flag. */
class LoadTests {

    private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

    @Test
    void aReportWithoutDrainingIsNotDraining() {
        Load load = json.readValue("""
                {"substationId":"substation-2","capacityKw":300.0,"loadKw":44.0,"activeSessions":4,
                 "version":1795000000000123,"timestamp":"2026-11-21T08:00:01.250Z"}""", Load.class);

        assertThat(load).isEqualTo(new Load("substation-2", 300, 44, 4, 1795000000000123L,
                Instant.parse("2026-11-21T08:00:01.250Z")));
        assertThat(load.draining()).isFalse();
    }

    @Test
    void aDrainingReportSaysSo() {
        Load load = json.readValue("""
                {"substationId":"substation-2","capacityKw":300.0,"loadKw":44.0,"activeSessions":4,
                 "version":7,"timestamp":"2026-11-21T08:00:01.250Z","draining":true,"somethingNew":1}""", Load.class);

        assertThat(load.draining()).isTrue();
        assertThat(load.version()).isEqualTo(7);
    }
}
