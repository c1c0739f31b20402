package io.smartgrid.balancer.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartgrid.balancer.BalancerProperties;
import io.smartgrid.balancer.client.Load;
import io.smartgrid.balancer.client.ResilienceProperties;
import io.smartgrid.balancer.client.Session;
import io.smartgrid.balancer.client.StartSession;
import io.smartgrid.balancer.client.SubstationClient;
import io.smartgrid.balancer.client.SubstationReply;
import io.smartgrid.balancer.registry.SubstationRegistry;
import io.smartgrid.balancer.routing.Policies;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The retry rules of a start, against a real registry and a substation client that answers as told. */
class SessionServiceTests {

    private static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SubstationRegistry registry = new SubstationRegistry(
            List.of(new SubstationRegistry.Target("a", URI.create("http://127.0.0.1:9000")),
                    new SubstationRegistry.Target("b", URI.create("http://127.0.0.1:9001"))),
            SubstationRegistry.Options.of(Policies.byName(Policies.LEAST_UTILIZATION)), Clock.systemUTC(), meters);
    private final SubstationClient client = mock(SubstationClient.class);
    private final BalancerProperties properties = new BalancerProperties(List.of(), Policies.LEAST_UTILIZATION,
            Duration.ofMillis(500), Duration.ofMillis(250), Duration.ofSeconds(2), 3, Duration.ofSeconds(5), true, true,
            true, Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(10));
    private final Compensations compensations = new Compensations(client, registry, meters);
    private final FakeTicker ticker = new FakeTicker();
    private final SessionService service = new SessionService(registry, client,
            new AssignmentMetrics(properties, meters), compensations, properties,
            new ResilienceProperties(Duration.ofMillis(2500), 64,
                    new ResilienceProperties.CircuitBreaker(50, 10, 5, Duration.ofSeconds(5))), ticker);
    private final AtomicLong version = new AtomicLong(1);

    @AfterEach
    void stopCompensations() {
        compensations.destroy();
    }

    @Test
    void withLittleOfTheDeadlineLeftTheNextTryGoesWithoutACeiling() {
        registry.applyLoad("a", load("a", 0));
        registry.applyLoad("b", load("b", 50));
        List<StartSession> sent = new CopyOnWriteArrayList<>();
        given(client.start(any(), any(), any())).willAnswer(call -> {
            StartSession body = call.getArgument(1);
            Duration budget = call.getArgument(2);
            sent.add(body);
            if (body.ceiling() == null) {
                return Optional.of(new SubstationReply.Answered(session(body), load("a", 11)));
            }
            // A slow refusal that leaves 350 ms of the 2.5 s deadline: less than its last fifth.
            ticker.advance(budget.minusMillis(350));
            return Optional.of(new SubstationReply.AboveCeiling(load("a", 0)));
        });

        Session session = service.start(new SessionRequest("EV-1", 11.0, 20.0));

        assertThat(session.substationId()).isEqualTo("a");
        assertThat(sent).extracting(StartSession::ceiling).containsExactly((50.0 + 11) / 100, null);
        assertThat(meters.get("balancer.assignments").tags("substation", "a", "outcome", "above-ceiling").counter()
                .count()).as("one refusal only: the budget of refusals (3) was not what ended the ceilings").isEqualTo(1);
    }

    @Test
    void aSlowRefusalLeavesItsNextTryWithoutACeilingWhenAnotherAsSlowWouldNotFit() {
        registry.applyLoad("a", load("a", 0));
        registry.applyLoad("b", load("b", 50));
        List<StartSession> sent = new CopyOnWriteArrayList<>();
        given(client.start(any(), any(), any())).willAnswer(call -> {
            StartSession body = call.getArgument(1);
            sent.add(body);
            if (body.ceiling() == null) {
                return Optional.of(new SubstationReply.Answered(session(body), load("a", 11)));
            }
            // 1 s of the 2.5 s deadline: 1.5 s left, more than its last fifth but not two more such refusals.
            ticker.advance(Duration.ofSeconds(1));
            return Optional.of(new SubstationReply.AboveCeiling(load("a", 0)));
        });

        Session session = service.start(new SessionRequest("EV-1", 11.0, 20.0));

        assertThat(session.substationId()).isEqualTo("a");
        assertThat(sent).extracting(StartSession::ceiling).containsExactly((50.0 + 11) / 100, null);
    }

