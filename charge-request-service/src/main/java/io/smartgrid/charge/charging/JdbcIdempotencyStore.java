package io.smartgrid.charge.charging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import javax.sql.DataSource;

import io.smartgrid.charge.client.BalancerClient;
import io.smartgrid.charge.client.BalancerSession;
import io.smartgrid.charge.client.StartTries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code jdbc} store: every replica claims a key in one shared table (PostgreSQL in production), so that a retry
 * reaching another replica finds it.
 *
 * <ul>
 * <li>The first request of a key claims it by inserting its row, with a random token, a lease and the request id of
 * its first try; a concurrent one loses the insert (the primary key) and waits.</li>
 * <li>The claimant renews the lease, and records a new request id, before every further try to the balancer; it stores
 * the session as the key's answer only while it still holds the claim.</li>
 * <li>A duplicate replays the answer once there is one, waits while the claim is alive (at most one lease), then
 * answers {@code 409 idempotency-key-in-progress} with {@code Retry-After}.</li>
 * <li>A claim whose lease ran out (its replica died or hung) is taken over by a conditional update of the row as it
 * was read; the new claimant's first try supersedes every request id the old claim recorded, so the balancer takes
 * back whatever they placed, on every substation, and at most one session survives. A claimant that comes back after
 * losing its claim finds its update refused and answers what the new claimant stores.</li>
 * <li>A failure (grid full, unavailable) releases the claim but keeps its request ids: the next request of the key
 * starts afresh, superseding them.</li>
 * </ul>
 *
 * See docs/reliability.md, "Idempotency across charge-request replicas".
 */
