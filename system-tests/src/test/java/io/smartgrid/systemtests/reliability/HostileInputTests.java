package io.smartgrid.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.localgrid.GridSpec;
import io.smartgrid.systemtests.GridHttp;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The real grid against a corpus of more than a thousand bad requests, and the security promises: every answer a 4xx
 * problem+json that gives nothing away, the grid's state untouched, the actuator narrow, operator calls closed.
 */
class HostileInputTests {

    private static final String TOKEN = "hostile-input-operator-token";

    private static Grid grid;
    private static final GridHttp client = new GridHttp();

    @BeforeAll
    static void startGrid() {
        grid = Grid.start(GridSpec.onFreePorts(GridSpec.DEFAULT_CAPACITIES_KW, 60)
                .with("grid.balancer.poll-interval", "200ms")
                .with("grid.registration.token", TOKEN));
        client.awaitAllHealthy(grid);
        // springdoc builds the API description on its first call, which can outlast a corpus request's timeout on a
        // busy machine: build it once first.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2)).ignoreExceptions()
                .until(() -> client.get(grid.chargeUrl() + "/v3/api-docs").status() == 200);
    }

    @AfterAll
    static void stopGrid() {
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    void everyBadRequestIsA4xxProblemWithoutInternalsAndChangesNothing() throws Exception {
        List<BadInputCorpus.Case> corpus = BadInputCorpus.all(TOKEN);
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(1000);
        List<String> before = substationsWithoutTimestamps();
        List<String> internals = internalNames();

        Answers answers = send(corpus, internals);

        ReliabilityReport.record("bad-input corpus", corpus.size() + " requests; answers by status " + answers.byStatus()
                + "; requests by endpoint " + answers.byEndpoint());
        assertThat(answers.failures()).as("requests not answered with a clean 4xx problem").isEmpty();
        assertThat(substationsWithoutTimestamps()).as("GET /substations after the corpus").isEqualTo(before);
        assertThat(client.loads(grid)).allSatisfy(load -> assertThat(load.get("activeSessions").asInt()).isZero());
    }

    /**
     * Every endpoint of every service against odd content types and headers: never a 5xx, every refusal a problem
     * without internals, and nothing changed. Requests per endpoint are reported.
     */
    @Test
    void everyEndpointAnswersOddContentTypesAndHeadersWithoutA5xxAndChangesNothing() throws Exception {
        List<BadInputCorpus.Case> corpus = BadInputCorpus.edge(TOKEN);
        List<String> before = substationsWithoutTimestamps();
        List<String> internals = internalNames();

        long started = System.nanoTime();
        Answers answers = send(corpus, internals);
        long seconds = (System.nanoTime() - started) / 1_000_000_000;

        ReliabilityReport.record("odd content types and headers", corpus.size() + " requests in " + seconds
                + " s; answers by status " + answers.byStatus() + "; requests by endpoint " + answers.byEndpoint());
        assertThat(answers.byEndpoint()).hasSize(20);
        assertThat(answers.failures()).as("requests answered with a 5xx, an unexpected success or no clean problem")
                .isEmpty();
        assertThat(substationsWithoutTimestamps()).as("GET /substations after the corpus").isEqualTo(before);
        assertThat(client.loads(grid)).allSatisfy(load -> {
            assertThat(load.get("activeSessions").asInt()).isZero();
            assertThat(load.path("draining").asBoolean(false)).isFalse();
        });
    }

    @Test
    void theActuatorOfEveryServiceExposesOnlyHealthInfoAndPrometheus() {
        for (String base : everyService()) {
            JsonNode links = client.get(base + "/actuator").body().get("_links");
            Set<String> exposed = new LinkedHashSet<>();
            links.propertyNames().forEach(exposed::add);
            assertThat(exposed).as("actuator of %s", base)
                    .allSatisfy(name -> assertThat(name).matches("self|health|health-path|info|prometheus"));
            for (String endpoint : List.of("health", "info", "prometheus")) {
                assertThat(client.get(base + "/actuator/" + endpoint).status()).isEqualTo(200);
            }
            for (String hidden : List.of("env", "beans", "configprops", "heapdump", "threaddump", "loggers",
                    "mappings", "metrics", "shutdown", "scheduledtasks", "conditions", "caches", "startup")) {
                RawHttp.Response response = RawHttp.send(base, new RawHttp.Request("GET", "/actuator/" + hidden,
                        Map.of(), new byte[0]));
                assertThat(response.status()).as("%s/actuator/%s", base, hidden).isEqualTo(404);
            }
            RawHttp.Response shutdown = RawHttp.send(base, new RawHttp.Request("POST", "/actuator/shutdown",
                    Map.of(), new byte[0]));
            assertThat(shutdown.status()).isBetween(400, 499);
        }
    }

    @Test
    void registrationDrainAndFaultInjectionNeedTheOperatorToken() {
        List<String> refused = new ArrayList<>();
        for (String authorization : new String[] { null, "Bearer nope", "Bearer ", "Basic " + TOKEN, TOKEN }) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            if (authorization != null) {
                headers.put("Authorization", authorization);
            }
            for (Grid.Service substation : grid.substations()) {
                refused.add(expect401(substation.url(), new RawHttp.Request("POST", "/admin/faults", headers,
                        "{\"mode\":\"ERROR\"}".getBytes(StandardCharsets.UTF_8))));
                refused.add(expect401(substation.url(), new RawHttp.Request("DELETE", "/admin/faults", headers, new byte[0])));
                refused.add(expect401(substation.url(), new RawHttp.Request("POST", "/drain", headers, new byte[0])));
            }
            refused.add(expect401(grid.balancerUrl(), new RawHttp.Request("POST", "/registrations", headers,
                    "{\"id\":\"rogue-1\",\"url\":\"http://127.0.0.1:9\",\"capacityKw\":100}".getBytes(StandardCharsets.UTF_8))));
            refused.add(expect401(grid.balancerUrl(), new RawHttp.Request("PUT", "/registrations/substation-1/heartbeat",
                    headers, new byte[0])));
            refused.add(expect401(grid.balancerUrl(), new RawHttp.Request("DELETE", "/registrations/substation-1",
                    headers, new byte[0])));
        }
        assertThat(refused).allSatisfy(result -> assertThat(result).isEqualTo("401 problem"));
        // Nothing was injected, drained or registered: every substation still answers and the balancer knows
        // exactly the grid's own substations.
        client.awaitAllHealthy(grid);
        for (Grid.Service substation : grid.substations()) {
            assertThat(client.get(substation.url() + "/load").status()).isEqualTo(200);
        }
        assertThat(client.get(grid.balancerUrl() + "/substations").body()).extracting(s -> s.get("id").asString())
                .containsExactlyInAnyOrderElementsOf(grid.substations().stream().map(Grid.Service::name).toList());
    }

