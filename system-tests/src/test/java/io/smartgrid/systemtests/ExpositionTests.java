package io.smartgrid.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ExpositionTests {

    private static final String TEXT = """
            # HELP substation_load_kw Power drawn now, kW
            # TYPE substation_load_kw gauge
            substation_load_kw{application="substation-service",substation="substation-2"} 44.0
            # TYPE balancer_decision_seconds histogram
            balancer_decision_seconds_bucket{application="load-balancer",le="0.001"} 3
            balancer_decision_seconds_bucket{application="load-balancer",le="+Inf"} 5
            balancer_decision_seconds_count{application="load-balancer"} 5 1700000000000
            http_server_requests_seconds_count{uri="/charge/{sessionId}",exception="a \\"quoted\\", comma\\\\"} 2.0
            jvm_threads_live_threads 12
            """;

    @Test
    void readsNamesLabelsValuesAndTypes() {
        Exposition exposition = Exposition.parse(TEXT);

        assertThat(exposition.samples()).hasSize(6);
        assertThat(exposition.types()).containsEntry("substation_load_kw", "gauge")
                .containsEntry("balancer_decision_seconds", "histogram");
        assertThat(exposition.samples("substation_load_kw")).singleElement().satisfies(s -> {
            assertThat(s.labels()).containsExactly(Map.entry("application", "substation-service"),
                    Map.entry("substation", "substation-2"));
            assertThat(s.value()).isEqualTo(44.0);
        });
        assertThat(exposition.samples("jvm_threads_live_threads")).singleElement()
                .satisfies(s -> assertThat(s.labels()).isEmpty());
    }

    @Test
    void readsInfinityTimestampsAndEscapedLabelValues() {
        Exposition exposition = Exposition.parse(TEXT);

        assertThat(exposition.samples("balancer_decision_seconds_bucket")).extracting(s -> s.label("le"))
                .containsExactly("0.001", "+Inf");
        assertThat(exposition.sum("balancer_decision_seconds_count", Map.of())).isEqualTo(5);
        assertThat(exposition.samples("http_server_requests_seconds_count")).singleElement().satisfies(s -> {
            assertThat(s.label("uri")).isEqualTo("/charge/{sessionId}");
            assertThat(s.label("exception")).isEqualTo("a \"quoted\", comma\\");
        });
    }

    @Test
    void sumsOnlyTheSamplesThatCarryEveryGivenLabel() {
        Exposition exposition = Exposition.parse("""
                balancer_assignments_total{substation="substation-1",outcome="assigned"} 2.0
                balancer_assignments_total{substation="substation-1",outcome="full"} 1.0
                balancer_assignments_total{substation="substation-2",outcome="assigned"} 4.0
                """);

        assertThat(exposition.sum("balancer_assignments_total", Map.of("outcome", "assigned"))).isEqualTo(6);
        assertThat(exposition.sum("balancer_assignments_total", Map.of("substation", "substation-1"))).isEqualTo(3);
        assertThat(exposition.sum("balancer_assignments_total", Map.of("substation", "substation-3"))).isZero();
    }
}
