package io.smartgrid.systemtests.balancing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.localgrid.GridSpec;
import io.smartgrid.systemtests.GridHttp;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * One of three substations stops in the middle of a run of 1,000 charge requests, as a crash or an
 * operator would stop it. The client must not notice: every request is placed on a live substation.
 */
class FailoverTests {

    static final int REQUESTS = 1_000;
    static final int CLIENT_THREADS = 16;
    /** The substation is stopped once this many replies are in. */
    static final int STOP_AFTER = 300;
    /** Requests from this index on are sent only once the stop has completed: the "later sessions". */
    static final int AFTER_STOP_FROM = 500;
    static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    /** Time for the balancer's own work around one poll on a busy machine, beyond the interval itself. */
    static final Duration SLACK = Duration.ofSeconds(1);
    static final String STOPPED = "substation-2";

    private final GridHttp http = new GridHttp(Grids.REPLY_TIMEOUT);

    @Test
    void stoppingOneOfThreeSubstationsMidRunCostsTheClientNothing() throws Exception {
        // Room for all 1,000 sessions (about 7,000 kW) on the two that stay up.
        GridSpec spec = Grids.patient(GridSpec.onFreePorts(List.of(3_000.0, 6_000.0, 9_000.0), 60))
                .with("grid.balancer.poll-interval", POLL_INTERVAL.toMillis() + "ms");
        // Threads of their own: the common pool may have a single thread on a small machine.
        ExecutorService background = Executors.newFixedThreadPool(2);
        try (Grid grid = Grids.start(spec)) {
            CountDownLatch enoughReplies = new CountDownLatch(STOP_AFTER);
            CountDownLatch stopped = new CountDownLatch(1);
            AtomicLong stoppedAt = new AtomicLong();
            CompletableFuture<Void> stopper = CompletableFuture.runAsync(() -> {
                try {
                    enoughReplies.await();
                    grid.substation(STOPPED).stop();
                    stoppedAt.set(System.nanoTime());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    stopped.countDown();
                }
            }, background);
            CompletableFuture<List<Burst.Sent>> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return Burst.send(REQUESTS, CLIENT_THREADS, i -> {
                        if (i >= AFTER_STOP_FROM) {
                            awaitQuietly(stopped);
                        }
                        GridHttp.Reply reply = http.charge(grid.chargeUrl(), "EV-" + i, Burst.powerKw(i),
                                Grids.LONG_ENERGY_KWH);
                        enoughReplies.countDown();
                        return reply;
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, background);

            assertThat(stopped.await(60, TimeUnit.SECONDS)).as("the substation was stopped").isTrue();
            stopper.get();
            assertThat(grid.substation(STOPPED).isRunning()).isFalse();
            // Within one poll interval of the stop, while the run goes on: the balancer no longer counts on it.
            await().atMost(POLL_INTERVAL.plus(SLACK)).pollInterval(Duration.ofMillis(50)).until(() -> !healthy(grid, STOPPED));

            List<Burst.Sent> sent = run.get(120, TimeUnit.SECONDS);
            Map<String, Long> statuses = sent.stream().collect(
                    Collectors.groupingBy(s -> s.reply().status() + " " + s.reply().text("type"), TreeMap::new, Collectors.counting()));
            List<Burst.Sent> afterStop = sent.stream().filter(s -> s.sentAtNanos() > stoppedAt.get()).toList();
            Map<String, Long> placedAfterStop = afterStop.stream().collect(
                    Collectors.groupingBy(s -> String.valueOf(s.reply().text("substationId")), TreeMap::new, Collectors.counting()));
            System.out.printf("failover: replies %s; %d sent after the stop, placed %s; then %s%n", statuses,
                    afterStop.size(), placedAfterStop, new Loads(http.loads(grid)));

            assertThat(sent).as("replies %s", statuses).allSatisfy(s -> assertThat(s.reply().status()).isEqualTo(201));
            assertThat(afterStop).hasSizeGreaterThanOrEqualTo(REQUESTS - AFTER_STOP_FROM);
            assertThat(placedAfterStop).as("sessions started after the stop").doesNotContainKey(STOPPED)
                    .containsOnlyKeys("substation-1", "substation-3");
            assertThat(healthy(grid, STOPPED)).isFalse();
            assertThat(healthy(grid, "substation-1") && healthy(grid, "substation-3")).isTrue();
        } finally {
            background.shutdownNow();
        }
    }

    private boolean healthy(Grid grid, String substation) {
        for (JsonNode s : http.substations(grid.balancerUrl())) {
            if (s.get("id").asString().equals(substation)) {
                return s.get("healthy").asBoolean();
            }
        }
        throw new AssertionError("the balancer does not list " + substation);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
