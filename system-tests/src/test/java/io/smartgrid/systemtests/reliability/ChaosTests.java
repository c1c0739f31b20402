package io.smartgrid.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.smartgrid.localgrid.Grid;
import io.smartgrid.systemtests.GridHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jars as separate processes under a steady load of starts and stops, while substations are killed with
 * {@code kill -9} (and started again on the same data), frozen with {@code SIGSTOP}, and killed in the middle of a
 * burst, and one of two balancers is killed with {@code kill -9}. What must hold: the client sees only 201 or a clean 503 from {@code POST /charge} and only 200 or 503 from a
 * stop; afterwards every session it was given is found, with the status it should have; no substation is ever over
 * its capacity; and each substation's load is exactly the sum of the sessions charging in its database, which are
 * exactly those the client holds there.
 */
class ChaosTests {

    private static final String TOKEN = "chaos-tests-operator-token";
    private static final double[] CAPACITIES_KW = {600, 600, 600};
    private static final int THREADS = 8;
    private static final Pattern RECOVERED = Pattern.compile("recovered (\\d+) charging sessions .* in (\\d+) ms");

    @TempDir
    static Path work;

    private static GridProcesses processes;
    private static final List<GridProcesses.Node> substations = new ArrayList<>();
    private static final List<GridProcesses.Node> balancers = new ArrayList<>();
    private static GridProcesses.Node charge;
    private static final GridHttp client = new GridHttp();

