package io.smartgrid.systemtests.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.localgrid.GridSpec;
import io.smartgrid.systemtests.GridHttp;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults in the middle of steady traffic through the public API: a killed substation, a timed outage, a hanging
 * substation, one answering 500, and the balancer restarted. For each, what the client saw and how soon the grid was
 * whole again go to the reliability report; the assertions are about correctness: only 201 or a clean 503, no
 * session id twice, and every session the client was given still charging where the grid says it is (the
 * substations' own counts equal the client's), also across a substation stopped and started again, which recovers
 * its sessions from its database. {@link ChaosTests} does the same to real processes with {@code kill -9}.
 */
class FaultTests {

    private static final String TOKEN = "fault-tests-operator-token";
    private static final String VICTIM = "substation-2";
    private static final int THREADS = 6;

    private static Grid grid;
    private static final GridHttp client = new GridHttp();
    private TrafficRun run;

    @BeforeAll
    static void startGrid() {
        grid = Grid.start(GridSpec.onFreePorts(List.of(600.0, 600.0, 600.0), 60)
                .with("grid.balancer.poll-interval", "200ms")
                .with("grid.registration.token", TOKEN));
    }

    @AfterAll
    static void stopGrid() {
        if (grid != null) {
            grid.close();
        }
    }

    @BeforeEach
    void healthyAndEmpty() {
        client.awaitAllHealthy(grid);
        assertThat(TrafficRun.activeSessions(client.loads(grid))).isZero();
    }

