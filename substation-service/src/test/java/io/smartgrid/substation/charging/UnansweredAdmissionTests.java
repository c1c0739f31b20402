package io.smartgrid.substation.charging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reported load counts an admitted session once its answer goes out. While the answer waits for its commit, the
 * balancer that sent the start holds a reservation for it; counting it in the load too would count it twice.
 * Admission itself always counts it: capacity is never passed.
 */
class UnansweredAdmissionTests {

    private static final Instant START = Instant.parse("2026-11-21T08:00:00Z");

    private final HeldStore store = new HeldStore();
    private final ChargingStation station = new ChargingStation("substation-1", 30, 60, 100, new MutableClock(START),
            store);

    @AfterEach
    void releaseCommits() {
        store.release();
    }

    @Test
    void anAdmissionWaitingForItsCommitIsNotYetInTheReportedLoadButCountsAgainstCapacity() throws Exception {
        String id = "substation-1." + UUID.randomUUID();
        CompletableFuture<Admission> first = CompletableFuture.supplyAsync(() -> station.admit(id, "EV-1", 20, 10));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.waiting.get() == 1);

        assertThat(station.load().loadKw()).as("reported while the answer waits for its commit").isZero();
        assertThat(station.load().activeSessions()).isZero();
        long versionBefore = station.load().version();
        // Decided at once, answered after the commits before it, as every answer is.
        CompletableFuture<Admission> second = CompletableFuture.supplyAsync(() -> station.admit("EV-2", 11, 10));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.waiting.get() == 2);
        store.release();
        Admission admitted = first.get(10, TimeUnit.SECONDS);

        assertThat(second.get(10, TimeUnit.SECONDS)).as("20 + 11 kW would pass 30 kW: admission counted the first")
                .isInstanceOf(Admission.Full.class);

        assertThat(admitted).isInstanceOf(Admission.Admitted.class);
        assertThat(admitted.load().loadKw()).as("the answer's own load counts it").isEqualTo(20.0);
        assertThat(admitted.load().activeSessions()).isEqualTo(1);
        assertThat(admitted.load().version()).as("counting it is a change").isGreaterThan(versionBefore);
        assertThat(station.load().loadKw()).isEqualTo(20.0);
    }

    @Test
    void anAdmissionWhoseCommitFailsIsCountedAllTheSameForItStaysAdmitted() {
        store.failing.set(true);
        store.release();

        assertThatThrownBy(() -> station.admit("EV-1", 20, 10)).isInstanceOf(StorageUnavailableException.class);

        assertThat(station.load().loadKw()).isEqualTo(20.0);
        assertThat(station.load().activeSessions()).isEqualTo(1);
    }

    @Test
    void aSessionStoppedBeforeItsAnswerWentOutLeavesNothingBehindInTheReportedLoad() throws Exception {
        String id = "substation-1." + UUID.randomUUID();
        CompletableFuture<Admission> admission = CompletableFuture.supplyAsync(() -> station.admit(id, "EV-1", 20, 10));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.waiting.get() == 1);
        CompletableFuture<SessionLookup> stop = CompletableFuture.supplyAsync(() -> station.stop(id));
        await().atMost(Duration.ofSeconds(10)).until(() -> store.waiting.get() == 2);

        store.release();
        admission.get(10, TimeUnit.SECONDS);
        stop.get(10, TimeUnit.SECONDS);

        assertThat(station.load().loadKw()).isZero();
        assertThat(station.load().activeSessions()).isZero();
        assertThat(station.admit("EV-2", 30, 10)).as("all of the capacity is free again")
                .isInstanceOf(Admission.Admitted.class);
    }

    /** Keeps every change in memory and holds every wait for durability until released; may fail them instead. */
    private static final class HeldStore implements SessionStore {

        final AtomicInteger waiting = new AtomicInteger();
        final AtomicBoolean failing = new AtomicBoolean();
        private final CountDownLatch released = new CountDownLatch(1);
        private long appended;

        void release() {
            released.countDown();
        }

        @Override
        public Recovered recover() {
            return NONE.recover();
        }

        @Override
        public synchronized long append(Change change) {
            return ++appended;
        }

        @Override
        public void awaitDurable(long sequence) {
            if (sequence == 0) {
                return;
            }
            waiting.incrementAndGet();
            try {
                released.await(10, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failing.get()) {
                throw new StorageUnavailableException("held store told to fail", null);
            }
        }

        @Override
        public Optional<Session> findEnded(String sessionId) {
            return NONE.findEnded(sessionId);
        }

        @Override
        public boolean written(long sequence) {
            return NONE.written(sequence);
        }

        @Override
        public boolean healthy() {
            return NONE.healthy();
        }
    }
}
