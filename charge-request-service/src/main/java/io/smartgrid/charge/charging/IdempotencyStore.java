package io.smartgrid.charge.charging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.smartgrid.charge.ChargeProperties;
import io.smartgrid.charge.client.BalancerSession;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Remembers which session each {@code Idempotency-Key} started, for a while and up to a bound.
 * The first request of a key does the work; duplicates, even concurrent ones, wait for its result
 * instead of starting a second session. Failures are forgotten, so the client can retry with the same key.
 */
@Component
class IdempotencyStore {

    /** What a key was used for, and the session it started (or is still starting). */
    private record Attempt(ChargeRequest request, CompletableFuture<BalancerSession> session) {
    }

    /** A session and whether it was started by this call or by an earlier one with the same key. */
    record Result(BalancerSession session, boolean replayed) {
    }

    private final Cache<String, Attempt> attempts;

    @Autowired
    IdempotencyStore(ChargeProperties properties) {
        this(properties.idempotency().maximumKeys(), properties.idempotency().ttl(), Ticker.systemTicker());
    }

    IdempotencyStore(long maximumKeys, Duration ttl, Ticker ticker) {
        this.attempts = Caffeine.newBuilder()
                .maximumSize(maximumKeys)
                .expireAfterWrite(ttl)
                .ticker(ticker)
                .build();
    }

    Result once(String key, ChargeRequest request, Supplier<BalancerSession> start) {
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

    private BalancerSession run(String key, Attempt attempt, Supplier<BalancerSession> start) {
        try {
            BalancerSession session = start.get();
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