    @AfterEach
    void leaveTheGridHealthyAndEmpty() {
        for (Grid.Service substation : grid.substations()) {
            if (!substation.isRunning()) {
                substation.start();
            }
        }
        if (!grid.balancer().isRunning()) {
            grid.balancer().start();
        }
        if (run != null) {
            run.close();
            client.awaitAllHealthy(grid);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                run.stopAll();
                assertThat(run.charging()).isEmpty();
            });
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(TrafficRun.activeSessions(client.loads(grid))).isZero());
    }

    @Test
    void aSubstationKilledMidRun() {
        run = new TrafficRun(grid.chargeUrl(), THREADS);
        pause(2_000);
        long killedAt = run.now();
        grid.substation(VICTIM).stop();
        // Dead a second after the stop began, or once the stop is over if it took longer (a loaded machine).
        long deadFrom = Math.max(killedAt + TimeUnit.SECONDS.toNanos(1), run.now());
        pause(3_000);
        long restartedAt = run.now();
        grid.substation(VICTIM).start();
        long healthyAfter = awaitHealthy(VICTIM);
        pause(1_500);
        run.close();

        // The restarted substation recovered every session it had admitted from its database: none is lost.
        assertNothingLostOrDoubled("sessions gone with the stopped substation");
        assertThat(run.starts()).filteredOn(s -> s.sessionId() != null)
                .filteredOn(s -> s.atNanos() - run.began > deadFrom && s.atNanos() - run.began < restartedAt)
                .as("sessions placed while the substation was dead")
                .allSatisfy(s -> assertThat(TrafficRun.substationOf(s.sessionId())).isNotEqualTo(VICTIM));

        report("substation killed mid-run", killedAt, restartedAt,
                "healthy again %d ms after restart; every admitted session recovered".formatted(healthyAfter));
    }

    @Test
    void aTimedOutageOfASubstation() {
        run = new TrafficRun(grid.chargeUrl(), THREADS);
        pause(2_000);
        long outAt = run.now();
        assertThat(operator("POST", VICTIM, "{\"mode\":\"OUTAGE\",\"durationSeconds\":3}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> !client.substation(grid, VICTIM).get("healthy").asBoolean());
        long unhealthyAfter = ms(run.now() - outAt);
        long healthyAfter = awaitHealthy(VICTIM);
        long backAt = run.now();
        pause(1_500);
        run.close();

        assertNothingLostOrDoubled("an outage keeps the substation's sessions");
        report("timed outage (3 s)", outAt, backAt,
                "marked unhealthy %d ms after the fault; healthy again %d ms after that".formatted(unhealthyAfter, healthyAfter));
    }

    @Test
    void aSubstationThatHangs() {
        run = new TrafficRun(grid.chargeUrl(), THREADS);
        pause(2_000);
        FaultWindow hang = fault("HANG", 5_000);
        long hangAt = hang.faultAt();
        long healAt = hang.healAt();
        pause(1_500);
        run.close();

        assertNothingLostOrDoubled("sessions gone");
        assertThat(run.statuses(hangAt + TimeUnit.MILLISECONDS.toNanos(2_500), healAt).getOrDefault("201", 0))
                .as("sessions still admitted on the other substations during the hang").isPositive();
        report("hanging substation", hangAt, healAt, "healthy again %d ms after healing; 201 latency p50/p99 before %.0f/%.0f ms, during the hang %.0f/%.0f ms"
                .formatted(hang.healthyAfter(), run.latencyMillis(0, hangAt, 50), run.latencyMillis(0, hangAt, 99),
                        run.latencyMillis(hangAt, healAt, 50), run.latencyMillis(hangAt, healAt, 99)));
    }

    @Test
    void aSubstationThatAnswers500() {
        run = new TrafficRun(grid.chargeUrl(), THREADS);
        pause(2_000);
        FaultWindow error = fault("ERROR", 4_000);
        pause(1_500);
        run.close();

        assertNothingLostOrDoubled("sessions gone");
        report("substation answering 500", error.faultAt(), error.healAt(),
                "healthy again %d ms after healing".formatted(error.healthyAfter()));
    }

    @Test
    void theBalancerRestartedMidRun() {
        run = new TrafficRun(grid.chargeUrl(), THREADS);
        pause(2_000);
        long stoppedAt = run.now();
        grid.balancer().stop();
        pause(1_000);
        grid.balancer().start();
        long startedAt = run.now();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> run.statuses(startedAt, Long.MAX_VALUE)
                .getOrDefault("201", 0) > 0);
        long firstSuccessAfterStop = run.starts().stream().filter(s -> s.status() == 201)
                .mapToLong(s -> s.atNanos() - run.began + s.latencyNanos()).filter(t -> t > startedAt).min().orElse(-1);
        pause(1_500);
        run.close();

        assertNothingLostOrDoubled("sessions gone");
        // The restarted balancer kept nothing: its view is rebuilt from the substations' own reports.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (Grid.Service substation : grid.substations()) {
                assertThat(client.substation(grid, substation.name()).get("activeSessions").asInt())
                        .isEqualTo(client.get(substation.url() + "/load").body().get("activeSessions").asInt());
            }
        });
        report("balancer restarted mid-run", stoppedAt, startedAt,
                "first 201 %d ms after the balancer went down (its restart took %d ms)"
                        .formatted(ms(firstSuccessAfterStop - stoppedAt), ms(startedAt - stoppedAt)));
    }

    /** When a fault began and was healed (run time), and how long the victim then took to be healthy again. */
    private record FaultWindow(long faultAt, long healAt, long healthyAfter) {
    }

    /** Injects {@code mode} into the victim for {@code millis} under traffic, heals it, waits until it is healthy. */
    private FaultWindow fault(String mode, long millis) {
        long faultAt = run.now();
        assertThat(operator("POST", VICTIM, "{\"mode\":\"" + mode + "\"}").status()).isEqualTo(200);
        pause(millis);
        long healAt = run.now();
        assertThat(operator("DELETE", VICTIM, null).status()).isEqualTo(200);
        return new FaultWindow(faultAt, healAt, awaitHealthy(VICTIM));
    }

    /** What every fault must leave intact: clean answers only, no session twice, none lost, each where it is said to be. */
    private void assertNothingLostOrDoubled(String goneDescription) {
        assertOnlyCreatedOrCleanlyRefused();
        assertNoSessionCountedTwice();
        assertThat(run.gone()).as(goneDescription).isEmpty();
        awaitNoCompensationPending();
        assertChargingSessionsAreWhereTheSubstationsSayTheyAre();
    }

    /**
     * A start whose answer the fault cut off may have been admitted; the balancer takes such a session back off the
     * request path, retrying with backoff (1, 2, 4, 8, 15 s, …). Until it has, a substation holds a session no client
     * owns, so the counts are compared once every balancer has nothing left to take back.
     */
    private void awaitNoCompensationPending() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String balancer : grid.balancerUrls()) {
                assertThat(client.scrape(balancer).sum("balancer_compensations_pending", Map.of()))
                        .as("compensations pending at %s", balancer).isZero();
            }
        });
    }

    private void assertOnlyCreatedOrCleanlyRefused() {
        Map<String, Integer> statuses = run.statuses(0, Long.MAX_VALUE);
        assertThat(statuses.keySet()).as("answers by status %s", statuses).contains("201")
                .isSubsetOf("201", "503 grid-full", "503 grid-unavailable");
    }

    private void assertNoSessionCountedTwice() {
        List<String> admitted = run.admitted();
        assertThat(new HashSet<>(admitted)).hasSameSizeAs(admitted);
    }

    /** The substations' own count equals the sessions the client holds, and each of those is visible. */
    private void assertChargingSessionsAreWhereTheSubstationsSayTheyAre() {
        List<String> charging = run.charging();
        assertThat(TrafficRun.activeSessions(client.loads(grid))).isEqualTo(charging.size());
        for (String sessionId : charging) {
            GridHttp.Reply reply = client.get(grid.chargeUrl() + "/charge/" + sessionId);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body().get("status").asString()).isEqualTo("CHARGING");
        }
    }

    private GridHttp.Reply operator(String method, String substation, String body) {
        String url = grid.substation(substation).url() + "/admin/faults";
        return method.equals("POST") ? client.post(url, body, TOKEN) : client.deleteAsOperator(url, TOKEN);
    }

    /** Milliseconds until the balancer lists the substation as healthy again. */
    private long awaitHealthy(String id) {
        long from = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> client.substation(grid, id).get("healthy").asBoolean());
        return ms(System.nanoTime() - from);
    }

    private void report(String scenario, long faultAt, long endAt, String recovery) {
        long lastFailure = run.lastFailureAfter(faultAt);
        ReliabilityReport.record(scenario, String.format(Locale.ROOT,
                "%d start requests (%d threads); by status before the fault %s, during %s, after %s; "
                        + "last refused start ended %s after the fault; %s; %d sessions charging at the end, "
                        + "%d stopped by the client, none counted twice",
                run.starts().size(), THREADS, run.statuses(0, faultAt), run.statuses(faultAt, endAt),
                run.statuses(endAt, Long.MAX_VALUE), lastFailure < 0 ? "never (none refused)" : ms(lastFailure - faultAt) + " ms",
                recovery, run.charging().size(), run.stopped().size()));
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** The traffic runs on its own threads; the test only lets time pass between steps of the scenario. */
    private static void pause(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        await().pollDelay(Duration.ofMillis(millis)).atMost(Duration.ofMillis(millis + 5_000))
                .until(() -> System.nanoTime() >= until);
    }
}
