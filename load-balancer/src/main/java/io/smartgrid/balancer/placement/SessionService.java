package io.smartgrid.balancer.placement;

import io.smartgrid.balancer.BalancerProperties;
import io.smartgrid.balancer.client.ResilienceProperties;
import io.smartgrid.balancer.client.Session;
import io.smartgrid.balancer.client.StartSession;
import io.smartgrid.balancer.client.SubstationClient;
import io.smartgrid.balancer.client.SubstationReply;
import io.smartgrid.balancer.registry.Choice;
import io.smartgrid.balancer.registry.SubstationRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Places sessions and routes calls about them. A substation that is full or does not answer is not the end: the
 * next candidate is tried, up to {@code grid.balancer.max-attempts}, all within one deadline
 * ({@code grid.balancer.resilience.deadline}) shorter than the caller's own timeout. The substation decides
 * admission itself, so a stale view can cost an extra attempt but never an overloaded substation.
 *
 * <p>With conditional admission ({@code grid.balancer.conditional-admission}) each start carries the runner-up's
 * utilisation as a ceiling. A substation that another replica has filled meanwhile refuses it as "not the least
 * loaded", with its true load; the request is then chosen for again at once, on the corrected view, up to
 * {@code max-attempts} times over, and its last try goes without a ceiling, so that a race between replicas never
 * fails a request by itself.
 */
@Service
class SessionService {

    /** {@code <substationId>.<rest>}: the substation owns the id, so the prefix is all the routing there is. */
    private static final Pattern SESSION_ID = Pattern.compile("([a-z0-9][a-z0-9-]{0,31})\\.[A-Za-z0-9._-]{1,128}");

    /** Less than this left of the deadline is not worth a call: not even a connection would fit. */
    private static final Duration MIN_ATTEMPT = Duration.ofMillis(50);

    /** In the last this part of the deadline a try goes without a ceiling: a refusal would leave too little time. */
    private static final int LAST_TRY_PART = 5;

    /** Settles a choice whose substation was not called: no load to take in, no failure to count. */
    private static final SubstationReply NOT_CALLED = new SubstationReply.Full(null);

    private final SubstationRegistry registry;
    private final SubstationClient client;
    private final AssignmentMetrics metrics;
    private final Compensations compensations;
    private final int maxAttempts;
    private final Duration retryAfter;
    private final Duration deadline;
    private final boolean conditionalAdmission;
    /** Less than this left of the deadline, and the next try is the last: it goes without a ceiling. */
    private final Duration lastTryWithin;

    SessionService(SubstationRegistry registry, SubstationClient client, AssignmentMetrics metrics,
            Compensations compensations, BalancerProperties properties, ResilienceProperties resilience) {
        this.registry = registry;
        this.client = client;
        this.metrics = metrics;
        this.compensations = compensations;
        this.maxAttempts = properties.maxAttempts();
        this.retryAfter = properties.retryAfter();
        this.deadline = resilience.deadline();
        this.conditionalAdmission = properties.conditionalAdmission();
        this.lastTryWithin = deadline.dividedBy(LAST_TRY_PART);
    }