    @BeforeAll
    static void startTheGrid() {
        assumeTrue(GridProcesses.jarsBuilt(), "the services' jars are built by ./mvnw verify (package) first");
        processes = new GridProcesses(work.resolve("logs"));
        Iterator<Integer> ports = Grid.freePorts("127.0.0.1", CAPACITIES_KW.length + 3).iterator();
        Map<String, String> balancerProperties = new LinkedHashMap<>();
        balancerProperties.put("grid.balancer.poll-interval", "200ms");
        balancerProperties.put("grid.registration.token", TOKEN);
        for (int i = 0; i < CAPACITIES_KW.length; i++) {
            String id = "substation-" + (i + 1);
            int port = ports.next();
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("grid.substation.id", id);
            properties.put("grid.substation.capacity-kw", Double.toString(CAPACITIES_KW[i]));
            // One simulated second a second: with 200 kWh at 11 kW nothing completes during the run, so the load
            // only moves with the run's own starts and stops.
            properties.put("grid.substation.clock-speed", "1");
            properties.put("grid.substation.data-dir", work.resolve("data").toString());
            properties.put("grid.registration.token", TOKEN);
            substations.add(processes.add(id, GridProcesses.SUBSTATION_JAR, port, properties));
            balancerProperties.put("grid.balancer.substations[" + i + "].id", id);
            balancerProperties.put("grid.balancer.substations[" + i + "].url", "http://127.0.0.1:" + port);
        }
        for (int i = 1; i <= 2; i++) {
            balancers.add(processes.add("load-balancer-" + i, GridProcesses.BALANCER_JAR, ports.next(),
                    balancerProperties));
        }
        charge = processes.add("charge-request-service", GridProcesses.CHARGE_JAR, ports.next(),
                Map.of("grid.charge.balancer-url", balancers.get(0).url() + "," + balancers.get(1).url()));
        substations.forEach(GridProcesses.Node::start);
        balancers.forEach(GridProcesses.Node::start);
        charge.start();
        for (GridProcesses.Node node : processes()) {
            node.awaitReady(Duration.ofSeconds(300));
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(ChaosTests::allHealthyInTheBalancer);
    }

    @AfterAll
    static void stopTheGrid() {
        if (processes != null) {
            processes.close();
        }
    }

    private static List<GridProcesses.Node> processes() {
        List<GridProcesses.Node> all = new ArrayList<>(substations);
        all.addAll(balancers);
        all.add(charge);
        return all;
    }

    @Test
    void nothingAcknowledgedIsLostWhateverHappensToTheSubstations() throws Exception {
        CapacityWatch watch = new CapacityWatch();
        TrafficRun run = new TrafficRun(charge.url(), THREADS);
        List<String> figures = new ArrayList<>();
        Burst burst = null;
        try {
            pause(3_000);

            // 1. kill -9 one of the two balancers: the entry service sends every start to the other one.
            GridProcesses.Node deadBalancer = balancers.get(0);
            long balancerKilledAt = run.now();
            deadBalancer.kill();
            pause(5_000);
            long balancerRestartedAt = run.now();
            deadBalancer.start();
            long balancerReady = deadBalancer.awaitReady(Duration.ofSeconds(300));
            Map<String, Integer> whileBalancerDown = run.statuses(balancerKilledAt, balancerRestartedAt);
            assertThat(whileBalancerDown.keySet()).as("starts while one of two balancers was down %s",
                    whileBalancerDown).containsOnly("201");
            figures.add("kill -9 " + deadBalancer.name() + ": starts while it was down " + whileBalancerDown
                    + ", ready again " + balancerReady + " ms after its restart");
            pause(2_000);

            // 2. kill -9 a substation, and start it again on the same data three seconds later.
            GridProcesses.Node victim = substations.get(1);
            victim.kill();
            pause(3_000);
            figures.add("kill -9 " + victim.name() + ": " + restart(victim));
            pause(2_000);

            // 3. Freeze a substation for ten seconds: its sockets stay open and nothing answers.
            GridProcesses.Node frozen = substations.get(2);
            frozen.freeze();
            pause(10_000);
            frozen.thaw();
            long healthyAfter = awaitHealthy(frozen);
            figures.add("SIGSTOP " + frozen.name() + " for 10 s: healthy again " + healthyAfter + " ms after SIGCONT");
            pause(2_000);

            // 4. kill -9 a substation in the middle of a burst of starts on top of the steady load.
            GridProcesses.Node burstVictim = substations.get(0);
            burst = new Burst(charge.url(), 200, 32);
            pause(150);
            burstVictim.kill();
            burst.await();
            figures.add("kill -9 " + burstVictim.name() + " mid-burst (" + burst.statuses() + "): "
                    + restart(burstVictim));
            pause(3_000);
        }
        finally {
            run.close();
            watch.close();
        }

        Map<String, Integer> starts = run.statuses(0, Long.MAX_VALUE);
        Map<Integer, Integer> stops = run.stopStatuses();
        assertThat(starts.keySet()).as("answers to starts %s", starts).contains("201")
                .isSubsetOf("201", "503 grid-full", "503 grid-unavailable");
        assertThat(stops.keySet()).as("answers to stops %s", stops).contains(200).isSubsetOf(200, 503);
        List<String> admitted = new ArrayList<>(run.admitted());
        assertThat(new HashSet<>(admitted)).as("no session id twice").hasSameSizeAs(admitted);
        admitted.addAll(burst.admitted());
        assertThat(run.gone()).as("sessions the grid no longer knew").isEmpty();

        // Every session the client was given is there, with the status it must have.
        Set<String> charging = new HashSet<>(run.charging());
        charging.addAll(burst.admitted());
        Set<String> stopped = new HashSet<>(run.stopped());
        for (String sessionId : admitted) {
            GridHttp.Reply reply = client.get(charge.url() + "/charge/" + sessionId);
            assertThat(reply.status()).as("GET %s", sessionId).isEqualTo(200);
            String expected = charging.contains(sessionId) ? "CHARGING" : "STOPPED";
            assertThat(reply.body().get("status").asString()).as("status of %s", sessionId).isEqualTo(expected);
            assertThat(reply.body().get("deliveredKwh").asDouble()).isBetween(0.0, TrafficRun.ENERGY_KWH);
        }
        assertThat(charging).as("stopped sessions are not charging").doesNotContainAnyElementsOf(stopped);

        // Each substation's load is the sum of the sessions charging in its database, and those are the client's:
        // a start that was admitted but never acknowledged was taken back by the balancer.
        // (The balancer retries taking one back every 30 s, so this may take that long after the restart.)
        Map<String, Integer> byDatabase = new LinkedHashMap<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (GridProcesses.Node substation : substations) {
                Database database = Database.of(work.resolve("data").resolve(substation.name() + ".db"));
                double loadKw = client.get(substation.url() + "/load").body().get("loadKw").asDouble();
                assertThat(loadKw).as("load of %s", substation.name()).isCloseTo(database.chargingKw(),
                        org.assertj.core.data.Offset.offset(1e-6));
                Set<String> clients = new HashSet<>();
                charging.stream().filter(id -> TrafficRun.substationOf(id).equals(substation.name()))
                        .forEach(clients::add);
                assertThat(database.chargingIds()).as("sessions charging at %s", substation.name())
                        .containsExactlyInAnyOrderElementsOf(clients);
                byDatabase.put(substation.name(), database.chargingIds().size());
            }
        });
        assertThat(watch.overshoots()).as("load readings above capacity").isEmpty();

