package io.smartgrid.systemtests.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.systemtests.GridHttp;
import io.smartgrid.localgrid.GridSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The balancer's built-in dashboard ({@code GET /}) in a real headless browser against the real
 * grid: what it shows must be what {@code GET /substations} says.
 */
class DashboardTests {

    private static final GridHttp HTTP = new GridHttp(Duration.ofSeconds(5));
    private static final List<String> SUBSTATIONS = List.of("substation-1", "substation-2", "substation-3");
    /** 200 kWh at 50 kW is four simulated hours, four real minutes at clock speed 60: longer than these tests. */
    private static final String SESSION = "{\"vehicleId\":\"EV-%d\",\"powerKw\":50,\"energyKwh\":200}";
    private static final int SESSIONS = 4;
    /** 11 kW at most, the default minimum: 200 kWh is 36 simulated hours at the 5.5 kW it gets when sharing. */
    private static final String SHARING_CAR = "{\"vehicleId\":\"EV-share-%d\",\"powerKw\":11,\"energyKwh\":200}";
    /** Needs 33 kW: it fits on no substation beside the minimums charging, nor at all on the 22 kW one. */
    private static final String WAITING_CAR = "{\"vehicleId\":\"EV-wait\",\"powerKw\":33,\"minPowerKw\":33,\"energyKwh\":20}";

    private static Grid grid;

    @BeforeAll
    static void startGridWithLoad() {
        HeadlessChromium.assumeInstalled();
        grid = Grid.start(GridSpec.onFreePorts(GridSpec.DEFAULT_CAPACITIES_KW, 60).with("grid.balancer.poll-interval", "200ms"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(substations()).extracting(s -> s.get("healthy").asBoolean()).hasSize(3).containsOnly(true));
        for (int i = 1; i <= SESSIONS; i++) {
            GridHttp.Reply reply = charge(grid, SESSION.formatted(i), false);
            assertThat(reply.status()).as("POST /charge: %s", reply.raw()).isEqualTo(201);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(totalLoadKw(substations())).isEqualTo(SESSIONS * 50.0));
    }

    @AfterAll
    static void stopGrid() {
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    void showsEverySubstationWithTheBalancersFiguresAndCharts() {
        List<JsonNode> expected = substations();
        assertThat(totalLoadKw(expected)).as("load on the grid").isPositive();

        RenderedDashboard page = new RenderedDashboard(HeadlessChromium.dumpDom(grid.balancerUrl() + "/"));

        assertThat(page.substationIds()).containsExactlyElementsOf(SUBSTATIONS);
        assertThat(page.attributeOfId("connection", "data-state")).isEqualTo("live");
        assertThat(page.textOfId("healthy-count")).isEqualTo("3 / 3");
        assertThat(page.textOfId("total-capacity")).isEqualTo("900 kW");
        assertThat(page.textOfId("last-update")).matches("\\d\\d:\\d\\d:\\d\\d");
        for (JsonNode substation : expected) {
            RenderedDashboard.Card card = page.card(substation.get("id").asString());
            assertThat(card.healthy()).as("%s healthy", card.id()).isTrue();
            assertThat(card.text("status")).contains("Healthy").doesNotContain("Unhealthy");
            assertThat(card.utilizationPercent()).as("%s utilisation", card.id())
                    .isCloseTo(substation.get("utilization").asDouble() * 100, within(0.051));
            assertThat(card.loadKw()).as("%s load", card.id()).isEqualTo(substation.get("loadKw").asDouble());
            assertThat(card.text("capacity")).isEqualTo(plain(substation.get("capacityKw").asDouble()) + " kW");
            assertThat(card.text("sessions")).isEqualTo(Integer.toString(substation.get("activeSessions").asInt()));
            assertThat(card.kw("demand")).as("%s demand", card.id()).isEqualTo(substation.get("demandKw").asDouble());
            assertThat(card.percent("demand-ratio")).as("%s demand over capacity", card.id()).isCloseTo(
                    substation.get("demandKw").asDouble() / substation.get("capacityKw").asDouble() * 100, within(0.051));
            assertThat(card.text("waiting")).isEqualTo(Integer.toString(substation.get("waiting").asInt()));
            if (substation.get("loadKw").asDouble() > 0) {
                assertThat(card.utilizationPercent()).as("%s carries load", card.id()).isPositive();
            }
            assertThat(card.chartSeries()).as("%s load chart", card.id()).containsKey(card.id());
        }
        assertThat(page.substationIds().stream().mapToDouble(id -> page.card(id).loadKw()).sum())
                .isEqualTo(totalLoadKw(expected));
        assertThat(page.textOfId("total-waiting"))
                .isEqualTo(Integer.toString(expected.stream().mapToInt(s -> s.get("waiting").asInt()).sum()));
        // Several polls in the page's few seconds: every line has more than one point.
        assertThat(page.chartSeries()).containsOnlyKeys(SUBSTATIONS)
                .allSatisfy((id, path) -> assertThat(path).as("line of %s", id).startsWith("M").contains("L"));
    }

    @Test
    void showsAStoppedSubstationAsUnhealthyAndTheRestAsHealthy() {
        Grid.Service stopped = grid.substation("substation-3");
        stopped.stop();
        try {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(substations()).filteredOn(s -> s.get("id").asString().equals("substation-3"))
                            .singleElement().satisfies(s -> assertThat(s.get("healthy").asBoolean()).isFalse()));

            RenderedDashboard page = new RenderedDashboard(HeadlessChromium.dumpDom(grid.balancerUrl() + "/"));

            assertThat(page.substationIds()).containsExactlyElementsOf(SUBSTATIONS);
            RenderedDashboard.Card down = page.card("substation-3");
            assertThat(down.healthy()).isFalse();
            assertThat(down.text("status")).contains("Unhealthy");
            assertThat(down.attributes()).containsEntry("data-healthy", "false");
            assertThat(page.card("substation-1").healthy()).isTrue();
            assertThat(page.card("substation-2").healthy()).isTrue();
            assertThat(page.textOfId("healthy-count")).isEqualTo("2 / 3");
            assertThat(page.textOfId("healthy-note")).isEqualTo("1 unhealthy");
        } finally {
            stopped.start();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(substations()).extracting(s -> s.get("healthy").asBoolean()).containsOnly(true));
        }
    }

