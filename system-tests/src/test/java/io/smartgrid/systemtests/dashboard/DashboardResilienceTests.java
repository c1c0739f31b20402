package io.smartgrid.systemtests.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real headless browser against a scripted {@code GET /substations}, for what the
 * real grid cannot be made to do on cue: substations joining and leaving, one never reached, and the
 * balancer itself going away. The page is the balancer's own, read from its jar.
 */
class DashboardResilienceTests {

    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    private final AtomicInteger polls = new AtomicInteger();
    private HttpServer server;

    @BeforeAll
    static void needsChromium() {
        HeadlessChromium.assumeInstalled();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void followsSubstationsJoiningAndLeavingThenKeepsTheLastFiguresWhenTheBalancerStopsAnswering() {
        String url = serve(poll -> poll <= 3
                ? "[" + substation("north", 100, 30, 3) + "," + neverReached("south") + "]"
                : poll <= 6 ? "[" + substation("north", 100, 40, 4) + "," + substation("east", 200, 50, 1) + "]"
                : null);

        RenderedDashboard page = new RenderedDashboard(HeadlessChromium.dumpDom(url));

        assertThat(polls.get()).as("polls the page made in its virtual time").isGreaterThan(6);
        assertThat(page.substationIds()).as("south left, east joined").containsExactly("east", "north");
        assertThat(page.attributeOfId("connection", "data-state")).isEqualTo("lost");
        assertThat(page.textOfId("connection-text")).startsWith("Connection lost");
        assertThat(page.textOfId("last-update-note")).startsWith("no reply for");
        assertThat(page.attributeOfId("stale-banner", "hidden")).isNull();
        assertThat(page.textOfId("stale-banner")).contains("last ones received");
        assertThat(page.textOfId("last-update")).matches("\\d\\d:\\d\\d:\\d\\d");
        RenderedDashboard.Card north = page.card("north");
        assertThat(north.utilizationPercent()).isEqualTo(40.0);
        assertThat(north.text("sessions")).isEqualTo("4");
        assertThat(page.card("east").utilizationPercent()).isEqualTo(25.0);
        assertThat(page.textOfId("total-load")).isEqualTo("90 kW");
        assertThat(page.textOfId("total-capacity")).isEqualTo("300 kW");
        assertThat(page.chartSeries()).containsOnlyKeys("east", "north");
    }

    @Test
    void showsASubstationThatWasNeverReachedAsUnhealthyWithoutInventingAUtilisation() {
        String url = serve(poll -> "[" + substation("north", 100, 25, 2) + "," + neverReached("south") + "]");

        RenderedDashboard page = new RenderedDashboard(HeadlessChromium.dumpDom(url));

        assertThat(page.attributeOfId("connection", "data-state")).isEqualTo("live");
        assertThat(page.attributeOfId("stale-banner", "hidden")).isNotNull();
        RenderedDashboard.Card south = page.card("south");
        assertThat(south.healthy()).isFalse();
        assertThat(south.text("status")).contains("Unhealthy");
        assertThat(south.text("utilization")).doesNotContain("%");
        assertThat(south.text("capacity")).isEqualTo("unknown");
        assertThat(south.text("last-reading")).startsWith("Never reached");
        assertThat(page.card("north").utilizationPercent()).isEqualTo(25.0);
        assertThat(page.textOfId("healthy-count")).isEqualTo("1 / 2");
        assertThat(page.textOfId("total-capacity")).as("only the capacity that is known").isEqualTo("100 kW");
    }

    @Test
    void showsDemandAgainstCapacityThePowerSharedAndTheCarsWaiting() {
        // north: 250 kW asked of 100, so its cars share it, and 3 wait; east: every car at its maximum, none waiting.
        String url = serve(poll -> "[" + substation("north", 100, 100, 5, 250, 3) + ","
                + substation("east", 200, 80, 2, 80, 0) + "," + neverReached("south") + "]");

        RenderedDashboard page = new RenderedDashboard(HeadlessChromium.dumpDom(url));

        RenderedDashboard.Card north = page.card("north");
        assertThat(north.kw("demand")).isEqualTo(250.0);
        assertThat(north.loadKw()).isEqualTo(100.0);
        assertThat(north.percent("demand-ratio")).isEqualTo(250.0);
        assertThat(north.text("demand-ratio")).endsWith("of capacity");
        assertThat(north.attributes()).containsEntry("data-sharing", "true");
        assertThat(north.attributesOf("sharing")).doesNotContainKey("hidden");
        assertThat(north.text("sharing")).isEqualTo("power shared");
        assertThat(north.attributesOf("demand-bar")).containsEntry("data-level", "over")
                .hasEntrySatisfying("style", style -> assertThat(style).matches("width: 100(\\.0+)?%;?"));
        assertThat(north.text("waiting")).isEqualTo("3");

        RenderedDashboard.Card east = page.card("east");
        assertThat(east.kw("demand")).isEqualTo(80.0);
        assertThat(east.percent("demand-ratio")).isEqualTo(40.0);
        assertThat(east.attributes()).containsEntry("data-sharing", "false");
        assertThat(east.attributesOf("sharing")).containsKey("hidden");
        assertThat(east.attributesOf("demand-bar")).containsEntry("data-level", "ok")
                .hasEntrySatisfying("style", style -> assertThat(style).matches("width: 40(\\.0+)?%;?"));
        assertThat(east.text("waiting")).isEqualTo("0");

        RenderedDashboard.Card south = page.card("south");
        assertThat(south.text("demand-ratio")).as("no capacity known, no ratio").isEqualTo("unknown");
        assertThat(south.attributes()).containsEntry("data-sharing", "false");

        assertThat(page.textOfId("total-waiting")).isEqualTo("3");
        assertThat(page.textOfId("waiting-note")).isEqualTo("on 1 substation\u2019s waitlist");
        assertThat(page.textOfId("total-demand")).isEqualTo("demand 330 kW, 110.0 % of capacity");
        assertThat(page.textOfId("total-load")).isEqualTo("180 kW");
    }

    @Test
    void saysSoWhenNoSubstationIsRegistered() {
        String url = serve(poll -> "[]");

        RenderedDashboard page = new RenderedDashboard(HeadlessChromium.dumpDom(url));

        assertThat(page.substationIds()).isEmpty();
        assertThat(page.attributeOfId("empty", "hidden")).isNull();
        assertThat(page.textOfId("empty")).contains("No substations");
        assertThat(page.textOfId("healthy-count")).isEqualTo("0 / 0");
        assertThat(page.textOfId("total-waiting")).isEqualTo("–");
    }

    @Test
    void saysSoWhenTheBalancerWasNeverReached() {
        String url = serve(poll -> null);

        RenderedDashboard page = new RenderedDashboard(HeadlessChromium.dumpDom(url));

        assertThat(page.substationIds()).isEmpty();
        assertThat(page.attributeOfId("connection", "data-state")).isEqualTo("lost");
        assertThat(page.textOfId("connection-text")).contains("unreachable");
        assertThat(page.textOfId("last-update")).isEqualTo("never");
        assertThat(page.textOfId("empty")).contains("cannot be reached");
    }

    /** A substation whose every car gets its maximum: demand equals load, nobody waits. */
    private static String substation(String id, double capacityKw, double loadKw, int sessions) {
        return substation(id, capacityKw, loadKw, sessions, loadKw, 0);
    }

    private static String substation(String id, double capacityKw, double loadKw, int sessions, double demandKw,
            int waiting) {
        return """
                {"id":"%s","url":"http://127.0.0.1:9/%s","capacityKw":%s,"loadKw":%s,"activeSessions":%d,\
                "utilization":%s,"healthy":true,"lastUpdated":"2026-11-21T08:00:01.250Z","draining":false,\
                "registered":true,"demandKw":%s,"waiting":%d}"""
                .formatted(id, id, capacityKw, loadKw, sessions, loadKw / capacityKw, demandKw, waiting);
    }

    /** What the balancer lists for a substation it has never heard from. */
    private static String neverReached(String id) {
        return """
                {"id":"%s","url":"http://127.0.0.1:9/%s","capacityKw":0.0,"loadKw":0.0,"activeSessions":0,\
                "utilization":0.0,"healthy":false,"lastUpdated":null,"draining":false,"registered":true,\
                "demandKw":0.0,"waiting":0}""".formatted(id, id);
    }

    /**
     * Serves the dashboard's files and answers the n-th {@code GET /substations} with
     * {@code substations.apply(n)}, or with 503 where that is {@code null}.
     */
    private String serve(IntFunction<String> substations) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/substations", exchange -> {
            String body = substations.apply(polls.incrementAndGet());
            if (body == null) {
                reply(exchange, 503, "application/problem+json",
                        "{\"type\":\"urn:smart-grid:problem:grid-unavailable\",\"status\":503}".getBytes(StandardCharsets.UTF_8));
            } else {
                reply(exchange, 200, "application/json", body.getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String file = path.equals("/") ? "index.html" : path.substring(1);
            String type = CONTENT_TYPES.get(file.substring(file.lastIndexOf('.') + 1));
            try (InputStream resource = file.contains("..") || type == null ? null
                    : DashboardResilienceTests.class.getClassLoader().getResourceAsStream("static/" + file)) {
                if (resource == null) {
                    reply(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                } else {
                    reply(exchange, 200, type, resource.readAllBytes());
                }
            }
        });
        server.start();
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + "/";
    }

    private static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
