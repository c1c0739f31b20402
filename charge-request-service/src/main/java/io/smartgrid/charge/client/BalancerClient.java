package io.smartgrid.charge.client;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import feign.FeignException;
import feign.RetryableException;
import io.smartgrid.charge.ChargeProperties;
import io.smartgrid.http.GridHttpClient;
import io.smartgrid.http.edge.ProblemException;
import io.smartgrid.http.edge.ProblemType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Calls the load balancer replicas. A call that a replica could not serve (connection refused, timeout, an
 * "unavailable" answer, an error status) goes to another replica, one try per replica; "grid full", "not found" and
 * "invalid" are the grid's answers and are never retried. When no replica is left, the client gets
 * {@code grid-unavailable}.
 *
 * <p>A start keeps its request id across a retry when the failed try never reached a balancer (nothing can have been
 * placed). Otherwise the retry takes a new id: after a settled answer (the replica's own 503, which took back what it
 * had placed) nothing else is needed; after an unsettled failure (a read timeout, an error status) the retry also names
 * the old id in {@code supersedes}, and the replica that serves it takes back whatever the old try may have placed, on
 * any substation. So a retry on another replica never leaves a second session charging. See docs/architecture.md.
 */
@Component
public class BalancerClient {

    private static final Logger log = LoggerFactory.getLogger(BalancerClient.class);

    /** The most earlier tries one start may name in {@code supersedes} (the balancer's limit). */
    public static final int MAX_SUPERSEDES = 8;

    private final BalancerApi api;
    private final BalancerReplicas replicas;
    private final ChargeProperties properties;

    BalancerClient(BalancerApi api, BalancerReplicas replicas, ChargeProperties properties) {
        this.api = api;
        this.replicas = replicas;
        this.properties = properties;
    }

    public BalancerSession start(SessionRequest request) {
        return start(request, StartTries.fresh());
    }

    /**
     * A start whose request ids are chosen, or must be known, by the caller: the first try goes under
     * {@code ids.requestId()} and supersedes {@code ids.supersedes()}; every later try is announced to
     * {@link StartTries#sending}, with its request id, before it goes out.
     */
    public BalancerSession start(SessionRequest request, StartTries ids) {
        String requestId = ids.requestId();
        List<String> superseded = new ArrayList<>(ids.supersedes());
        List<String> tried = new ArrayList<>();
        int tries = tries();
        GridUnavailableException answer = null;
        for (int i = 0; i < tries; i++) {
            if (i > 0) {
                ids.sending(requestId);
            }
            SessionRequest body = request.tried(requestId, newest(superseded));
            Attempt attempt = attempt(tried, () -> api.start(body));
            if (attempt.session() != null) {
                return attempt.session();
            }
            answer = attempt.failure();
            if (attempt.reached()) {
                if (!attempt.settled()) {
                    superseded.add(requestId);
                }
                requestId = UUID.randomUUID().toString();
            }
        }
        throw answer;
    }

    /** The balancer takes at most {@value #MAX_SUPERSEDES} superseded ids: the newest. */
    private static List<String> newest(List<String> superseded) {
        return superseded.subList(Math.max(0, superseded.size() - MAX_SUPERSEDES), superseded.size());
    }

    public BalancerSession get(String sessionId) {
        return idempotent(() -> api.get(sessionId));
    }

    public BalancerSession stop(String sessionId) {
        return idempotent(() -> api.stop(sessionId));
    }

    /** A lookup or a stop may be repeated whatever became of an earlier try: each replica in turn, until one answers. */
    private BalancerSession idempotent(Supplier<BalancerSession> call) {
        List<String> tried = new ArrayList<>();
        int tries = tries();
        GridUnavailableException answer = null;
        for (int i = 0; i < tries; i++) {
            Attempt attempt = attempt(tried, call);
            if (attempt.session() != null) {
                return attempt.session();
            }
            answer = attempt.failure();
        }
        throw answer;
    }

    private int tries() {
        return Math.max(1, replicas.instances().size());
    }

    /** One call to one replica; the grid's own answers (full, not found, invalid) are thrown as they come. */
    private Attempt attempt(List<String> tried, Supplier<BalancerSession> call) {
        try (BalancerReplicas.Try attempt = replicas.begin(tried)) {
            try {
                BalancerSession session = call.get();
                if (session == null || session.sessionId() == null) {
                    // An empty 2xx is a broken balancer, not a session.
                    return failed(attempt, tried, true, false, unavailable());
                }
                replicas.succeeded(attempt.chosen());
                return new Attempt(session, null, true, true);
            }
            catch (ReplicaUnavailableException ex) {
                return failed(attempt, tried, true, ex.settled(), ex.answer());
            }
            catch (ProblemException answer) {
                // The grid's own answer (full, not found, invalid): that replica is alive and well.
                replicas.succeeded(attempt.chosen());
                throw answer;
            }
            catch (RetryableException ex) {
                boolean reached = !GridHttpClient.neverSent(ex);
                log.warn("Load balancer {} {}: {}", attempt.chosen(), reached ? "failed" : "unreachable", ex.toString());
                return failed(attempt, tried, reached, false, unavailable());
            }
            catch (FeignException ex) {
                // An answer that could not be read: as good as none, and it may have taken effect.
                log.warn("Load balancer {} call failed: {}", attempt.chosen(), ex.toString());
                return failed(attempt, tried, true, false, unavailable());
            }
        }
    }

    private Attempt failed(BalancerReplicas.Try attempt, List<String> tried, boolean reached, boolean settled,
            GridUnavailableException answer) {
        String replica = attempt.chosen();
        replicas.failed(replica);
        if (replica != null) {
            tried.add(replica);
        }
        return new Attempt(null, answer, reached, settled);
    }

    private GridUnavailableException unavailable() {
        return new GridUnavailableException(ProblemType.GRID_UNAVAILABLE, properties.retryAfter(), null);
    }

    /**
     * How one call went: a session, or the answer to give if no other replica does better.
     *
     * @param reached whether the request may have reached a balancer
     * @param settled whether that balancer answered for itself, having taken back anything it placed
     */
    private record Attempt(BalancerSession session, GridUnavailableException failure, boolean reached,
            boolean settled) {
    }
}
