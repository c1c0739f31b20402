package io.smartgrid.balancer.client;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bulkhead and one circuit breaker per substation (by base URL), around every session call. The bulkhead bounds
 * how many request threads a slow substation can hold; the breaker stops calling one whose calls keep failing even
 * while its {@code GET /load} still answers, until a trial call succeeds.
 */
final class SubstationGuards {

    private static final Logger log = LoggerFactory.getLogger(SubstationGuards.class);

    /** Recorded as the breaker's failure: no stack trace, nothing to explain beyond "the call failed". */
    private static final Exception FAILED = new Exception("substation call failed", null, false, false) {
    };

    private final BulkheadConfig bulkheadConfig;
    private final CircuitBreakerConfig breakerConfig;
    private final Map<String, Guard> guards = new ConcurrentHashMap<>();

    SubstationGuards(ResilienceProperties properties) {
        this.bulkheadConfig = BulkheadConfig.custom()
                .maxConcurrentCalls(properties.bulkhead())
                // Never queue: a full bulkhead means "try another substation", not "wait for this one".
                .maxWaitDuration(Duration.ZERO)
                .build();
        ResilienceProperties.CircuitBreaker breaker = properties.circuitBreaker();
        this.breakerConfig = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.slidingWindow())
                .minimumNumberOfCalls(breaker.minimumCalls())
                .failureRateThreshold(breaker.failureRateThreshold())
                .waitDurationInOpenState(breaker.openFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .build();
    }

    /** Whether a call to this substation may go ahead; if so, {@link Entry#exit} must follow. */
    Entry enter(URI substation) {
        Guard guard = guards.computeIfAbsent(substation.toString(), this::guard);
        if (!guard.breaker.tryAcquirePermission()) {
            return Entry.OPEN;
        }
        if (!guard.bulkhead.tryAcquirePermission()) {
            guard.breaker.releasePermission();
            return Entry.FULL;
        }
        return new Entry(guard, System.nanoTime());
    }

    private Guard guard(String name) {
        CircuitBreaker breaker = CircuitBreaker.of(name, breakerConfig);
        breaker.getEventPublisher().onStateTransition(event ->
                log.warn("Circuit to substation {}: {}", name, event.getStateTransition()));
        return new Guard(Bulkhead.of(name, bulkheadConfig), breaker);
    }

    private record Guard(Bulkhead bulkhead, CircuitBreaker breaker) {
    }

    /** A permitted call, or the reason there is none. */
    static final class Entry {

        static final Entry OPEN = new Entry(null, 0);
        static final Entry FULL = new Entry(null, 0);

        private final Guard guard;
        private final long started;

        private Entry(Guard guard, long started) {
            this.guard = guard;
            this.started = started;
        }

        boolean permitted() {
            return guard != null;
        }

        /** Ends a permitted call, counting it for the breaker as a success or a failure. */
        void exit(boolean failed) {
            long elapsed = System.nanoTime() - started;
            guard.bulkhead.onComplete();
            if (failed) {
                guard.breaker.onError(elapsed, TimeUnit.NANOSECONDS, FAILED);
            }
            else {
                guard.breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
            }
        }
    }
}
