package io.smartgrid.balancer.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartgrid.balancer.client.Load;
import io.smartgrid.balancer.client.SubstationReply;
import io.smartgrid.balancer.routing.Policies;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Substations joining, leaving, draining and failing, on a clock the tests move by hand. */
class SubstationRegistryMembershipTests {

    private static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");
    private static final URI STATIC_URL = URI.create("http://127.0.0.1:9000");

    private final SubstationRegistryTests.MutableClock clock = new SubstationRegistryTests.MutableClock(NOW);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SubstationRegistry registry = new SubstationRegistry(
            List.of(new SubstationRegistry.Target("fixed", STATIC_URL)), 
            SubstationRegistry.Options.of(Policies.byName(Policies.LEAST_UTILIZATION)), clock, meters);

    @Test
    void aRegisteredSubstationIsChosenOnceItsLoadIsKnown() {
        assertThat(registry.register("north", url(1), 300)).isEqualTo(SubstationRegistry.Registration.CREATED);

        SubstationSnapshot fresh = view("north");
        assertThat(fresh.registered()).isTrue();
        assertThat(fresh.capacityKw()).as("announced capacity, until a report says otherwise").isEqualTo(300);
        assertThat(fresh.healthy()).isFalse();
        assertThat(registry.choose(11, new BitSet()).found()).as("nothing heard from it yet").isFalse();

        registry.applyLoad("north", load("north", 300, 0, 1, false));

        Choice choice = registry.choose(11, new BitSet());
        assertThat(choice.substationId()).isEqualTo("north");
        assertThat(choice.url()).isEqualTo(url(1));
        assertThat(meters.get("balancer.substation.healthy").tag("substation", "north").gauge().value()).isEqualTo(1);
    }

    @Test
    void registeringAgainIsIdempotentAndANewUrlIsTaken() {
        registry.register("north", url(1), 300);
        registry.applyLoad("north", load("north", 300, 0, 1, false));

        assertThat(registry.register("north", url(1), 300)).isEqualTo(SubstationRegistry.Registration.UNCHANGED);
        assertThat(view("north").healthy()).as("a repeated registration changes nothing").isTrue();
        assertThat(registry.register("north", url(2), 300)).isEqualTo(SubstationRegistry.Registration.UPDATED);

        assertThat(registry.urlOf("north")).hasValue(url(2));
        assertThat(view("north").healthy()).as("not heard from at its new address yet").isFalse();
        assertThat(registry.targets()).extracting(SubstationRegistry.Target::id).containsExactly("fixed", "north");
    }

    @Test
    void registeredSubstationsWithoutHeartbeatsAreDroppedButConfiguredOnesStay() {
        registry.register("north", url(1), 300);
        registry.register("south", url(2), 300);
        registry.register("fixed", STATIC_URL, 150);
        clock.advance(Duration.ofSeconds(6));
        assertThat(registry.heartbeat("north")).isTrue();
        clock.advance(Duration.ofSeconds(5));

        assertThat(registry.expireSilent()).containsExactly("south");

        assertThat(registry.snapshot()).extracting(SubstationSnapshot::id).containsExactly("fixed", "north");
        assertThat(registry.heartbeat("south")).as("unknown now: it must register again").isFalse();
        assertThat(meters.find("balancer.substation.healthy").tag("substation", "south").gauge()).isNull();
        clock.advance(Duration.ofSeconds(11));
        assertThat(registry.expireSilent()).containsExactly("north");
        assertThat(registry.snapshot()).extracting(SubstationSnapshot::id).containsExactly("fixed");
    }

    @Test
    void deregisteringDropsARegisteredSubstationAndOnlySidelinesAConfiguredOne() {
        registry.register("north", url(1), 300);
        registry.applyLoad("fixed", load("fixed", 150, 0, 1, false));

        assertThat(registry.deregister("north")).isTrue();
        assertThat(registry.deregister("fixed")).isTrue();
        assertThat(registry.deregister("nobody")).isFalse();

        assertThat(registry.snapshot()).extracting(SubstationSnapshot::id).containsExactly("fixed");
        assertThat(view("fixed").healthy()).isFalse();
        registry.applyLoad("fixed", load("fixed", 150, 0, 2, false));
        assertThat(view("fixed").healthy()).as("back once it answers").isTrue();
    }

