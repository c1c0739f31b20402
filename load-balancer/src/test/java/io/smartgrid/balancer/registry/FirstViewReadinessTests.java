package io.smartgrid.balancer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartgrid.balancer.client.Load;
import io.smartgrid.balancer.client.SubstationClient;
import io.smartgrid.balancer.routing.Policies;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** A starting balancer is ready only once every substation it knows has been polled once. */
class FirstViewReadinessTests {

    private final SubstationRegistry registry = new SubstationRegistry(
            List.of(new SubstationRegistry.Target("a", URI.create("http://127.0.0.1:9000")),
                    new SubstationRegistry.Target("b", URI.create("http://127.0.0.1:9001"))),
            SubstationRegistry.Options.of(Policies.byName(Policies.LEAST_UTILIZATION)), Clock.systemUTC(),
            new SimpleMeterRegistry());
    private final SubstationClient client = mock(SubstationClient.class);
    private final LoadPoller poller = new LoadPoller(registry, client, Duration.ofMillis(20));
    private final SubstationViewHealthIndicator view = new SubstationViewHealthIndicator(poller);

    @AfterEach
    void stop() {
        poller.stop();
    }

    @Test
    void notReadyUntilEverySubstationAnsweredOrFailedItsFirstPoll() throws InterruptedException {
        CountDownLatch slowAnswers = new CountDownLatch(1);
        CountDownLatch slowAsked = new CountDownLatch(1);
        given(client.load(URI.create("http://127.0.0.1:9000"))).willReturn(Optional.of(load("a")));
        given(client.load(URI.create("http://127.0.0.1:9001"))).willAnswer(call -> {
            slowAsked.countDown();
            slowAnswers.await(10, TimeUnit.SECONDS);
            return Optional.empty();
        });
        assertThat(view.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

        poller.start();
        assertThat(slowAsked.await(10, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.snapshot().get(0).healthy());

        assertThat(view.health().getStatus()).as("b's first poll is still under way").isEqualTo(Status.OUT_OF_SERVICE);
        slowAnswers.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> view.health().getStatus().equals(Status.UP));
        assertThat(registry.snapshot().get(1).healthy()).as("b failed its poll: known, out of rotation").isFalse();
    }

    @Test
    void withNoSubstationToPollTheFirstRoundIsTheView() {
        SubstationRegistry empty = new SubstationRegistry(List.of(),
                SubstationRegistry.Options.of(Policies.byName(Policies.LEAST_UTILIZATION)), Clock.systemUTC(),
                new SimpleMeterRegistry());
        LoadPoller alone = new LoadPoller(empty, client, Duration.ofMillis(20));
        given(client.load(any())).willReturn(Optional.empty());
        try {
            alone.start();
            await().atMost(Duration.ofSeconds(10)).until(alone::hasFirstView);
        }
        finally {
            alone.stop();
        }
    }

    private static Load load(String id) {
        return new Load(id, 100, 0, 0, 1, Instant.parse("2026-11-21T08:00:00Z"));
    }
}
