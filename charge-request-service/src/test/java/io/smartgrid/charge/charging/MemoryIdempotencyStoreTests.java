package io.smartgrid.charge.charging;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.smartgrid.charge.client.BalancerSession;
import io.smartgrid.charge.client.GridUnavailableException;
import io.smartgrid.http.edge.ProblemType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class MemoryIdempotencyStoreTests {

    final AtomicLong nanos = new AtomicLong();
    final MemoryIdempotencyStore store = new MemoryIdempotencyStore(100, Duration.ofHours(24), nanos::get);
    final ChargeRequest request = new ChargeRequest("EV-1", null, null);
    final AtomicInteger starts = new AtomicInteger();

    BalancerSession start() {
        int n = starts.incrementAndGet();
        return new BalancerSession("substation-1.00000000-0000-0000-0000-00000000000" + n, "EV-1", "substation-1", 11,
                20, 0, "CHARGING", Instant.EPOCH, null);
    }

    @Test
    void keyIsRememberedUntilItsTtlRunsOut() {
        IdempotencyStore.Result first = store.once("k", request, ids -> start());
        nanos.addAndGet(Duration.ofHours(23).toNanos());
        IdempotencyStore.Result withinTtl = store.once("k", request, ids -> start());
        nanos.addAndGet(Duration.ofHours(2).toNanos());
        IdempotencyStore.Result afterTtl = store.once("k", request, ids -> start());

        assertThat(first.replayed()).isFalse();
        assertThat(withinTtl.replayed()).isTrue();
        assertThat(withinTtl.session()).isEqualTo(first.session());
        assertThat(afterTtl.replayed()).isFalse();
        assertThat(afterTtl.session().sessionId()).isNotEqualTo(first.session().sessionId());
        assertThat(starts).hasValue(2);
    }

    @Test
    void storeIsBounded() {
        MemoryIdempotencyStore small = new MemoryIdempotencyStore(10, Duration.ofHours(24), nanos::get);
        for (int i = 0; i < 100; i++) {
            small.once("k" + i, request, ids -> start());
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> small.size() <= 10);
    }

    @Test
    void reusedKeyWithAnotherRequestIsRejected() {
        store.once("k", request, ids -> start());

        assertThatThrownBy(() -> store.once("k", new ChargeRequest("EV-1", 22.0, null), ids -> start()))
                .isInstanceOf(IdempotencyKeyReusedException.class);
        assertThat(starts).hasValue(1);
    }

    @Test
    void failureIsNotRemembered() {
        GridUnavailableException full = new GridUnavailableException(ProblemType.GRID_FULL, Duration.ofSeconds(1), null);

        assertThatThrownBy(() -> store.once("k", request, ids -> {
            throw full;
        })).isSameAs(full);
        IdempotencyStore.Result retried = store.once("k", request, ids -> start());

        assertThat(retried.replayed()).isFalse();
        assertThat(starts).hasValue(1);
    }

    @Test
    void duplicatesWaitingOnAFailedAttemptGetItsFailure() throws Exception {
        GridUnavailableException full = new GridUnavailableException(ProblemType.GRID_FULL, Duration.ofSeconds(1), null);
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        CompletableFuture<Throwable> first = CompletableFuture.supplyAsync(() -> catching(() -> store.once("k", request,
                ids -> {
                    inFlight.countDown();
                    awaitQuietly(fail);
                    throw full;
                })));
        assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Throwable> duplicate = CompletableFuture.supplyAsync(
                () -> catching(() -> store.once("k", request, ids -> start())));

        fail.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isSameAs(full);
        // The duplicate either waited on the failed attempt or came after it and started afresh.
        Throwable duplicateOutcome = duplicate.get(10, TimeUnit.SECONDS);
        assertThat(duplicateOutcome == full || (duplicateOutcome == null && starts.get() == 1)).isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static Throwable catching(Runnable runnable) {
        try {
            runnable.run();
            return null;
        }
        catch (RuntimeException ex) {
            return ex;
        }
    }
}