    @Test
    void aFreedSlotIsTakenByTheNextNewcomerAndAnOldChoiceDoesNotTouchIt() {
        registry.register("north", url(1), 300);
        registry.applyLoad("north", load("north", 300, 0, 1, false));
        Choice onNorth = registry.choose(11, new BitSet());
        registry.deregister("north");
        registry.register("south", url(2), 300);
        registry.applyLoad("south", load("south", 300, 0, 1, false));

        registry.settle(onNorth, new SubstationReply.Failed("gone"));

        assertThat(view("south").healthy()).isTrue();
        assertThat(registry.choose(11, new BitSet()).substationId()).isEqualTo("south");
    }

    @Test
    void manyRegistrationsGrowTheRegistry() {
        for (int i = 0; i < 40; i++) {
            registry.register("s" + i, url(100 + i), 100);
            registry.applyLoad("s" + i, load("s" + i, 100, i, 1, false));
        }

        assertThat(registry.snapshot()).hasSize(41);
        assertThat(registry.choose(11, new BitSet()).substationId()).isEqualTo("s0");
    }

    @Test
    void aDrainingSubstationIsShownButNeverChosen() {
        registry.register("north", url(1), 300);
        registry.register("south", url(2), 300);
        registry.applyLoad("north", load("north", 300, 0, 1, true));
        registry.applyLoad("south", load("south", 300, 290, 1, false));

        assertThat(view("north").draining()).isTrue();
        assertThat(view("north").healthy()).isTrue();
        assertThat(registry.choose(5, new BitSet()).substationId()).isEqualTo("south");
        Choice none = registry.choose(50, new BitSet());
        assertThat(none.found()).isFalse();

        registry.applyLoad("north", load("north", 300, 0, 2, false));
        assertThat(registry.choose(50, new BitSet()).substationId()).isEqualTo("north");
    }

    @Test
    void anUnreachableSubstationIsProbedAgainWithDoublingBackoffAndAtOnceAfterItAnswers() {
        registry.applyLoad("fixed", load("fixed", 150, 0, 1, false));
        assertThat(due()).containsExactly("fixed");

        registry.markUnhealthy("fixed");
        assertThat(view("fixed").healthy()).as("out of rotation at once").isFalse();
        assertThat(due()).isEmpty();
        clock.advance(Duration.ofMillis(499));
        assertThat(due()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(due()).containsExactly("fixed");

        registry.markUnhealthy("fixed");
        clock.advance(Duration.ofMillis(999));
        assertThat(due()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(due()).containsExactly("fixed");

        for (int failures = 3; failures <= 8; failures++) {
            registry.markUnhealthy("fixed");
        }
        clock.advance(Duration.ofMillis(9_999));
        assertThat(due()).as("the wait stops growing at 10 s").isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(due()).containsExactly("fixed");

        registry.applyLoad("fixed", load("fixed", 150, 0, 2, false));
        assertThat(view("fixed").healthy()).isTrue();
        registry.markUnhealthy("fixed");
        clock.advance(Duration.ofMillis(500));
        assertThat(due()).as("success reset the backoff").containsExactly("fixed");
    }

    @Test
    void aSubstationThatRegistersAgainIsProbedAtOnceWhateverItsBackoff() {
        registry.register("north", url(1), 300);
        for (int i = 0; i < 5; i++) {
            registry.markUnhealthy("north");
        }
        assertThat(due()).doesNotContain("north");

        registry.register("north", url(1), 300);

        assertThat(due()).contains("north");
    }

    private List<String> due() {
        return registry.dueForProbe().stream().map(SubstationRegistry.Target::id).toList();
    }

    private SubstationSnapshot view(String id) {
        return registry.snapshot().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    private static URI url(int port) {
        return URI.create("http://127.0.0.1:" + (10_000 + port));
    }

    private static Load load(String id, double capacityKw, double loadKw, long version, boolean draining) {
        return new Load(id, capacityKw, loadKw, (int) (loadKw / 10), version, NOW, draining);
    }
}
