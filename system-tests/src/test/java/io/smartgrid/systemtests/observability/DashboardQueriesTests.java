package io.smartgrid.systemtests.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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
    private static final String SMART_GRID = "smart-grid.json";
    /** 150 kW, the smallest default substation: where the power-sharing scene plays. */
    private static final String SHARED = "substation-1";
    /**
     * Slower than the usual 60×: the sessions that fill the grid then last eight real minutes and the shared ones
     * sixteen, so that what the power-sharing panels should show holds still while it is checked.
     */
    private static final double CLOCK_SPEED = 10;

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
        grid = Grid.start(GridSpec.onFreePorts(GridSpec.DEFAULT_CAPACITIES_KW, CLOCK_SPEED)
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
        shareAndWait();
    }

    /**
     * On the full grid the traffic leaves: frees the smallest substation, gives it two cars that may share (the
     * default minimum, a maximum of its whole capacity each: demand twice the capacity, each car at half its
     * maximum), then asks for a car at full power that would rather wait. Its minimum fits nowhere, so it joins
     * the waitlist where it falls shortest, the shared substation's.
     */
    private static void shareAndWait() {
        traffic.chargingSessions().stream().filter(id -> id.startsWith(SHARED + ".")).forEach(id -> {
            GridHttp.Reply stop = http.delete(grid.chargeUrl() + "/charge/" + id);
            assertThat(stop.status()).as("DELETE /charge/%s: %s", id, stop.raw()).isEqualTo(200);
        });
        await(SHARED + " is idle in the balancer's view").atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(balancerView().get(SHARED).path("demandKw").asDouble()).isZero());
        for (int i = 0; i < 2; i++) {
            GridHttp.Reply shared = http.charge(grid.chargeUrl(), "EV-share-" + i, Traffic.FILL_POWER_KW,
                    Traffic.LONG_ENERGY_KWH);
            assertThat(shared.status()).as("POST /charge of a car that may share: %s", shared.raw()).isEqualTo(201);
            assertThat(shared.body().path("substationId").asString()).isEqualTo(SHARED);
        }
        GridHttp.Reply waiting = http.chargeOrWait(grid.chargeUrl(), "EV-wait", Traffic.FILL_POWER_KW,
                Traffic.FILL_POWER_KW, Traffic.LONG_ENERGY_KWH);
        assertThat(waiting.status()).as("POST /charge asking to wait on a full grid: %s", waiting.raw())
                .isEqualTo(202);
        assertThat(waiting.body().path("status").asString()).isEqualTo("WAITING");
        assertThat(waiting.body().path("substationId").asString()).isEqualTo(SHARED);
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

    /**
     * The power-sharing panels show the scene {@link #shareAndWait()} set: demand twice the capacity on the shared
     * substation and equal to it elsewhere, its cars at half their maximum, one car waiting there. The balancer's
     * {@code GET /substations} says the same, and the car told to wait is counted as {@code waiting}.
     */
    @Test
    void thePowerSharingPanelsShowDemandAgainstCapacityTheAllocationAndTheWaitlist() {
        Map<String, Double> capacity = Map.of("substation-1", 150.0, "substation-2", 300.0, "substation-3", 450.0);
        Map<String, Double> demand = Map.of("substation-1", 300.0, "substation-2", 300.0, "substation-3", 450.0);
        Map<String, Double> allocation = Map.of("substation-1", 0.5, "substation-2", 1.0, "substation-3", 1.0);
        Map<String, Double> waiting = Map.of("substation-1", 1.0, "substation-2", 0.0, "substation-3", 0.0);
        Map<String, Double> demandOverCapacity = Map.of("substation-1", 2.0, "substation-2", 1.0, "substation-3", 1.0);

        await("the balancer's view").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, JsonNode> view = balancerView();
            assertThat(view).containsOnlyKeys(capacity.keySet());
            capacity.forEach((id, kw) -> {
                assertThat(view.get(id).path("capacityKw").asDouble()).as("capacity of %s", id).isEqualTo(kw);
                assertThat(view.get(id).path("demandKw").asDouble()).as("demand of %s", id).isEqualTo(demand.get(id));
                assertThat(view.get(id).path("waiting").asInt()).as("waiting at %s", id)
                        .isEqualTo(waiting.get(id).intValue());
            });
        });

        awaitPanel("Demand against capacity per substation", "A", demand);
        awaitPanel("Demand against capacity per substation", "B", capacity);
        awaitPanel("Allocation against request per substation", "A", allocation);
        awaitPanel("Allocation against request per substation", "B", allocation);
        awaitPanel("Waitlist per substation", "A", waiting);
        awaitPanel("Demand over capacity now", "A", demandOverCapacity);
        awaitPanel("Cars waiting", "A", Map.of("", 1.0));
        // The charge-request service is scraped on its own schedule: its count may arrive after the panels' data.
        await("202s counted as waiting").atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(scalar("sum(charge_requests_total{outcome=\"waiting\"})")).as("202s counted as waiting")
                        .isEqualTo(1));
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

    /**
     * Waits until the query of this panel of the project's dashboard returns exactly these values, by the
     * {@code substation} label of each series ({@code ""} for a series without one).
     */
    private static void awaitPanel(String panelTitle, String refId, Map<String, Double> expected) {
        GrafanaDashboard.Query query = GrafanaDashboard.read(ProjectFiles.root().resolve(DASHBOARDS).resolve(SMART_GRID))
                .queries().stream().filter(q -> q.panelTitle().equals(panelTitle) && q.refId().equals(refId))
                .findFirst().orElseThrow(() -> new AssertionError("no panel \"" + panelTitle + "\" [" + refId + "]"));
        await(query.toString()).atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    JsonNode answer = prometheus.query(query.promql());
                    assertThat(answer.path("status").asString()).as("%s: %s", query, answer).isEqualTo("success");
                    Map<String, Double> values = new TreeMap<>();
                    answer.path("data").path("result").forEach(series -> values.put(
                            series.path("metric").path("substation").asString(""),
                            Double.parseDouble(series.path("value").get(1).asString())));
                    assertThat(values).as("%s", query).containsOnlyKeys(expected.keySet());
                    expected.forEach((id, value) -> assertThat(values.get(id)).as("%s: %s", query, id)
                            .isCloseTo(value, within(1e-9)));
                });
    }

    /** {@code GET /substations} of the balancer, by substation id. */
    private static Map<String, JsonNode> balancerView() {
        Map<String, JsonNode> view = new TreeMap<>();
        http.get(grid.balancerUrl() + "/substations").body().forEach(s -> view.put(s.path("id").asString(), s));
        return view;
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
