package io.smartgrid.balancer.placement;

import io.smartgrid.balancer.BalancerProperties;
import io.smartgrid.balancer.Ticker;
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

    private final SubstationRegistry registry;
    private final SubstationClient client;
    private final AssignmentMetrics metrics;
    private final Compensations compensations;
    private final Placement.Limits limits;
    private final Duration retryAfter;
    private final Ticker ticker;

    SessionService(SubstationRegistry registry, SubstationClient client, AssignmentMetrics metrics,
            Compensations compensations, BalancerProperties properties, ResilienceProperties resilience, Ticker ticker) {
        this.registry = registry;
        this.client = client;
        this.metrics = metrics;
        this.compensations = compensations;
        this.limits = new Placement.Limits(properties.maxAttempts(), resilience.deadline(),
                properties.conditionalAdmission());
        this.retryAfter = properties.retryAfter();
        this.ticker = ticker;
    }

    Session start(SessionRequest request) {
        Placement placement = new Placement(limits, ticker);
        takeBackSuperseded(request.supersedes());
        // One id for the whole request, the caller's when it sent one: each substation admits it at most once.
        String requestId = request.requestId() != null ? request.requestId() : UUID.randomUUID().toString();
        // Substations that refused this request a place on their waitlist: full, or not answering.
        BitSet refusedWait = new BitSet();
        for (Optional<Duration> budget = placement.nextBudget(); budget.isPresent(); budget = placement.nextBudget()) {
            Choice choice = registry.choose(request.powerKw(), request.routingMinPowerKw(), placement.tried(),
                    placement.withCeiling(budget.get()));
            boolean toWait = false;
            if (!choice.found() && choice.noRoom() && request.mayWait()) {
                // Its minimum fits nowhere: it waits where power should free up first.
                choice = registry.chooseToWait(request.routingMinPowerKw(), refusedWait);
                toWait = true;
            }
            if (!choice.found()) {
                placement.noCandidate(choice.noRoom());
                break;
            }
            if (toWait) {
                refusedWait.set(choice.index());
            }
            Optional<Session> session = attempt(placement, choice, request, requestId, budget.get(), toWait);
            if (session.isPresent()) {
                return session.get();
            }
        }
        metrics.rejected();
        throw placement.rejection(retryAfter);
    }

    /** One call to the chosen substation, and what its answer means for the start; the session once admitted. */
    private Optional<Session> attempt(Placement placement, Choice choice, SessionRequest request, String requestId,
            Duration budget, boolean toWait) {
        placement.trying(choice.index());
        // The substation admits under this id at most once, and should its answer be lost, the session can still
        // be taken back by it. Attempts on other substations have other ids, by their prefix.
        String sessionId = choice.substationId() + "." + requestId;
        StartSession body = new StartSession(sessionId, request.vehicleId(), request.powerKw(),
                request.energyKwh(), choice.hasCeiling() ? choice.ceiling() : null, request.minPowerKw(),
                request.departureAt(), toWait ? Boolean.TRUE : null);
        long calledAt = placement.now();
        Optional<SubstationReply> outcome = call(choice, sessionId, body, budget);
        if (outcome.isEmpty()) {
            // Skipped for a full bulkhead: not called, so not an attempt; the next candidate is chosen.
            return Optional.empty();
        }
        SubstationReply reply = outcome.get();
        if (reply instanceof SubstationReply.AboveCeiling) {
            metrics.aboveCeiling(choice.substationId());
            if (choice.hasCeiling()) {
                placement.refusedAboveCeiling(choice.index(), calledAt);
            }
            else {
                // Refused without a ceiling to refuse by: a "no" all the same, so on to the next candidate.
                placement.full();
            }
            return Optional.empty();
        }
        if (reply instanceof SubstationReply.Answered answered && answered.session() != null) {
            placement.admitted();
            metrics.assigned(choice.substationId());
            return Optional.of(answered.session());
        }
        if (reply instanceof SubstationReply.Full) {
            placement.full();
            metrics.full(choice.substationId());
            return Optional.empty();
        }
        // A timeout is ambiguous: the substation may have admitted the session after all, and nobody would
        // own it. It is taken back in the background, by the id sent; see docs/reliability.md.
        placement.failed();
        metrics.failed(choice.substationId());
        if (!(reply instanceof SubstationReply.Failed failed) || failed.mayHaveArrived()) {
            compensations.schedule(choice.substationId(), choice.url(), sessionId);
        }
        return Optional.empty();
    }

    /**
     * Calls the chosen substation and settles the choice, whatever happens: its reservation always goes, or the
     * substation would look fuller for ever. Empty when a full bulkhead skipped the call: the reservation goes, the
     * substation's health stays as it was.
     */
    private Optional<SubstationReply> call(Choice choice, String sessionId, StartSession body, Duration budget) {
        Optional<SubstationReply> outcome = Optional.of(new SubstationReply.Failed("no reply"));
        try {
            outcome = client.start(choice.url(), body, budget);
            return outcome;
        }
        catch (RuntimeException ex) {
            compensations.schedule(choice.substationId(), choice.url(), sessionId);
            throw ex;
        }
        finally {
            if (outcome.isPresent()) {
                registry.settle(choice, outcome.get());
            }
            else {
                registry.release(choice);
            }
        }
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
