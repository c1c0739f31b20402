package io.smartgrid.systemtests.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smartgrid.balancer.LoadBalancerApplication;
import io.smartgrid.charge.ChargeRequestApplication;
import io.smartgrid.substation.SubstationApplication;
import io.smartgrid.systemtests.GridHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The grid as Compose runs it: a balancer that is configured with no substation at all, and substations that
 * register themselves, keep their place by heartbeat, leave when stopped and can be drained, all over real HTTP.
 */
class SelfRegistrationTests {

    private static final String TOKEN = "local-grid-test-token";
    private static final GridHttp HTTP = new GridHttp(Duration.ofSeconds(15));
    private static final Map<String, Double> CAPACITIES = Map.of("reg-1", 150.0, "reg-2", 300.0, "reg-3", 450.0);

    private static ConfigurableApplicationContext balancer;
    private static ConfigurableApplicationContext charge;
    private static final Map<String, ConfigurableApplicationContext> substations = new LinkedHashMap<>();
    private static final Map<String, String> substationUrls = new LinkedHashMap<>();
    private static String balancerUrl;
    private static String chargeUrl;

    /** The substations' databases: a directory of this run's, so that no run recovers another's sessions. */
    @TempDir
    static Path DATA_DIR;

    private final List<String> sessions = new ArrayList<>();

    @BeforeAll
    static void startGrid() {
        balancer = run(LoadBalancerApplication.application(), 0,
                // No configured substations: the yml's list is emptied, as Compose does.
                "grid.balancer.substations=",
                "grid.balancer.poll-interval=200ms",
                "grid.balancer.heartbeat-timeout=5s",
                "grid.registration.token=" + TOKEN);
        balancerUrl = "http://127.0.0.1:" + port(balancer);
        charge = run(ChargeRequestApplication.application(), 0, "grid.charge.balancer-url=" + balancerUrl);
        chargeUrl = "http://127.0.0.1:" + port(charge);
        new TreeSet<>(CAPACITIES.keySet()).forEach(id -> startSubstation(id, CAPACITIES.get(id)));
    }

    @AfterAll
    static void stopGrid() {
        if (charge != null) {
            charge.close();
        }
        if (balancer != null) {
            balancer.close();
        }
        substations.values().forEach(ConfigurableApplicationContext::close);
    }

    @AfterEach
    void stopSessions() {
        sessions.forEach(id -> HTTP.delete(chargeUrl + "/charge/" + id));
    }

