package io.smartgrid.systemtests.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.localgrid.GridSpec;
import io.smartgrid.systemtests.GridHttp;
import io.smartgrid.systemtests.ProjectFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * Grafana cannot run here, so its dashboards are checked the way Grafana would use them: a real
 * Prometheus scrapes a real grid under the project's job names, and every query of every panel
 * must come back with data after a known mix of traffic. A panel that shows nothing fails.
 */
class DashboardQueriesTests {

    private static final String DASHBOARDS = "monitoring/grafana/dashboards";

    @TempDir
    static Path workDir;

    private static final GridHttp http = new GridHttp();
    private static Grid grid;
    private static PrometheusServer prometheus;
    private static ScrapeConfig scrapeConfig;
    private static Traffic.Result traffic;

    @BeforeAll
    static void startGridPrometheusAndTraffic() throws IOException {
        if (!PrometheusServer.installed()) {
            // Each test then reports itself skipped, with the reason (an aborted @BeforeAll shows nothing).
            return;
        }
        grid = Grid.start(GridSpec.onFreePorts(GridSpec.DEFAULT_CAPACITIES_KW, 60)
                .with("grid.balancer.poll-interval", "200ms"));
        http.awaitAllHealthy(grid);
        scrapeConfig = ScrapeConfig.ofProject(ProjectFiles.root());
        prometheus = PrometheusServer.start(workDir, scrapeConfig.render(grid), http);

        int expectedTargets = 2 + grid.substations().size();
        await("every target is up").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(prometheus.activeTargets()).hasSize(expectedTargets)
                        .allSatisfy(t -> assertThat(t.path("health").asString()).as("%s", t).isEqualTo("up")));

        traffic = new Traffic(grid, http).drive(3, 3);

        // Scraped every second since before the traffic, so once the totals are in, rates have their samples.
        await("Prometheus has scraped the traffic").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(scalar("sum(substation_sessions_started_total)"))
                        .isEqualTo(traffic.createdTotal()));
    }

    @BeforeEach
    void needsPrometheus() {
        assumeTrue(PrometheusServer.installed(), "Prometheus is not installed at " + PrometheusServer.BINARY
                + " (Debian package 'prometheus', or -Dprometheus.binary=...): the dashboard queries are not checked");
    }

    @AfterAll
    static void stopAll() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    void everyServiceIsScrapedUnderTheJobNamesOfTheProjectsPrometheusConfiguration() {
        Set<String> expected = new TreeSet<>();
        expected.add(scrapeConfig.charge().job());
        expected.add(scrapeConfig.balancer().job());
        scrapeConfig.substations().forEach(t -> expected.add(t.job()));
        JsonNode targets = prometheus.activeTargets();
        Set<String> jobs = new TreeSet<>();
        targets.forEach(t -> jobs.add(t.path("labels").path("job").asString()));
        assertThat(jobs).isEqualTo(expected);
        assertThat(targets).allSatisfy(t -> {
            assertThat(t.path("health").asString()).as("%s", t).isEqualTo("up");
            assertThat(t.path("scrapeUrl").asString()).endsWith("/actuator/prometheus");
        });
        // Every service's own application label comes through the scrape unchanged.
        JsonNode applications = prometheus.query("count by (application) ({application!=\"\"})").path("data").path("result");
        Set<String> names = new TreeSet<>();
        applications.forEach(r -> names.add(r.path("metric").path("application").asString()));
        assertThat(names).containsExactlyInAnyOrder(MetricsContractTests.CHARGE_SERVICE,
                MetricsContractTests.BALANCER_SERVICE, MetricsContractTests.SUBSTATION_SERVICE);
    }

    @TestFactory
    Stream<DynamicTest> everyQueryOfEveryProjectDashboardReturnsData() throws IOException {
        Path dir = ProjectFiles.root().resolve(DASHBOARDS);
        assertThat(dir).as("the Grafana dashboards directory").isDirectory();
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).as("dashboards in %s", dir).isNotEmpty();
        return files.stream().flatMap(file -> {
            GrafanaDashboard dashboard = GrafanaDashboard.read(file);
            assertThat(dashboard.queries()).as("queries of %s", file.getFileName()).isNotEmpty();
            return dashboard.queries().stream().map(query -> DynamicTest.dynamicTest(
                    file.getFileName() + ": " + query.panelTitle() + " [" + query.refId() + "]",
                    () -> awaitData(query)));
        });
    }

    /** The checker itself: the fixture's good panels pass, and its panel on a missing metric is caught. */
    @Test
    void theCheckerPassesRealDataAndCatchesAPanelThatShowsNothing() throws IOException {
        GrafanaDashboard fixture;
        try (InputStream in = getClass().getResourceAsStream("/observability/checker-dashboard.json")) {
            fixture = GrafanaDashboard.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        List<GrafanaDashboard.Query> missing = fixture.queries().stream()
                .filter(q -> q.panelTitle().equals("Deliberately missing metric")).toList();
        assertThat(missing).hasSize(1);
        fixture.queries().stream().filter(q -> !missing.contains(q)).forEach(DashboardQueriesTests::awaitData);
        assertThat(problem(missing.get(0))).hasValueSatisfying(p -> assertThat(p)
                .contains("Deliberately missing metric").contains("no data"));
    }

    private static void awaitData(GrafanaDashboard.Query query) {
        AtomicReference<Optional<String>> last = new AtomicReference<>(Optional.empty());
        try {
            await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1)).until(() -> {
                last.set(problem(query));
                return last.get().isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(last.get().orElse(query + " did not return data in time"), e);
        }
    }

    /** Why {@code query} fails as a panel would show it, or nothing if it has data. */
    private static Optional<String> problem(GrafanaDashboard.Query query) {
        JsonNode answer = prometheus.query(query.promql());
        if (!"success".equals(answer.path("status").asString())) {
            return Optional.of(query + " is rejected by Prometheus (sent as " + query.promql() + "): "
                    + answer.path("errorType").asString() + ": " + answer.path("error").asString());
        }
        JsonNode result = answer.path("data").path("result");
        boolean empty = result.isArray() ? result.isEmpty() : result.isMissingNode() || result.isNull();
        return empty ? Optional.of(query + " returns no data (sent as " + query.promql() + ")") : Optional.empty();
    }

    /** The value of a query that returns one series or a scalar. */
    private static double scalar(String promql) {
        JsonNode answer = prometheus.query(promql);
        assertThat(answer.path("status").asString()).as("%s: %s", promql, answer).isEqualTo("success");
        JsonNode result = answer.path("data").path("result");
        JsonNode value = result.isArray() ? result.path(0).path("value") : result;
        assertThat(value.isArray()).as("%s returns one value: %s", promql, answer).isTrue();
        return Double.parseDouble(value.get(1).asString());
    }
}
