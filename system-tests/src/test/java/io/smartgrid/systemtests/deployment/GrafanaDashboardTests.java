package io.smartgrid.systemtests.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import io.smartgrid.systemtests.ProjectFiles;
import io.smartgrid.systemtests.ContractMetrics;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The provisioned dashboards are current Grafana JSON that queries only the contract's metrics through the provisioned data source. */
class GrafanaDashboardTests {

    private static final Set<String> PANEL_TYPES = Set.of("timeseries", "stat", "gauge", "bargauge", "table", "text");

    /** What an operator needs to follow a rush hour, power sharing and the waitlist included; each must be on the dashboard. */
    private static final Set<String> STORY = Set.of("substation_load_kw", "substation_utilization_ratio", "substation_capacity_kw",
            "substation_load", "charge_requests_total", "http_server_requests_seconds_bucket", "balancer_assignments_total",
            "substation_admissions_rejected_total", "balancer_substation_healthy", "balancer_load_age_seconds",
            "substation_demand_kw", "substation_allocation_ratio", "substation_allocation_min_ratio", "substation_sessions_waiting");

    private static final Map<String, Map<String, Object>> DASHBOARDS = new LinkedHashMap<>();

    @BeforeAll
    static void readDashboards() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        try (Stream<Path> files = Files.list(ProjectFiles.file("monitoring/grafana/dashboards"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).sorted().toList()) {
                DASHBOARDS.put(file.getFileName().toString(), Yamls.map(json.readValue(Files.readString(file), Map.class), file.toString()));
            }
        }
    }

    @Test
    void smartGridDashboardIsCurrentGrafanaJson() {
        assertThat(DASHBOARDS).containsKey("smart-grid.json");
        Set<String> uids = new HashSet<>();
        DASHBOARDS.forEach((file, dashboard) -> {
            assertThat(dashboard.get("schemaVersion")).as("%s schemaVersion", file).isInstanceOf(Integer.class);
            assertThat((Integer) dashboard.get("schemaVersion")).as("%s schemaVersion", file).isGreaterThanOrEqualTo(39);
            assertThat(dashboard.get("uid")).as("%s uid", file).isInstanceOf(String.class);
            assertThat(uids.add((String) dashboard.get("uid"))).as("%s uid is unique", file).isTrue();
            assertThat(dashboard.get("title")).as("%s title", file).isInstanceOf(String.class);
        });
    }

    @Test
    void panelsAreCurrentTypesWithUniqueIdsOnTheGrid() {
        DASHBOARDS.forEach((file, dashboard) -> {
            Set<Object> ids = new HashSet<>();
            List<Map<String, Object>> panels = panels(file, dashboard);
            assertThat(panels).as("%s panels", file).isNotEmpty();
            assertThat(panels).map(panel -> panel.get("type")).as("%s panel types", file).allMatch(PANEL_TYPES::contains);
            assertThat(panels).map(panel -> panel.get("type")).as("%s tells its story in time", file).contains("timeseries", "stat");
            for (Map<String, Object> panel : panels) {
                assertThat(ids.add(panel.get("id"))).as("%s: panel id %s is unique", file, panel.get("id")).isTrue();
                assertThat(panel.get("title")).as("%s: panel %s has a title", file, panel.get("id")).isInstanceOf(String.class);
                Map<String, Object> grid = Yamls.map(panel.get("gridPos"), "gridPos of " + panel.get("title"));
                assertThat((Integer) grid.get("x") + (Integer) grid.get("w")).as("%s fits the 24-column grid", panel.get("title")).isLessThanOrEqualTo(24);
            }
        });
    }

    @Test
    void everyQueryGoesThroughTheProvisionedDataSource() {
        String uid = GrafanaProvisioning.datasourceUid();
        forEachQueryPanel((title, panel) -> {
            assertThat(Yamls.map(panel.get("datasource"), title + " datasource")).as("%s data source", title)
                    .containsEntry("uid", uid).containsEntry("type", "prometheus");
            for (Object target : targets(title, panel)) {
                Object datasource = Yamls.map(target, title + " target").get("datasource");
                if (datasource != null) {
                    assertThat(Yamls.map(datasource, title + " target datasource")).as("%s target data source", title).containsEntry("uid", uid);
                }
            }
        });
    }

    @Test
    void queriesUseOnlyContractMetrics() {
        Set<String> used = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        forEachQueryPanel((title, panel) -> expressions(title, panel).forEach(expression -> {
            Set<String> names = PromQl.metricNames(expression);
            assertThat(names).as("%s queries some metric: %s", title, expression).isNotEmpty();
            names.stream().filter(name -> !ContractMetrics.isContractSeries(name)).forEach(name -> unknown.add(title + ": " + name));
            used.addAll(names);
        }));
        assertThat(unknown).as("metric names the contract does not list").isEmpty();
        assertThat(used).containsAll(STORY);
    }

    @Test
    void latencyComesFromTheChargeEndpointHistogram() {
        List<String> quantiles = new ArrayList<>();
        // Request latency is the public endpoint's; other histograms (the balancer's decision time) are their own panels.
        forEachQueryPanel((title, panel) -> expressions(title, panel).stream()
                .filter(expression -> expression.contains("histogram_quantile") && expression.contains("http_server_requests_seconds_bucket"))
                .forEach(expression -> {
                    assertThat(expression).contains("application=\"charge-request-service\"", "uri=\"/charge\"", "by (le)");
                    quantiles.add(expression.substring(expression.indexOf('(') + 1, expression.indexOf(',')).strip());
                }));
        assertThat(quantiles).containsExactlyInAnyOrder("0.50", "0.95", "0.99");
    }

    @Test
    void promtoolParsesEveryQuery() throws Exception {
        var promtool = ExternalCommand.find("promtool");
        assumeTrue(promtool.isPresent(), "promtool is not installed (apt-get install prometheus); skipping the PromQL syntax check");
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        List<String> all = new ArrayList<>();
        forEachQueryPanel((title, panel) -> all.addAll(expressions(title, panel)));
        for (int i = 0; i < all.size(); i++) {
            // JSON strings are valid YAML scalars, which keeps quotes inside PromQL intact.
            rules.append("      - record: dashboard:query").append(i).append("\n        expr: ")
                    .append(JsonMapper.builder().build().writeValueAsString(all.get(i))).append('\n');
        }
        Path file = Files.createTempFile("dashboard-queries", ".yml");
        try {
            Files.writeString(file, rules);
            ExternalCommand.Result result = promtool.get().run("check", "rules", file.toString());
            assertThat(result.exitCode()).as("promtool said: %s", result.output()).isZero();
            assertThat(result.output()).contains(all.size() + " rules found");
        }
        finally {
            Files.delete(file);
        }
    }

    private static void forEachQueryPanel(BiConsumer<String, Map<String, Object>> check) {
        DASHBOARDS.forEach((file, dashboard) -> panels(file, dashboard).stream()
                .filter(panel -> !"text".equals(panel.get("type")))
                .forEach(panel -> check.accept(file + " / " + panel.get("title"), panel)));
    }

    private static List<Map<String, Object>> panels(String file, Map<String, Object> dashboard) {
        return Yamls.list(dashboard.get("panels"), file + " panels").stream().map(panel -> Yamls.map(panel, file + " panel")).toList();
    }

    private static List<Object> targets(String title, Map<String, Object> panel) {
        List<Object> targets = Yamls.list(panel.get("targets"), title + " targets");
        assertThat(targets).as("%s has queries", title).isNotEmpty();
        return targets;
    }

    private static List<String> expressions(String title, Map<String, Object> panel) {
        return targets(title, panel).stream().map(target -> Yamls.map(target, title + " target").get("expr"))
                .map(expression -> {
                    assertThat(expression).as("%s query", title).isInstanceOf(String.class);
                    return (String) expression;
                }).toList();
    }
}
