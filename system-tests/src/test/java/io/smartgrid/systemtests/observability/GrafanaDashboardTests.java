package io.smartgrid.systemtests.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class GrafanaDashboardTests {

    @Test
    void collectsTheTargetsOfEveryPanelIncludingThoseInsideCollapsedRows() throws IOException {
        GrafanaDashboard dashboard = fixture();

        assertThat(dashboard.title()).isEqualTo("Dashboard checker fixture");
        assertThat(dashboard.queries()).extracting(q -> q.panelTitle() + "/" + q.refId()).containsExactly(
                "Load by substation/A", "Load by substation/B", "Decision time/A",
                "Charge requests by outcome/A", "Charge requests by outcome/B", "Deliberately missing metric/A");
    }

    @Test
    void replacesVariablesAsGrafanaWouldWithAllSubstationsSelected() throws IOException {
        Map<String, String> promql = fixture().queries().stream()
                .collect(java.util.stream.Collectors.toMap(q -> q.panelTitle() + "/" + q.refId(), GrafanaDashboard.Query::promql));

        assertThat(promql.get("Load by substation/A")).isEqualTo("substation_load_kw{substation=~\".*\"}");
        // An equality matcher on an "All" variable must become a regex match to match anything.
        assertThat(promql.get("Load by substation/B")).isEqualTo("substation_capacity_kw{substation=~\".*\"}");
        assertThat(promql.get("Decision time/A"))
                .isEqualTo("histogram_quantile(0.95, sum by (le) (rate(balancer_decision_seconds_bucket[1m])))");
        assertThat(promql.get("Charge requests by outcome/A")).isEqualTo("sum by (outcome) (increase(charge_requests_total[5m]))");
        assertThat(promql.get("Charge requests by outcome/B"))
                .isEqualTo("sum(rate(substation_sessions_started_total{substation=~\".*\"}[15s]))");
    }

    @Test
    void handlesNegatedMatchersFormattedVariablesAndUnknownVariables() {
        assertThat(GrafanaDashboard.promql("up{job!=\"$job\", substation=~\"${substation:regex}\"}", Map.of()))
                .isEqualTo("up{job!~\".*\", substation=~\".*\"}");
        assertThat(GrafanaDashboard.promql("rate(x{a=\"$a\"}[$__rate_interval]) * $__interval_ms", Map.of("a", "one")))
                .isEqualTo("rate(x{a=\"one\"}[1m]) * 15000");
    }

    @Test
    void readsDashboardsExportedWithTheirEnvelope() {
        GrafanaDashboard dashboard = GrafanaDashboard.parse("""
                {"dashboard": {"title": "Wrapped", "panels": [
                  {"title": "Up", "targets": [{"refId": "A", "expr": "up"}, {"refId": "B", "expr": " "}]}]}}
                """);

        assertThat(dashboard.title()).isEqualTo("Wrapped");
        assertThat(dashboard.queries()).extracting(GrafanaDashboard.Query::promql).containsExactly("up");
    }

    private GrafanaDashboard fixture() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/observability/checker-dashboard.json")) {
            return GrafanaDashboard.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
