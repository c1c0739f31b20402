package io.smartgrid.balancer.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SubstationGuardsTests {

    private static final URI SLOW = URI.create("http://127.0.0.1:1");
    private static final URI OTHER = URI.create("http://127.0.0.1:2");

    private final SubstationGuards guards = new SubstationGuards(new ResilienceProperties(Duration.ofMillis(2500), 2,
            new ResilienceProperties.CircuitBreaker(50, 4, 4, Duration.ofMinutes(5))));

    @Test
    void theBulkheadLetsOnlyItsSizeOfCallsInAtOnceAndEachExitFreesOne() {
        SubstationGuards.Entry first = guards.enter(SLOW);
        SubstationGuards.Entry second = guards.enter(SLOW);

        assertThat(first.permitted()).isTrue();
        assertThat(second.permitted()).isTrue();
        assertThat(guards.enter(SLOW)).isSameAs(SubstationGuards.Entry.FULL);
        assertThat(guards.enter(OTHER).permitted()).as("another substation has its own bulkhead").isTrue();

        first.exit(false);
        assertThat(guards.enter(SLOW).permitted()).isTrue();
    }

    @Test
    void theCircuitOpensAfterEnoughFailuresAndSkipsTheSubstationWithoutCallingIt() {
        for (int i = 0; i < 4; i++) {
            SubstationGuards.Entry entry = guards.enter(SLOW);
            assertThat(entry.permitted()).isTrue();
            entry.exit(true);
        }

        assertThat(guards.enter(SLOW)).isSameAs(SubstationGuards.Entry.OPEN);
        assertThat(guards.enter(OTHER).permitted()).isTrue();
    }

    @Test
    void answersThatAreRejectionsDoNotOpenTheCircuit() {
        for (int i = 0; i < 20; i++) {
            SubstationGuards.Entry entry = guards.enter(SLOW);
            assertThat(entry.permitted()).isTrue();
            entry.exit(false);
        }
        assertThat(guards.enter(SLOW).permitted()).isTrue();
    }
}
