package io.smartgrid.charge.charging;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.smartgrid.charge.ManualClock;
import io.smartgrid.charge.client.BalancerSession;
import io.smartgrid.charge.client.GridUnavailableException;
import io.smartgrid.charge.client.StartTries;
import io.smartgrid.http.edge.ProblemType;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared store on a real PostgreSQL (embedded: its binaries come as a Maven Central jar, no container engine),
 * with two stores on one database standing for two charge-request replicas.
 */
class JdbcIdempotencyStoreTests {

    static final Duration TTL = Duration.ofHours(24);
    static final Duration LEASE = Duration.ofSeconds(10);

    static EmbeddedPostgres postgres;
    static DataSource database;

    final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T08:00:00Z"));
    final JdbcIdempotencyStore a = store(clock, duration -> clock.advance(duration));
    final JdbcIdempotencyStore b = store(clock, duration -> clock.advance(duration));
    final ChargeRequest request = new ChargeRequest("EV-1", null, null);
    /** Unique per test: the database lives as long as the class. */
    final String key = "key-" + UUID.randomUUID();
    final AtomicInteger starts = new AtomicInteger();
    /** The ids each start was given: its first request id and what it supersedes. */
    final List<StartTries> given = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.start();
        database = postgres.getPostgresDatabase();
        IdempotencyConfiguration.migrate(database);
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    static JdbcIdempotencyStore store(Clock clock, JdbcIdempotencyStore.Pause pause) {
        return new JdbcIdempotencyStore(database, TTL, LEASE, Duration.ofSeconds(5), clock, pause);
    }

    BalancerSession start(StartTries ids) {
        starts.incrementAndGet();
        given.add(ids);
        return session(ids.requestId());
    }

    static BalancerSession session(String requestId) {
        return new BalancerSession("substation-1." + requestId, "EV-1", "substation-1", 11, 20, 0, "CHARGING",
                Instant.parse("2026-12-02T08:00:00Z"), null);
    }

