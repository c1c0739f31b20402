package io.smartgrid.balancer.client;

import feign.FeignException;
import feign.Request;
import feign.RetryableException;
import io.smartgrid.balancer.BalancerProperties;
import io.smartgrid.http.GridHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Calls one substation, chosen per call by its base URI, and reports how the call ended instead of throwing. Session
 * calls pass a per-substation circuit breaker and bulkhead ({@link SubstationGuards}) and run within a time budget.
 */
@Component
public class SubstationClient {

    private static final Logger log = LoggerFactory.getLogger(SubstationClient.class);

    private final SubstationApi api;
    private final SubstationGuards guards;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    SubstationClient(SubstationApi api, BalancerProperties properties, ResilienceProperties resilience) {
        this.api = api;
        this.guards = new SubstationGuards(resilience);
        this.connectTimeout = properties.connectTimeout();
        this.readTimeout = properties.readTimeout();
    }

    /**
     * Asks a substation to admit a session, within {@code budget} at most.
     *
     * @return empty when the substation already has as many calls in flight as its bulkhead allows: it was not
     *     called, and says nothing about its health
     */
    public Optional<SubstationReply> start(URI substation, StartSession request, Duration budget) {
        Request.Options timeouts = timeouts(budget);
        return guarded(substation, options -> api.start(substation, request, options), timeouts);
    }

    public SubstationReply get(URI substation, String sessionId) {
        return guarded(substation, options -> api.get(substation, sessionId, options), timeouts(readTimeout))
                .orElseGet(() -> new SubstationReply.Failed("busy"));
    }

    public SubstationReply stop(URI substation, String sessionId) {
        return guarded(substation, options -> api.stop(substation, sessionId, options), timeouts(readTimeout))
                .orElseGet(() -> new SubstationReply.Failed("busy"));
    }

    /** The substation's current load, or empty when it could not be read. */
    public Optional<Load> load(URI substation) {
        try {
            return Optional.ofNullable(api.load(substation));
        }
        catch (SubstationRejection | FeignException ex) {
            failed(substation, ex);
            return Optional.empty();
        }
    }

    private Optional<SubstationReply> guarded(URI substation, Function<Request.Options, SessionReply> call,
            Request.Options timeouts) {
        SubstationGuards.Entry entry = guards.enter(substation);
        if (entry == SubstationGuards.Entry.FULL) {
            return Optional.empty();
        }
        if (!entry.permitted()) {
            return Optional.of(new SubstationReply.Failed("circuit open", false));
        }
        SubstationReply reply = new SubstationReply.Failed("no reply");
        try {
            SessionReply answer = call.apply(timeouts);
            reply = new SubstationReply.Answered(answer.session(), answer.load());
        }
        catch (SubstationRejection rejection) {
            reply = rejected(rejection);
        }
        catch (FeignException ex) {
            reply = failed(substation, ex);
        }
        finally {
            // Always, or a permit would leak; anything thrown past the catches counts as a failure.
            entry.exit(reply instanceof SubstationReply.Failed);
        }
        return Optional.of(reply);
    }

    private Request.Options timeouts(Duration budget) {
        long connect = Math.max(1, Math.min(connectTimeout.toMillis(), budget.toMillis()));
        long read = Math.max(1, Math.min(readTimeout.toMillis(), budget.toMillis()));
        return new Request.Options(connect, TimeUnit.MILLISECONDS, read, TimeUnit.MILLISECONDS, false);
    }

    private static SubstationReply rejected(SubstationRejection rejection) {
        return switch (rejection.kind()) {
            case FULL -> new SubstationReply.Full(rejection.load());
            case ABOVE_CEILING -> new SubstationReply.AboveCeiling(rejection.load());
            case NOT_FOUND -> new SubstationReply.NotFound(rejection.load());
            // Nothing happened there: no session to take back, and the next substation may be tried at once.
            case STOPPING -> new SubstationReply.Failed("stopping", false);
        };
    }

    private static SubstationReply failed(URI substation, RuntimeException ex) {
        String reason = ex instanceof RetryableException ? "unreachable or timed out" : ex.getClass().getSimpleName();
        log.debug("Call to substation {} failed: {}", substation, ex.toString());
        // A connection never made carried no request; a timeout or an error status may follow an admission.
        return new SubstationReply.Failed(reason, !GridHttpClient.neverSent(ex));
    }
}