class JdbcIdempotencyStore implements IdempotencyStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcIdempotencyStore.class);

    /** Request ids kept per key, newest last: as many as the balancer takes in one {@code supersedes}. */
    static final int KEPT_REQUEST_IDS = BalancerClient.MAX_SUPERSEDES;

    private static final Duration FIRST_PAUSE = Duration.ofMillis(20);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(250);
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private static final String COLUMNS =
            "request_hash, version, claimed_by, lease_until, request_ids, answer, expires_at";

    /** How a duplicate waits between looks at the row; a test passes its own. */
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final JdbcClient jdbc;
    private final Duration ttl;
    private final Duration lease;
    private final Duration retryAfter;
    private final Clock clock;
    private final Pause pause;
    private final JsonMapper json = JsonMapper.shared();
    private final AtomicLong nextPurge = new AtomicLong();

    /**
     * @param retryAfter the {@code Retry-After} of a {@code 503 storage-unavailable}, when the database fails
     */
    JdbcIdempotencyStore(DataSource database, Duration ttl, Duration lease, Duration retryAfter, Clock clock,
            Pause pause) {
        this.jdbc = JdbcClient.create(database);
        this.ttl = ttl;
        this.lease = lease;
        this.retryAfter = retryAfter;
        this.clock = clock;
        this.pause = pause;
    }

    @Override
    public Result once(String key, ChargeRequest request, Function<StartTries, BalancerSession> start) {
        try {
            return serve(key, fingerprint(request), start);
        }
        catch (DataAccessException ex) {
            log.warn("Idempotency store failed: {}", ex.toString());
            throw new IdempotencyStoreUnavailableException(retryAfter, ex);
        }
    }

    private Result serve(String key, String hash, Function<StartTries, BalancerSession> start) {
        purgeIfDue();
        long waitUntil = clock.millis() + lease.toMillis();
        Duration nextPause = FIRST_PAUSE;
        while (true) {
            long now = clock.millis();
            Row row = read(key);
            Claim claim;
            if (row == null) {
                claim = insert(key, hash, now);
            }
            else if (row.expiresAt() <= now) {
                // Forgotten: a key like any new one, though an unanswered claim's tries are still superseded.
                claim = takeOver(key, row, hash, now);
            }
            else if (!row.requestHash().equals(hash) && !row.released()) {
                throw new IdempotencyKeyReusedException();
            }
            else if (row.answer() != null) {
                return new Result(json.readValue(row.answer(), BalancerSession.class), true);
            }
            else if (row.released() || row.leaseUntil() <= now) {
                claim = takeOver(key, row, hash, now);
            }
            else if (now >= waitUntil) {
                throw new IdempotencyKeyInProgressException(Duration.ofMillis(row.leaseUntil() - now));
            }
            else {
                // Another request of the key is starting its session, here or on another replica: its answer is ours.
                sleep(nextPause);
                nextPause = nextPause.multipliedBy(2).compareTo(LONGEST_PAUSE) < 0 ? nextPause.multipliedBy(2)
                        : LONGEST_PAUSE;
                continue;
            }
            if (claim == null) {
                // Another request changed the row since it was read: look again.
                continue;
            }
            Optional<BalancerSession> session = run(key, claim, start);
            if (session.isPresent()) {
                return new Result(session.get(), false);
            }
            // The claim was taken over while this request worked on it: the new claimant's answer is the key's.
            waitUntil = clock.millis() + lease.toMillis();
        }
    }

    private Optional<BalancerSession> run(String key, Claim claim, Function<StartTries, BalancerSession> start) {
        BalancerSession session;
        try {
            session = start.apply(new ClaimTries(key, claim));
        }
        catch (ClaimLostException ex) {
            return Optional.empty();
        }
        catch (RuntimeException | Error ex) {
            release(key, claim.token(), ex);
            throw ex;
        }
        int stored = jdbc.sql("UPDATE idempotency_keys SET answer = ?, claimed_by = NULL, request_ids = '', "
                + "expires_at = ?, version = version + 1 WHERE idempotency_key = ? AND claimed_by = ?")
                .params(json.writeValueAsString(session), clock.millis() + ttl.toMillis(), key, claim.token())
                .update();
        if (stored == 0) {
            // Taken over: the new claimant's first try superseded this one's id, so this session is taken back.
            log.warn("Idempotency key claim lapsed while its session {} was started; the replica that took it over "
                    + "takes that session back", session.sessionId());
            return Optional.empty();
        }
        return Optional.of(session);
    }

    /** Failures are forgotten: the key is free again, and the ids its tries went out under stay to be superseded. */
    private void release(String key, String token, Throwable failure) {
        try {
            jdbc.sql("UPDATE idempotency_keys SET claimed_by = NULL, lease_until = 0, version = version + 1 "
                    + "WHERE idempotency_key = ? AND claimed_by = ?").params(key, token).update();
        }
        catch (DataAccessException ex) {
            // The claim then lapses with its lease; the start's own failure is the answer.
            failure.addSuppressed(ex);
        }
    }

    private Claim insert(String key, String hash, long now) {
        String token = UUID.randomUUID().toString();
        String requestId = UUID.randomUUID().toString();
        try {
            jdbc.sql("INSERT INTO idempotency_keys (idempotency_key, " + COLUMNS + ") VALUES (?, ?, 0, ?, ?, ?, NULL, ?)")
                    .params(key, hash, token, now + lease.toMillis(), requestId, now + ttl.toMillis())
                    .update();
        }
        catch (DuplicateKeyException ex) {
            return null;
        }
        return new Claim(token, requestId, List.of(requestId), List.of());
    }

    /** Claims the row as it was read; {@code null} when another request changed it first. */
    private Claim takeOver(String key, Row row, String hash, long now) {
        String token = UUID.randomUUID().toString();
        String requestId = UUID.randomUUID().toString();
        List<String> earlier = row.answer() == null ? row.requestIds() : List.of();
        List<String> ids = newest(earlier, requestId);
        int claimed = jdbc.sql("UPDATE idempotency_keys SET request_hash = ?, claimed_by = ?, lease_until = ?, "
                + "request_ids = ?, answer = NULL, expires_at = ?, version = version + 1 "
                + "WHERE idempotency_key = ? AND version = ?")
                .params(hash, token, now + lease.toMillis(), String.join(",", ids), now + ttl.toMillis(), key,
                        row.version())
                .update();
        if (claimed == 0) {
            return null;
        }
        if (!earlier.isEmpty()) {
            log.info("Idempotency key taken over from a lapsed or failed claim; superseding {} earlier tries",
                    earlier.size());
        }
        return new Claim(token, requestId, ids, ids.subList(0, ids.size() - 1));
    }

    private Row read(String key) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM idempotency_keys WHERE idempotency_key = ?")
                .param(key)
                .query((rs, n) -> new Row(rs.getString("request_hash"), rs.getLong("version"),
                        rs.getString("claimed_by"), rs.getLong("lease_until"), split(rs.getString("request_ids")),
                        rs.getString("answer"), rs.getLong("expires_at")))
                .optional()
                .orElse(null);
    }

    /** Forgets expired keys, at most once a minute per replica, on the request that finds it due. */
    private void purgeIfDue() {
        long now = clock.millis();
        long due = nextPurge.get();
        if (now < due || !nextPurge.compareAndSet(due, now + PURGE_EVERY.toMillis())) {
            return;
        }
        int purged = jdbc.sql("DELETE FROM idempotency_keys WHERE expires_at <= ? AND lease_until <= ?")
                .params(now, now).update();
        log.debug("Purged {} expired idempotency keys", purged);
    }

    private void sleep(Duration duration) {
        try {
            pause.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IdempotencyKeyInProgressException(lease);
        }
    }

    /** Keys in the table (for tests and diagnostics). */
    long size() {
        return jdbc.sql("SELECT COUNT(*) FROM idempotency_keys").query(Long.class).single();
    }

    static String fingerprint(ChargeRequest request) {
        try {
            // A record's text names every component and its value: equal requests, equal text.
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(request.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java runtime has SHA-256", ex);
        }
    }

    private static List<String> newest(List<String> earlier, String latest) {
        List<String> ids = new ArrayList<>(earlier);
        ids.add(latest);
        return List.copyOf(ids.subList(Math.max(0, ids.size() - KEPT_REQUEST_IDS), ids.size()));
    }

    private static List<String> split(String ids) {
        return ids == null || ids.isBlank() ? List.of() : Arrays.asList(ids.split(","));
    }

    /** A key's row as read. */
    private record Row(String requestHash, long version, String claimedBy, long leaseUntil, List<String> requestIds,
            String answer, long expiresAt) {

        /** Neither answered nor claimed: its last request failed. */
        boolean released() {
            return claimedBy == null && answer == null;
        }
    }

    /**
     * This request's claim on a key.
     *
     * @param ids        every request id recorded for the key, this claim's first included (last)
     * @param supersedes the earlier ones: ids of tries whose sessions must not survive
     */
    private record Claim(String token, String requestId, List<String> ids, List<String> supersedes) {
    }

    /** The claim's tries: the lease is renewed, and a new request id recorded, before each try goes out. */
    private final class ClaimTries implements StartTries {

        private final String key;
        private final Claim claim;
        private List<String> ids;

        ClaimTries(String key, Claim claim) {
            this.key = key;
            this.claim = claim;
            this.ids = claim.ids();
        }

        @Override
        public String requestId() {
            return claim.requestId();
        }

        @Override
        public List<String> supersedes() {
            return claim.supersedes();
        }

        @Override
        public void sending(String requestId) {
            if (!ids.contains(requestId)) {
                ids = newest(ids, requestId);
            }
            int renewed = jdbc.sql("UPDATE idempotency_keys SET request_ids = ?, lease_until = ?, "
                    + "version = version + 1 WHERE idempotency_key = ? AND claimed_by = ?")
                    .params(String.join(",", ids), clock.millis() + lease.toMillis(), key, claim.token())
                    .update();
            if (renewed == 0) {
                throw new ClaimLostException();
            }
        }
    }

    /** The claim lapsed and was taken over: this request must place nothing more. */
    private static final class ClaimLostException extends RuntimeException {

        ClaimLostException() {
            super("Idempotency key claim taken over", null, false, false);
        }
    }
}