    @Test
    void aBalancerWithoutConfiguredSubstationsListsThoseThatRegisteredAndChargesOnThem() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(healthy()).containsAll(CAPACITIES.keySet()));
        for (JsonNode substation : substations()) {
            String id = substation.get("id").asString();
            if (CAPACITIES.containsKey(id)) {
                assertThat(substation.get("registered").asBoolean()).isTrue();
                assertThat(substation.get("url").asString()).isEqualTo(substationUrls.get(id));
                assertThat(substation.get("capacityKw").asDouble()).isEqualTo(CAPACITIES.get(id));
            }
        }

        JsonNode session = charge("EV-REG-1");

        assertThat(CAPACITIES).containsKey(session.get("substationId").asString());
        assertThat(session.get("status").asString()).isEqualTo("CHARGING");
    }

    @Test
    void aSubstationStoppedGracefullyDeregistersAtOnce() {
        startSubstation("reg-leaving", 100);
        await().atMost(Duration.ofSeconds(60)).until(() -> healthy().contains("reg-leaving"));

        // Closing runs the graceful shutdown, which deregisters before the web server stops.
        substations.remove("reg-leaving").close();

        assertThat(ids()).doesNotContain("reg-leaving").containsAll(CAPACITIES.keySet());
        for (int i = 0; i < 5; i++) {
            assertThat(charge("EV-AFTER-" + i).get("substationId").asString()).isNotEqualTo("reg-leaving");
        }
    }

    @Test
    void aDrainedSubstationTakesNoNewSessionsWhileItsOwnChargeOn() {
        await().atMost(Duration.ofSeconds(60)).until(() -> healthy().containsAll(CAPACITIES.keySet()));
        Map<String, String> sessionBySubstation = new LinkedHashMap<>();
        for (int i = 0; sessionBySubstation.size() < 2 && i < 60; i++) {
            JsonNode session = charge("EV-DRAIN-" + i);
            sessionBySubstation.putIfAbsent(session.get("substationId").asString(), session.get("sessionId").asString());
        }
        String drained = sessionBySubstation.keySet().iterator().next();
        String ongoing = sessionBySubstation.get(drained);
        GridHttp.Reply refused = HTTP.request("POST", substationUrls.get(drained) + "/drain", null, null);
        assertThat(refused.status()).as("draining needs the token").isEqualTo(401);

        GridHttp.Reply drain = HTTP.request("POST", substationUrls.get(drained) + "/drain", null, TOKEN);
        try {
            assertThat(drain.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> draining().contains(drained));

            for (int i = 0; i < 20; i++) {
                assertThat(charge("EV-DRAINED-" + i).get("substationId").asString()).isNotEqualTo(drained);
            }
            GridHttp.Reply stillCharging = HTTP.get(chargeUrl + "/charge/" + ongoing);
            assertThat(stillCharging.status()).isEqualTo(200);
            assertThat(stillCharging.body().get("status").asString()).isEqualTo("CHARGING");
            GridHttp.Reply stopped = HTTP.delete(chargeUrl + "/charge/" + ongoing);
            assertThat(stopped.body().get("status").asString()).isEqualTo("STOPPED");
        }
        finally {
            HTTP.deleteAsOperator(substationUrls.get(drained) + "/drain", TOKEN);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !draining().contains(drained));
    }

    private JsonNode charge(String vehicleId) {
        GridHttp.Reply response = HTTP.post(chargeUrl + "/charge", "{\"vehicleId\":\"" + vehicleId + "\",\"powerKw\":11}");
        assertThat(response.status()).as(response.raw()).isEqualTo(201);
        JsonNode session = response.body();
        sessions.add(session.get("sessionId").asString());
        return session;
    }

    private static void startSubstation(String id, double capacityKw) {
        int port = freePort();
        String url = "http://127.0.0.1:" + port;
        substationUrls.put(id, url);
        substations.put(id, run(SubstationApplication.application(), port,
                "grid.substation.id=" + id,
                "grid.substation.data-dir=" + DATA_DIR,
                "grid.substation.capacity-kw=" + capacityKw,
                "grid.registration.token=" + TOKEN,
                "grid.substation.registration.balancer-url=" + balancerUrl,
                "grid.substation.registration.advertised-url=" + url,
                "grid.substation.registration.heartbeat-interval=500ms"));
    }

    private static ConfigurableApplicationContext run(SpringApplicationBuilder application, int port, String... properties) {
        List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off"));
        for (String property : properties) {
            args.add("--" + property);
        }
        return application.registerShutdownHook(false).run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static JsonNode substations() {
        return HTTP.get(balancerUrl + "/substations").body();
    }

    private static Set<String> ids() {
        Set<String> ids = new TreeSet<>();
        substations().forEach(node -> ids.add(node.get("id").asString()));
        return ids;
    }

    private static Set<String> healthy() {
        Set<String> ids = new TreeSet<>();
        substations().forEach(node -> {
            if (node.get("healthy").asBoolean()) {
                ids.add(node.get("id").asString());
            }
        });
        return ids;
    }

    private static Set<String> draining() {
        Set<String> ids = new TreeSet<>();
        substations().forEach(node -> {
            if (node.get("draining").asBoolean()) {
                ids.add(node.get("id").asString());
            }
        });
        return ids;
    }
}