    @Test
    void everyAttemptOfARequestUsesTheCallersRequestIdUnderItsSubstationsPrefix() {
        registry.applyLoad("a", load("a", 0));
        registry.applyLoad("b", load("b", 50));
        List<StartSession> sent = new CopyOnWriteArrayList<>();
        given(client.start(any(), any(), any())).willAnswer(call -> {
            StartSession body = call.getArgument(1);
            sent.add(body);
            return Optional.of(body.sessionId().startsWith("a.") ? new SubstationReply.Full(load("a", 100))
                    : new SubstationReply.Answered(session(body), load("b", 61)));
        });

        Session session = service.start(new SessionRequest("EV-1", 11.0, 20.0, REQUEST_ID, null));

        assertThat(sent).extracting(StartSession::sessionId).containsExactly("a." + REQUEST_ID, "b." + REQUEST_ID);
        assertThat(session.sessionId()).isEqualTo("b." + REQUEST_ID);
    }

    @Test
    void aStartThatSupersedesAnEarlierTryTakesBackWhatThatTryMayHavePlacedOnEverySubstation() {
        registry.applyLoad("a", load("a", 0));
        registry.applyLoad("b", load("b", 50));
        String earlier = "0f0e0d0c-0b0a-4908-8706-050403020100";
        given(client.start(any(), any(), any())).willAnswer(call ->
                Optional.of(new SubstationReply.Answered(session(call.getArgument(1)), load("a", 11))));
        given(client.stop(any(), any())).willAnswer(call ->
                new SubstationReply.NotFound(load(((URI) call.getArgument(0)).getPort() == 9000 ? "a" : "b", 0)));

        Session session = service.start(new SessionRequest("EV-1", 11.0, 20.0, REQUEST_ID, List.of(earlier)));

        assertThat(session.sessionId()).isEqualTo("a." + REQUEST_ID);
        verify(client, timeout(10_000)).stop(URI.create("http://127.0.0.1:9000"), "a." + earlier);
        verify(client, timeout(10_000)).stop(URI.create("http://127.0.0.1:9001"), "b." + earlier);
        verify(client, never()).stop(any(), org.mockito.ArgumentMatchers.endsWith(REQUEST_ID));
    }

    @Test
    void aCarWhoseMinimumFitsNowhereAndWhoAsksToWaitIsQueuedWherePowerFreesUpFirstAndElsewhereWhenThatListIsFull() {
        // Both full of minimums; "b" is short by less once the car's 10 kW are counted: it goes there first.
        registry.applyLoad("a", new Load("a", 100, 100, 10, version.incrementAndGet(), NOW, false, 100.0, 100.0, 2,
                20.0));
        registry.applyLoad("b", new Load("b", 100, 100, 10, version.incrementAndGet(), NOW, false, 100.0, 95.0, 0,
                0.0));
        List<StartSession> sent = new CopyOnWriteArrayList<>();
        given(client.start(any(), any(), any())).willAnswer(call -> {
            StartSession body = call.getArgument(1);
            sent.add(body);
            if (body.sessionId().startsWith("b.")) {
                return Optional.of(new SubstationReply.Full(load("b", 100)));
            }
            return Optional.of(new SubstationReply.Answered(new Session(body.sessionId(), body.vehicleId(), "a",
                    body.powerKw(), body.energyKwh(), 0, Session.WAITING, null, null, 10.0, null, 0.0, null, 3,
                    NOW.plusSeconds(60)), load("a", 100)));
        });

        Session session = service.start(new SessionRequest("EV-1", 11.0, 20.0, REQUEST_ID, null, 10.0, null, true));

        assertThat(sent).extracting(StartSession::sessionId).containsExactly("b." + REQUEST_ID, "a." + REQUEST_ID);
        assertThat(sent).extracting(StartSession::waitlist).containsExactly(true, true);
        assertThat(session.waiting()).isTrue();
        assertThat(session.position()).isEqualTo(3);
    }

    @Test
    void aCarWhoseMinimumFitsNowhereAndWhoDoesNotAskToWaitIsRefusedWithoutACall() {
        registry.applyLoad("a", new Load("a", 100, 100, 10, version.incrementAndGet(), NOW, false, 100.0, 100.0));
        registry.applyLoad("b", new Load("b", 100, 100, 10, version.incrementAndGet(), NOW, false, 100.0, 95.0));

        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> service.start(new SessionRequest("EV-1", 11.0, 20.0, REQUEST_ID, null, 10.0, null)))
                .isInstanceOfSatisfying(GridUnavailableException.class, refused -> assertThat(refused.isFull()).isTrue());
        verify(client, never()).start(any(), any(), any());
    }

    private static final String REQUEST_ID = "5b0c3b1e-3f5e-4b8e-9a59-2c1d7a0e6f11";

    private Load load(String id, double loadKw) {
        return new Load(id, 100, loadKw, (int) (loadKw / 11), version.incrementAndGet(), NOW);
    }

    private static Session session(StartSession body) {
        return new Session(body.sessionId(), body.vehicleId(), "a", body.powerKw(), body.energyKwh(), 0, "CHARGING",
                NOW, null);
    }
}
