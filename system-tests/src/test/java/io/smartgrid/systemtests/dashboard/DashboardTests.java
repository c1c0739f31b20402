package io.smartgrid.systemtests.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.localgrid.GridSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The balancer's built-in dashboard ({@code GET /}) in a real headless browser against the real
 * grid: what it shows must be what {@code GET /substations} says.
 */
class DashboardTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final List<String> SUBSTATIONS = List.of("substation-1", "substation-2", "substation-3");
    /** 200 kWh at 50 kW is four simulated hours, four real minutes at clock speed 60: longer than these tests. */
    private static final String SESSION = "{\"vehicleId\":\"EV-%d\",\"powerKw\":50,\"energyKwh\":200}";
    private static final int SESSIONS = 4;

    private static Grid grid;

    @BeforeAll
    static void startGridWithLoad() {
        HeadlessChromium.assumeInstalled();
        grid = Grid.start(GridSpec.onFreePorts(GridSpec.DEFAULT_CAPACITIES_KW, 60).with("grid.balancer.poll-interval", "200ms"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(substations()).extracting(s -> s.get("healthy").asBoolean()).hasSize(3).containsOnly(true));
        for (int i = 1; i <= SESSIONS; i++) {
            HttpResponse<String> reply = send(HttpRequest.newBuilder(URI.create(grid.chargeUrl() + "/charge"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(SESSION.formatted(i))));
            assertThat(reply.statusCode()).as("POST /charge: %s", reply.body()).isEqualTo(201);
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
            if (substation.get("loadKw").asDouble() > 0) {
                assertThat(card.utilizationPercent()).as("%s carries load", card.id()).isPositive();
            }
            assertThat(card.chartSeries()).as("%s load chart", card.id()).containsKey(card.id());
        }
        assertThat(page.substationIds().stream().mapToDouble(id -> page.card(id).loadKw()).sum())
                .isEqualTo(totalLoadKw(expected));
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
        HttpResponse<String> reply = send(HttpRequest.newBuilder(URI.create(grid.balancerUrl() + "/substations")).GET());
        assertThat(reply.statusCode()).isEqualTo(200);
        JsonNode array = JSON.readTree(reply.body());
        List<JsonNode> list = new ArrayList<>();
        IntStream.range(0, array.size()).forEach(i -> list.add(array.get(i)));
        return list;
    }

    private static double totalLoadKw(List<JsonNode> substations) {
        return substations.stream().mapToDouble(s -> s.get("loadKw").asDouble()).sum();
    }

    private static String plain(double kw) {
        return kw == Math.rint(kw) ? Long.toString((long) kw) : Double.toString(kw);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
