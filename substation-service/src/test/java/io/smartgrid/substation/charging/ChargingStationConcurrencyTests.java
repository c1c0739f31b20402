package io.smartgrid.substation.charging;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Many threads against one station. The clock stands still, so no session completes on its own and
 * every change of load comes from the threads.
 */
class ChargingStationConcurrencyTests {

    private static final int THREADS = 16;
    private static final int ATTEMPTS = 1_000;
    private static final double CAPACITY_KW = 300;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T08:00:00Z"));
    private final ChargingStation station = new ChargingStation("substation-1", CAPACITY_KW, 60, 1_000_000, clock);
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);

    @AfterEach
    void shutDown() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }

    @Test
    void loadNeverExceedsCapacityUnderMixedAdmissionsAndStops() throws Exception {
        Map<String, Double> charging = new ConcurrentHashMap<>();
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger overCapacityReplies = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong highestObserved = new AtomicLong();
        AtomicInteger observations = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);

        Future<?> observer = pool.submit(() -> {
            start.await();
            while (running.get() || observations.get() == 0) {
                LoadReport load = station.load();
                highestObserved.accumulateAndGet(Double.doubleToLongBits(load.loadKw()),
                        (a, b) -> Double.longBitsToDouble(a) >= Double.longBitsToDouble(b) ? a : b);
                observations.incrementAndGet();
            }
            return null;
        });
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            long seed = t;
            workers.add(pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                List<String> mine = new ArrayList<>();
                start.await();
                for (int i = 0; i < ATTEMPTS; i++) {
                    if (!mine.isEmpty() && random.nextInt(3) == 0) {
                        String id = mine.remove(random.nextInt(mine.size()));
                        SessionLookup stop = station.stop(id);
                        assertThat(stop).isInstanceOf(SessionLookup.Found.class);
                        charging.remove(id);
                        continue;
                    }
                    double power = 1 + random.nextInt(120) + random.nextInt(10) / 10.0;
                    Admission admission = station.admit("EV-" + seed + "-" + i, power, 50);
                    if (admission.load().loadKw() > CAPACITY_KW) {
                        overCapacityReplies.incrementAndGet();
                    }
                    if (admission instanceof Admission.Admitted ok) {
                        admitted.incrementAndGet();
                        mine.add(ok.session().sessionId());
                        charging.put(ok.session().sessionId(), power);
                    }
                    else {
                        rejected.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> worker : workers) {
            worker.get(5, TimeUnit.MINUTES);
        }
        running.set(false);
        observer.get(1, TimeUnit.MINUTES);

        LoadReport finalLoad = station.load();
        double stillCharging = charging.values().stream().mapToDouble(Double::doubleValue).sum();
        assertThat(overCapacityReplies).hasValue(0);
        assertThat(Double.longBitsToDouble(highestObserved.get())).isLessThanOrEqualTo(CAPACITY_KW);
        assertThat(observations.get()).isPositive();
        assertThat(rejected.get()).as("the station must have been full at times").isPositive();
        assertThat(finalLoad.loadKw()).isCloseTo(stillCharging, within(1e-6));
        assertThat(finalLoad.activeSessions()).isEqualTo(charging.size());
        StationTotals totals = station.totals();
        assertThat(totals.sessionsStarted()).isEqualTo(admitted.get());
        assertThat(totals.admissionsRejected()).isEqualTo(rejected.get());
        assertThat(totals.sessionsStarted() - totals.sessionsStopped()).isEqualTo(charging.size());
    }

    @Test
    void admitsExactlyAsManyEqualRequestsAsFit() throws Exception {
        double power = 7;
        int fit = (int) (CAPACITY_KW / power);
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            workers.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < ATTEMPTS; i++) {
                    if (station.admit("EV-" + thread + "-" + i, power, 20) instanceof Admission.Admitted) {
                        admitted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> worker : workers) {
            worker.get(5, TimeUnit.MINUTES);
        }

        assertThat(admitted).hasValue(fit);
        assertThat(station.load().loadKw()).isEqualTo(fit * power);
        assertThat(station.load().activeSessions()).isEqualTo(fit);
        assertThat(station.totals().admissionsRejected()).isEqualTo((long) THREADS * ATTEMPTS - fit);
    }
}