    @Test
    void theFirstRequestStartsTheSessionAndARetryOnTheOtherReplicaReplaysIt() {
        IdempotencyStore.Result first = a.once(key, request, this::start);
        IdempotencyStore.Result retried = b.once(key, request, this::start);

        assertThat(first.replayed()).isFalse();
        assertThat(retried.replayed()).isTrue();
        assertThat(retried.session()).isEqualTo(first.session());
        assertThat(starts).hasValue(1);
        assertThat(given.get(0).supersedes()).isEmpty();
        assertThat(first.session().sessionId()).endsWith(given.get(0).requestId());
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefusedOnEitherReplica() {
        a.once(key, request, this::start);

        assertThatThrownBy(() -> b.once(key, new ChargeRequest("EV-1", 22.0, null), this::start))
                .isInstanceOf(IdempotencyKeyReusedException.class);
        assertThatThrownBy(() -> a.once(key, new ChargeRequest("EV-2", null, null), this::start))
                .isInstanceOf(IdempotencyKeyReusedException.class);
        assertThat(starts).hasValue(1);
    }

    @Test
    void concurrentRequestsOnTwoReplicasStartOneSessionAndAllNameIt() throws Exception {
        // Real time here: the losers poll the row until the winner has stored its answer.
        JdbcIdempotencyStore one = store(Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()));
        JdbcIdempotencyStore two = store(Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()));
        int requests = 16;
        CountDownLatch allSent = new CountDownLatch(requests);
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            List<Future<IdempotencyStore.Result>> results = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                JdbcIdempotencyStore replica = i % 2 == 0 ? one : two;
                results.add(pool.submit(() -> {
                    allSent.countDown();
                    return replica.once(key, request, ids -> {
                        // The winner answers only once every request is under way, so that they overlap.
                        awaitQuietly(allSent);
                        return start(ids);
                    });
                }));
            }
            List<IdempotencyStore.Result> answered = new ArrayList<>();
            for (Future<IdempotencyStore.Result> result : results) {
                answered.add(result.get(30, TimeUnit.SECONDS));
            }

            assertThat(starts).hasValue(1);
            assertThat(answered.stream().map(result -> result.session().sessionId()).collect(Collectors.toSet()))
                    .hasSize(1);
            assertThat(answered.stream().filter(result -> !result.replayed())).hasSize(1);
        }
        finally {
            pool.shutdownNow();
        }
    }

    /** Replica a's request, started in the background: it claims the key, then hangs until resumed. */
    record Hanging(CompletableFuture<IdempotencyStore.Result> answer, AtomicReference<StartTries> ids,
            CountDownLatch resume) {
    }

    /**
     * Starts a request of the key on replica a that hangs in its start, once its first try is out, until resumed; then
     * it goes on with {@code afterwards}.
     */
    Hanging hangOnA(Function<StartTries, BalancerSession> afterwards) throws InterruptedException {
        AtomicReference<StartTries> ids = new AtomicReference<>();
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        CompletableFuture<IdempotencyStore.Result> answer = CompletableFuture.supplyAsync(
                () -> a.once(key, request, tries -> {
                    ids.set(tries);
                    claimed.countDown();
                    awaitQuietly(resume);
                    return afterwards.apply(tries);
                }));
        assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();
        return new Hanging(answer, ids, resume);
    }

    @Test
    void aClaimWhoseReplicaDiedIsTakenOverAfterItsLeaseAndEveryOneOfItsTriesIsSuperseded() throws Exception {
        Hanging dead = hangOnA(ids -> {
            throw new IllegalStateException("never answers");
        });
        // Its first try timed out and the second went out under a new id before the replica hung for good.
        dead.ids().get().sending("00000000-0000-0000-0000-000000000002");

        clock.advance(LEASE.plusSeconds(1));
        IdempotencyStore.Result taken = b.once(key, request, this::start);

        assertThat(taken.replayed()).isFalse();
        assertThat(given.get(0).supersedes())
                .containsExactly(dead.ids().get().requestId(), "00000000-0000-0000-0000-000000000002");
        assertThat(given.get(0).requestId()).isNotEqualTo(dead.ids().get().requestId());
        dead.resume().countDown();
    }

    @Test
    void aClaimantThatComesBackAfterATakeoverAnswersTheNewSessionAndPlacesNothingMore() throws Exception {
        AtomicReference<Throwable> retryRefused = new AtomicReference<>();
        // Replica a hangs past its lease while its first try is out, then comes back and tries again.
        Hanging late = hangOnA(ids -> {
            try {
                ids.sending(UUID.randomUUID().toString());
            }
            catch (RuntimeException ex) {
                retryRefused.set(ex);
                throw ex;
            }
            return session(ids.requestId());
        });
        clock.advance(LEASE.plusSeconds(1));
        IdempotencyStore.Result taken = b.once(key, request, this::start);

        late.resume().countDown();

        IdempotencyStore.Result answer = late.answer().get(10, TimeUnit.SECONDS);
        assertThat(retryRefused.get()).as("the lapsed claimant may not try again").isNotNull();
        assertThat(answer.session()).isEqualTo(taken.session());
        assertThat(answer.replayed()).isTrue();
        assertThat(starts).hasValue(1);
    }

    @Test
    void aClaimantWhoseSessionArrivesAfterATakeoverAnswersTheNewOneInstead() throws Exception {
        Hanging late = hangOnA(ids -> session(ids.requestId()));
        clock.advance(LEASE.plusSeconds(1));
        IdempotencyStore.Result taken = b.once(key, request, this::start);

        late.resume().countDown();

        // Its own session was superseded by the takeover's first try: the balancer takes it back.
        assertThat(given.get(0).supersedes()).containsExactly(late.ids().get().requestId());
        assertThat(late.answer().get(10, TimeUnit.SECONDS).session()).isEqualTo(taken.session());
    }

    @Test
    void aDuplicateWaitsWhileTheClaimIsAliveThenAnswersInProgressWithRetryAfter() throws Exception {
        Hanging working = hangOnA(ids -> session(ids.requestId()));
        // While b waits, a keeps working: it renews its claim with each new try.
        JdbcIdempotencyStore waiting = store(clock, duration -> {
            clock.advance(Duration.ofSeconds(1));
            working.ids().get().sending(UUID.randomUUID().toString());
        });

        assertThatThrownBy(() -> waiting.once(key, request, this::start))
                .isInstanceOfSatisfying(IdempotencyKeyInProgressException.class, ex -> {
                    assertThat(ex.retryAfter()).isPositive().isLessThanOrEqualTo(LEASE);
                    assertThat(ex.headers().getFirst("Retry-After")).isEqualTo("10");
                    assertThat(ex.problem().getType()).isEqualTo(ProblemType.IDEMPOTENCY_KEY_IN_PROGRESS.uri());
                    assertThat(ex.problem().getStatus()).isEqualTo(409);
                });
        assertThat(starts).hasValue(0);
        working.resume().countDown();
        assertThat(working.answer().get(10, TimeUnit.SECONDS).replayed()).isFalse();
    }

    @Test
    void aFailureFreesTheKeyAndTheNextRequestSupersedesTheFailedTries() {
        GridUnavailableException unavailable = new GridUnavailableException(ProblemType.GRID_UNAVAILABLE,
                Duration.ofSeconds(5), null);
        AtomicReference<String> failedId = new AtomicReference<>();

        assertThatThrownBy(() -> a.once(key, request, ids -> {
            failedId.set(ids.requestId());
            ids.sending("00000000-0000-0000-0000-000000000003");
            throw unavailable;
        })).isSameAs(unavailable);
        IdempotencyStore.Result retried = b.once(key, request, this::start);

        assertThat(retried.replayed()).isFalse();
        assertThat(given.get(0).supersedes())
                .containsExactly(failedId.get(), "00000000-0000-0000-0000-000000000003");
        // Failures are forgotten: the key may even come back with another request.
        String other = "key-" + UUID.randomUUID();
        assertThatThrownBy(() -> a.once(other, request, ids -> {
            throw unavailable;
        })).isSameAs(unavailable);
        assertThat(b.once(other, new ChargeRequest("EV-9", null, null), this::start).replayed()).isFalse();
    }

    @Test
    void aKeyIsForgottenAfterItsTtlAndExpiredKeysArePurged() {
        IdempotencyStore.Result first = a.once(key, request, this::start);
        clock.advance(TTL.minusMinutes(1));
        IdempotencyStore.Result withinTtl = b.once(key, request, this::start);
        clock.advance(Duration.ofMinutes(2));
        IdempotencyStore.Result afterTtl = b.once(key, new ChargeRequest("EV-2", null, null), this::start);

        assertThat(withinTtl.session()).isEqualTo(first.session());
        assertThat(afterTtl.replayed()).isFalse();
        assertThat(afterTtl.session().sessionId()).isNotEqualTo(first.session().sessionId());
        assertThat(given.get(1).supersedes()).as("an answered key has nothing to take back").isEmpty();

        String purged = "key-" + UUID.randomUUID();
        JdbcIdempotencyStore fresh = store(clock, duration -> clock.advance(duration));
        fresh.once(purged, request, this::start);
        clock.advance(TTL.plusMinutes(1));
        long before = fresh.size();
        // A new store purges on its first request: every key of this class's earlier tests has expired by now.
        JdbcIdempotencyStore later = store(clock, duration -> clock.advance(duration));
        later.once("key-" + UUID.randomUUID(), request, this::start);
        assertThat(later.size()).isLessThan(before);
    }

    @Test
    void anUnreachableDatabaseIsA503StorageUnavailable() {
        JdbcIdempotencyStore unreachable = new JdbcIdempotencyStore(
                new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none"), TTL, LEASE,
                Duration.ofSeconds(5), clock, duration -> clock.advance(duration));

        assertThatThrownBy(() -> unreachable.once(key, request, this::start))
                .isInstanceOfSatisfying(IdempotencyStoreUnavailableException.class, ex -> {
                    assertThat(ex.problem().getType()).isEqualTo(ProblemType.STORAGE_UNAVAILABLE.uri());
                    assertThat(ex.headers().getFirst("Retry-After")).isEqualTo("5");
                });
        assertThat(starts).hasValue(0);
    }

    @Test
    void theFingerprintIsTheRequestAsServed() {
        assertThat(JdbcIdempotencyStore.fingerprint(new ChargeRequest("EV-1", null, null)))
                .isEqualTo(JdbcIdempotencyStore.fingerprint(new ChargeRequest("EV-1", 11.0, 20.0)))
                .isNotEqualTo(JdbcIdempotencyStore.fingerprint(new ChargeRequest("EV-1", 11.0, 20.5)))
                .hasSize(64);
    }

    static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