        ReliabilityReport.record("chaos (separate processes)", String.format(Locale.ROOT,
                "%d start requests (%d threads) %s; stops %s; %d admitted, 0 lost; charging at the end by substation"
                        + " %s; highest utilisation seen %.3f over %d load readings; %s",
                run.starts().size(), THREADS, starts, stops, admitted.size(), byDatabase, watch.highest(),
                watch.readings(), String.join("; ", figures)));
    }

    /** Starts a killed substation again on its data; says how long until ready, and what it recovered. */
    private static String restart(GridProcesses.Node substation) {
        substation.start();
        long ready = substation.awaitReady(Duration.ofSeconds(300));
        long healthy = awaitHealthy(substation);
        String recovered = "?";
        String recoveredIn = "?";
        try {
            Matcher matcher = RECOVERED.matcher(Files.readString(substation.log()));
            if (matcher.find()) {
                recovered = matcher.group(1);
                recoveredIn = matcher.group(2);
            }
        }
        catch (java.io.IOException e) {
            // the figure stays unknown
        }
        return "ready " + ready + " ms after its restart, " + recovered + " charging sessions recovered from its "
                + "database in " + recoveredIn + " ms, healthy in the balancer " + healthy + " ms after ready";
    }

    private static long awaitHealthy(GridProcesses.Node substation) {
        long from = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> healthy(substation.name()));
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from);
    }

    private static boolean allHealthyInTheBalancer() {
        return substations.stream().allMatch(s -> healthy(s.name()));
    }

    private static boolean healthy(String id) {
        // Healthy in the view of every balancer that is up.
        boolean seen = false;
        for (GridProcesses.Node balancer : balancers) {
            if (!balancer.ready()) {
                continue;
            }
            boolean healthyHere = false;
            for (var substation : client.get(balancer.url() + "/substations").body()) {
                if (substation.get("id").asString().equals(id)) {
                    healthyHere = substation.get("healthy").asBoolean();
                }
            }
            if (!healthyHere) {
                return false;
            }
            seen = true;
        }
        return seen;
    }

    /** Lets the traffic run while the test only waits. */
    private static void pause(long millis) {
        GridProcesses.sleep(millis);
    }

    /** Many starts at once, beside the steady traffic; their answers by status. */
    private static final class Burst {

        private final ExecutorService pool;
        private final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        private final Set<String> admitted = ConcurrentHashMap.newKeySet();

        Burst(String chargeUrl, int requests, int concurrency) {
            pool = Executors.newFixedThreadPool(concurrency);
            for (int i = 0; i < requests; i++) {
                int n = i;
                pool.execute(() -> {
                    int status;
                    try {
                        GridHttp.Reply reply = client.charge(chargeUrl, "BURST-" + n, 1, TrafficRun.ENERGY_KWH);
                        status = reply.status();
                        if (status == 201) {
                            admitted.add(reply.body().get("sessionId").asString());
                        }
                    }
                    catch (RuntimeException noAnswer) {
                        status = -1;
                    }
                    statuses.merge(status, 1, Integer::sum);
                });
            }
            pool.shutdown();
        }

        void await() throws InterruptedException {
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).as("the burst ended").isTrue();
            assertThat(statuses.keySet()).as("answers to the burst %s", statuses).isSubsetOf(201, 503);
        }

        Map<Integer, Integer> statuses() {
            return new java.util.TreeMap<>(statuses);
        }

        Set<String> admitted() {
            return Set.copyOf(admitted);
        }
    }

    /** Reads every substation's load a few times a second, and remembers any reading above its capacity. */
    private static final class CapacityWatch implements AutoCloseable {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<String> overshoots = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile double highest;
        private volatile int readings;
        private final Thread thread = new Thread(this::watch, "capacity-watch");

        CapacityWatch() {
            thread.setDaemon(true);
            thread.start();
        }

        private void watch() {
            while (running.get()) {
                for (GridProcesses.Node substation : substations) {
                    try {
                        var load = client.get(substation.url() + "/load").body();
                        double utilization = load.get("loadKw").asDouble() / load.get("capacityKw").asDouble();
                        highest = Math.max(highest, utilization);
                        readings++;
                        if (utilization > 1.0) {
                            overshoots.add(substation.name() + " at " + utilization);
                        }
                    }
                    catch (RuntimeException downOrFrozen) {
                        // nothing to read from it now
                    }
                }
                GridProcesses.sleep(200);
            }
        }

        List<String> overshoots() {
            return overshoots;
        }

        double highest() {
            return highest;
        }

        int readings() {
            return readings;
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5_000);
        }
    }

    /** What a substation's database holds as charging, read beside the running substation (SQLite's WAL allows it). */
    private record Database(Set<String> chargingIds, double chargingKw) {

        static Database of(Path file) throws SQLException {
            Set<String> ids = new HashSet<>();
            double kw = 0;
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "SELECT session_id, power_micro_kw FROM charging_session WHERE status = 'CHARGING'")) {
                long microKw = 0;
                while (rows.next()) {
                    ids.add(rows.getString(1));
                    microKw += rows.getLong(2);
                }
                kw = microKw / 1_000_000.0;
            }
            return new Database(ids, kw);
        }
    }
}
