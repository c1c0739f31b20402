package io.smartgrid.charge.charging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.smartgrid.charge.ChargeProperties;
import io.smartgrid.charge.client.BalancerSession;
import io.smartgrid.charge.client.StartTries;

/**
 * The {@code memory} store: which session each {@code Idempotency-Key} started, in this replica only, for a while and
 * up to a bound. The first request of a key does the work; duplicates, even concurrent ones, wait for its result
 * instead of starting a second session. Right for a single replica; several need {@link JdbcIdempotencyStore}.
 */
class MemoryIdempotencyStore implements IdempotencyStore {

    /** What a key was used for, and the session it started (or is still starting). */
    private record Attempt(ChargeRequest request, CompletableFuture<BalancerSession> session) {
    }

    private final Cache<String, Attempt> attempts;

    MemoryIdempotencyStore(ChargeProperties properties) {
        this(properties.idempotency().maximumKeys(), properties.idempotency().ttl(), Ticker.systemTicker());
    }

    MemoryIdempotencyStore(long maximumKeys, Duration ttl, Ticker ticker) {
        this.attempts = Caffeine.newBuilder()
                .maximumSize(maximumKeys)
                .expireAfterWrite(ttl)
                .ticker(ticker)
                .build();
    }

    @Override
    public Result once(String key, ChargeRequest request, Function<StartTries, BalancerSession> start) {
        Attempt mine = new Attempt(request, new CompletableFuture<>());
        Attempt earlier = attempts.asMap().putIfAbsent(key, mine);
        if (earlier == null) {
            return new Result(run(key, mine, start), false);
        }
        if (!earlier.request().equals(request)) {
            throw new IdempotencyKeyReusedException();
        }
        try {
            return new Result(earlier.session().join(), true);
        }
        catch (CompletionException ex) {
            // The first attempt failed: its duplicates get the same answer, and the key is free again.
            if (ex.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw ex;
        }
    }

    private BalancerSession run(String key, Attempt attempt, Function<StartTries, BalancerSession> start) {
        try {
            BalancerSession session = start.apply(StartTries.fresh());
            attempt.session().complete(session);
            return session;
        }
        catch (RuntimeException | Error ex) {
            // Forget first, then wake the waiters: a retry arriving after this point starts afresh.
            attempts.asMap().remove(key, attempt);
            attempt.session().completeExceptionally(ex);
            throw ex;
        }
    }

    /** Keys currently remembered (for tests and diagnostics). */
    long size() {
        attempts.cleanUp();
        return attempts.estimatedSize();
    }
}