    Session start(ChargeRequest request) {
        long deadline = System.nanoTime() + this.deadline.toNanos();
        takeBackSuperseded(request.supersedes());
        // One id for the whole request, the caller's when it sent one: each substation admits it at most once.
        String requestId = request.requestId() != null ? request.requestId() : UUID.randomUUID().toString();
        BitSet tried = new BitSet();
        boolean full = false;
        int attempts = 0;
        int outbids = 0;
        // The longest a refusal under a ceiling has taken this request: another try must fit after the next one.
        long slowestRefusal = 0;
        while (attempts < maxAttempts) {
            Duration budget = Duration.ofNanos(deadline - System.nanoTime());
            if (budget.compareTo(MIN_ATTEMPT) < 0) {
                // Better a clean 503 now than a call cut short, or a caller that gives up before we answer.
                break;
            }
            // The last try goes without a ceiling: once refusals have used up their budget, or when another
            // refusal, as slow as the slowest yet, would leave too little time for a try after it.
            boolean withCeiling = conditionalAdmission && outbids < maxAttempts
                    && budget.compareTo(lastTryWithin) >= 0 && budget.toNanos() >= 2 * slowestRefusal;
            Choice choice = registry.choose(request.powerKw(), tried, withCeiling);
            if (!choice.found()) {
                full |= choice.noRoom();
                break;
            }
            tried.set(choice.index());
            // The substation admits under this id at most once, and should its answer be lost, the session can still
            // be taken back by it. Attempts on other substations have other ids, by their prefix.
            String sessionId = choice.substationId() + "." + requestId;
            StartSession body = new StartSession(sessionId, request.vehicleId(), request.powerKw(),
                    request.energyKwh(), choice.hasCeiling() ? choice.maxUtilization() : null);
            Optional<SubstationReply> outcome = Optional.of(new SubstationReply.Failed("no reply"));
            long called = System.nanoTime();
            try {
                outcome = client.start(choice.url(), body, budget);
            }
            catch (RuntimeException ex) {
                compensations.schedule(choice.substationId(), choice.url(), sessionId);
                throw ex;
            }
            finally {
                // Always release the reservation, or the substation would look fuller for ever. A substation
                // skipped for a full bulkhead was not called: its reservation goes, its health stays as it was.
                registry.settle(choice, outcome.orElse(NOT_CALLED));
            }
            if (outcome.isEmpty()) {
                continue;
            }
            SubstationReply reply = outcome.get();
            if (reply instanceof SubstationReply.Outbid) {
                metrics.outbid(choice.substationId());
                if (choice.hasCeiling()) {
                    // Neither a failure nor an attempt, and the substation stays a candidate: with its true load now
                    // in view it is seldom chosen again, but it may rightly be.
                    outbids++;
                    slowestRefusal = Math.max(slowestRefusal, System.nanoTime() - called);
                    tried.clear(choice.index());
                }
                else {
                    // Refused without a ceiling to refuse by: a "no" all the same, so on to the next candidate.
                    attempts++;
                    full = true;
                }
                continue;
            }
            attempts++;
            if (reply instanceof SubstationReply.Answered answered && answered.session() != null) {
                metrics.assigned(choice.substationId());
                return answered.session();
            }
            if (reply instanceof SubstationReply.Full) {
                metrics.full(choice.substationId());
                full = true;
            }
            else {
                // A timeout is ambiguous: the substation may have admitted the session after all, and nobody would
                // own it. It is taken back in the background, by the id sent; see docs/reliability.md.
                metrics.failed(choice.substationId());
                if (!(reply instanceof SubstationReply.Failed failed) || failed.mayHaveArrived()) {
                    compensations.schedule(choice.substationId(), choice.url(), sessionId);
                }
            }
        }
        metrics.rejected();
        throw full ? GridUnavailableException.full(retryAfter) : GridUnavailableException.unreachable(retryAfter);
    }

    /**
     * An earlier try of this start went to another balancer replica and its answer never came: it may have placed a
     * session under {@code <substationId>.<id>} on any substation, or still be about to. Each is taken back in the
     * background; a substation that never saw it remembers the id as cancelled and refuses it should it arrive late.
     */
    private void takeBackSuperseded(List<String> supersededIds) {
        if (supersededIds.isEmpty()) {
            return;
        }
        for (SubstationRegistry.Target target : registry.targets()) {
            for (String superseded : supersededIds) {
                compensations.schedule(target.id(), target.url(), target.id() + "." + superseded);
            }
        }
    }

    Session get(String sessionId) {
        return call(sessionId, client::get);
    }

    Session stop(String sessionId) {
        return call(sessionId, client::stop);
    }

    private Session call(String sessionId, BiFunction<URI, String, SubstationReply> operation) {
        Matcher matcher = SESSION_ID.matcher(sessionId);
        if (!matcher.matches()) {
            throw new SessionNotFoundException();
        }
        String substationId = matcher.group(1);
        URI url = registry.urlOf(substationId).orElseThrow(SessionNotFoundException::new);
        SubstationReply reply = operation.apply(url, sessionId);
        registry.record(substationId, reply);
        if (reply instanceof SubstationReply.Answered answered && answered.session() != null) {
            return answered.session();
        }
        if (reply instanceof SubstationReply.NotFound) {
            throw new SessionNotFoundException();
        }
        throw GridUnavailableException.unreachable(retryAfter);
    }
}