    /**
     * A grid of 22 and 33 kW asked for 110 kW by ten 11 kW cars shares it: each substation at twice its capacity,
     * its load at the capacity. A car that needs 33 kW and would rather wait then waits at the 33 kW substation.
     */
    @Test
    void showsDemandAgainstCapacityAndTheCarsWaitingOnAGridShortOfPower() {
        try (Grid shortOfPower = Grid.start(GridSpec.onFreePorts(List.of(22.0, 33.0), 60)
                .with("grid.balancer.poll-interval", "200ms"))) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(substations(shortOfPower))
                    .extracting(s -> s.get("healthy").asBoolean()).hasSize(2).containsOnly(true));
            for (int i = 0; i < 10; i++) {
                GridHttp.Reply reply = charge(shortOfPower, SHARING_CAR.formatted(i), false);
                assertThat(reply.status()).as("POST /charge: %s", reply.raw()).isEqualTo(201);
            }
            GridHttp.Reply waiting = charge(shortOfPower, WAITING_CAR, true);
            assertThat(waiting.status()).as("POST /charge asking to wait: %s", waiting.raw()).isEqualTo(202);
            assertThat(waiting.text("substationId")).isEqualTo("substation-2");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(substations(shortOfPower))
                    .extracting(s -> s.get("demandKw").asDouble(), s -> s.get("waiting").asInt())
                    .containsExactly(tuple(44.0, 0), tuple(66.0, 1)));

            RenderedDashboard page = new RenderedDashboard(HeadlessChromium.dumpDom(shortOfPower.balancerUrl() + "/"));

            assertThat(page.substationIds()).containsExactly("substation-1", "substation-2");
            assertSharedAtTwiceItsCapacity(page.card("substation-1"), 22.0, 0);
            assertSharedAtTwiceItsCapacity(page.card("substation-2"), 33.0, 1);
            assertThat(page.textOfId("total-waiting")).isEqualTo("1");
            assertThat(page.textOfId("total-demand")).isEqualTo("demand 110 kW, 200.0 % of capacity");
            assertThat(page.textOfId("total-load")).isEqualTo("55 kW");
        }
    }

    private static void assertSharedAtTwiceItsCapacity(RenderedDashboard.Card card, double capacityKw, int waiting) {
        assertThat(card.loadKw()).as("%s load", card.id()).isEqualTo(capacityKw);
        assertThat(card.kw("demand")).as("%s demand", card.id()).isEqualTo(2 * capacityKw);
        assertThat(card.percent("demand-ratio")).as("%s demand over capacity", card.id()).isEqualTo(200.0);
        assertThat(card.attributes()).containsEntry("data-sharing", "true");
        assertThat(card.attributesOf("sharing")).doesNotContainKey("hidden");
        assertThat(card.text("waiting")).as("%s waiting", card.id()).isEqualTo(Integer.toString(waiting));
    }

    @Test
    void rendersA1280By900Screenshot() throws IOException {
        Path png = Path.of("target", "dashboard.png").toAbsolutePath();
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);

        HeadlessChromium.screenshot(grid.balancerUrl() + "/", png);

        byte[] header;
        try (InputStream in = Files.newInputStream(png)) {
            header = in.readNBytes(24);
        }
        assertThat(header).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        ByteBuffer size = ByteBuffer.wrap(header, 16, 8);
        assertThat(List.of(size.getInt(), size.getInt())).as("width and height").containsExactly(1280, 900);
        // A blank page compresses to almost nothing; cards, bars and charts do not.
        assertThat(Files.size(png)).isGreaterThan(20_000);
    }

    private static List<JsonNode> substations() {
        return substations(grid);
    }

    private static List<JsonNode> substations(Grid of) {
        GridHttp.Reply reply = HTTP.get(of.balancerUrl() + "/substations");
        assertThat(reply.status()).isEqualTo(200);
        List<JsonNode> list = new ArrayList<>();
        reply.body().forEach(list::add);
        return list;
    }

    /** {@code POST /charge}; with {@code wait}, the car would rather wait than be refused. */
    private static GridHttp.Reply charge(Grid of, String body, boolean wait) {
        return HTTP.charge(of.chargeUrl(), body, wait);
    }

    private static double totalLoadKw(List<JsonNode> substations) {
        return substations.stream().mapToDouble(s -> s.get("loadKw").asDouble()).sum();
    }

    private static String plain(double kw) {
        return kw == Math.rint(kw) ? Long.toString((long) kw) : Double.toString(kw);
    }
}