    /** What a corpus got: answers by status, requests by endpoint, and every answer that broke a promise. */
    private record Answers(Map<Integer, Integer> byStatus, Map<String, Integer> byEndpoint, List<String> failures) {
    }

    private static Answers send(List<BadInputCorpus.Case> corpus, List<String> internals) {
        Answers answers = new Answers(new TreeMap<>(), new TreeMap<>(), new ArrayList<>());
        for (BadInputCorpus.Case bad : corpus) {
            RawHttp.Response response = RawHttp.send(baseUrl(bad.target()), bad.request());
            answers.byStatus().merge(response.status(), 1, Integer::sum);
            answers.byEndpoint().merge(bad.endpoint(), 1, Integer::sum);
            String problem = response.status() < 400 && bad.mayPass() ? null : problemWith(response, internals);
            if (problem != null) {
                answers.failures().add(bad.target() + " " + bad.request().describe() + " → " + response.status() + " "
                        + response.contentType() + " " + abbreviate(response.body()) + ": " + problem);
            }
        }
        return answers;
    }

    private static String expect401(String base, RawHttp.Request request) {
        RawHttp.Response response = RawHttp.send(base, request);
        boolean ok = response.status() == 401 && response.contentType().startsWith("application/problem+json");
        return ok ? "401 problem" : request.method() + " " + base + request.path() + " " + request.headers() + " → "
                + response.status() + " " + response.contentType();
    }

    private static String problemWith(RawHttp.Response response, List<String> internals) {
        if (response.status() < 400 || response.status() > 499) {
            return "not a 4xx";
        }
        if (!response.contentType().startsWith("application/problem+json")) {
            return "not problem+json";
        }
        String body = response.body();
        JsonNode json;
        try {
            json = GridHttp.JSON.readTree(body);
        }
        catch (RuntimeException ex) {
            return "unparseable body";
        }
        if (json.path("status").asInt() != response.status() || json.path("title").asString("").isEmpty()) {
            return "problem without its status or title";
        }
        String lower = body.toLowerCase(Locale.ROOT);
        for (String leak : List.of("exception", "\tat ", "at org.", "at java.", "at io.", "tomcat", "jetty", "jackson",
                "caused by", "java.", "springframework", "<html")) {
            if (lower.contains(leak)) {
                return "leaks '" + leak + "'";
            }
        }
        for (String name : internals) {
            if (body.contains(name)) {
                return "leaks the internal name '" + name + "'";
            }
        }
        return null;
    }

    /** This machine's names, worth looking for only when they cannot occur by chance in ordinary text. */
    private static List<String> internalNames() throws Exception {
        List<String> names = new ArrayList<>();
        InetAddress local = InetAddress.getLocalHost();
        for (String name : List.of(local.getHostName(), local.getCanonicalHostName(), local.getHostAddress())) {
            if (name.length() >= 4 && !name.equals("localhost") && !names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private static List<String> substationsWithoutTimestamps() {
        List<String> view = new ArrayList<>();
        for (JsonNode substation : client.get(grid.balancerUrl() + "/substations").body()) {
            ObjectNode copy = ((ObjectNode) substation).deepCopy();
            copy.remove("lastUpdated");
            view.add(copy.toString());
        }
        return view;
    }

    private static String baseUrl(BadInputCorpus.Target target) {
        return switch (target) {
            case CHARGE -> grid.chargeUrl();
            case BALANCER -> grid.balancerUrl();
            case SUBSTATION -> grid.substations().get(0).url();
        };
    }

    private static List<String> everyService() {
        List<String> urls = new ArrayList<>(List.of(grid.chargeUrl(), grid.balancerUrl()));
        grid.substations().forEach(s -> urls.add(s.url()));
        return urls;
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
