package io.smartgrid.systemtests.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.smartgrid.loadtester.LoadTester;
import io.smartgrid.localgrid.Grid;
import io.smartgrid.localgrid.GridSpec;
import io.smartgrid.systemtests.GridHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/**
 * The load tester, as an operator runs it, against the real grid: small numbers, real figures. The
 * open-loop run stops its sessions and goes first; the burst fills the grid and goes last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadTesterAgainstGridTests {

    private static final GridHttp HTTP = new GridHttp(Duration.ofSeconds(5));
    private static Grid grid;

    @BeforeAll
    static void startGrid() throws Exception {
        grid = Grid.start(GridSpec.onFreePorts(GridSpec.DEFAULT_CAPACITIES_KW, 60)
                .with("grid.balancer.poll-interval", "200ms"));
        await().atMost(Duration.ofSeconds(30)).until(() -> HTTP.get(grid.balancerUrl() + "/substations").body()
                .valueStream().filter(s -> s.get("healthy").asBoolean()).count() == grid.substations().size());
    }

    @AfterAll
    static void stopGrid() {
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    @Order(2)
    void aClosedLoopBurstPastCapacityIsAdmittedUpToCapacityAndReportedWithoutOvershoot(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("report.json");
        Path html = dir.resolve("report.html");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // 120 requests of 11 kW against 900 kW: 80 fit (13 + 27 + 40), 40 find the grid full. Each car charges at its
        // full power or not at all (--min-power-kw 11): with the default minimum the grid would share instead.
        int exit = LoadTester.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()),
                "--url", grid.chargeUrl(), "--balancer-url", grid.balancerUrl(),
                "--requests", "120", "--concurrency", "16", "--power-kw", "11", "--min-power-kw", "11",
                "--energy-kwh", "200",
                "--sample-interval", "100ms", "--no-progress",
                "--report", json.toString(), "--html", html.toString());

        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode report = GridHttp.JSON.readTree(json.toFile());
        assertThat(report.get("outcomes").get("CREATED").asLong()).isEqualTo(80);
        assertThat(report.get("outcomes").get("GRID_FULL").asLong()).isEqualTo(40);
        assertThat(report.get("errors").asLong()).isZero();
        assertThat(report.get("overshoots")).isEmpty();
        assertThat(report.get("samples").asInt()).isPositive();
        long perSubstation = 0;
        for (JsonNode count : report.get("sessionsPerSubstation")) {
            perSubstation += count.asLong();
        }
        assertThat(perSubstation).isEqualTo(80);
        assertThat(report.get("sessionsPerSubstation").get("substation-1").asLong()).isEqualTo(13);
        assertThat(report.get("sessionsPerSubstation").get("substation-3").asLong()).isEqualTo(40);
        assertThat(report.get("latency").get("p99Ms").asDouble()).isPositive();
        assertThat(report.get("peak").get("spread").asDouble()).isLessThanOrEqualTo(11.0 / 150 + 1e-9);
        assertThat(Files.readString(html)).contains("substation-1", "substation-2", "substation-3").doesNotContain("https://");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("201", "503");
    }

    @Test
    @Order(1)
    void anOpenLoopRunWithStoppedSessionsLeavesTheGridEmpty(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("open.json");

        int exit = LoadTester.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()),
                "--url", grid.chargeUrl(), "--balancer-url", grid.balancerUrl(),
                "--rate", "40", "--duration", "2s", "--stop-after", "500ms", "--energy-kwh", "200",
                "--no-progress", "--report", json.toString());

        assertThat(exit).isZero();
        JsonNode report = GridHttp.JSON.readTree(json.toFile());
        long created = report.get("outcomes").get("CREATED").asLong();
        assertThat(created).isPositive();
        assertThat(report.get("stops").get("STOPPED").asLong()).isEqualTo(created);
        assertThat(report.get("latencyCorrected").asBoolean()).isTrue();
        for (Grid.Service substation : grid.substations()) {
            assertThat(HTTP.get(substation.url() + "/load").body().get("loadKw").asDouble()).as(substation.name()).isZero();
        }
    }
}
