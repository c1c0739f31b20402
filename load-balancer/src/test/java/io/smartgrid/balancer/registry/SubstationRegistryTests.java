package io.smartgrid.balancer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smartgrid.balancer.client.Load;
import io.smartgrid.balancer.client.SubstationReply;
import io.smartgrid.balancer.routing.Policies;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SubstationRegistryTests {

    private static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void substationsNeverReachedAreUnhealthyAndNotChosen() {
        SubstationRegistry registry = registry(true, "s1", "s2");
        registry.applyLoad("s2", load("s2", 100, 0, 1));

        assertThat(registry.snapshot()).extracting(SubstationSnapshot::healthy).containsExactly(false, true);
        assertThat(registry.snapshot().get(0).lastUpdated()).isNull();
        for (int i = 0; i < 10; i++) {
            Choice choice = registry.choose(1, new BitSet());
            assertThat(choice.substationId()).isEqualTo("s2");
            registry.settle(choice, new SubstationReply.Failed("test"));
            registry.applyLoad("s2", load("s2", 100, 0, 1));
        }
    }

    @Test
    void routesByDemandAndWhenNoMaximumFitsSharesWhereTheMinimumFitsAndTheShareIsLargest() {
        SubstationRegistry registry = registry(true, "s1", "s2", "s3");
        // Loads at capacity; demands of twice, one and a half times and twice the capacity; minimums nearly full on s3.
        registry.applyLoad("s1", new Load("s1", 100, 100, 10, 1, NOW, false, 200.0, 14.0));
        registry.applyLoad("s2", new Load("s2", 100, 100, 10, 1, NOW, false, 150.0, 14.0));
        registry.applyLoad("s3", new Load("s3", 300, 300, 30, 1, NOW, false, 600.0, 299.0));

        assertThat(registry.choose(11, new BitSet()).found()).as("no room for the maximum anywhere").isFalse();

        Choice shared = registry.choose(11, 1.4, new BitSet(), true);
        assertThat(shared.substationId()).as("(150 + 11) / 100 is the lowest where 1.4 kW fits").isEqualTo("s2");
        assertThat(shared.hasCeiling()).isFalse();
        assertThat(shared.reservedKw()).isEqualTo(11);
        BitSet tried = new BitSet();
        tried.set(shared.index());
        assertThat(registry.choose(11, 1.4, tried, true).substationId()).isEqualTo("s1");
        tried.set(0);
        Choice none = registry.choose(11, 1.4, tried, true);
        assertThat(none.found()).as("s3's minimums leave 1 kW").isFalse();
        assertThat(none.noRoom()).isTrue();
        assertThat(registry.snapshot()).extracting(SubstationSnapshot::demandKw).containsExactly(200.0, 150.0, 600.0);
        assertThat(registry.snapshot()).extracting(SubstationSnapshot::loadKw).containsExactly(100.0, 100.0, 300.0);
    }

    @Test
    void aCarThatWaitsGoesWhereItsMinimumIsShortByTheLeastOverCapacityAndNeverToADrainingOrSilentSubstation() {
        SubstationRegistry registry = registry(true, "s1", "s2", "s3", "s4");
        // s1: 100 kW of minimums on 100, two waiting with 20 kW; s2: full on 100; s3 emptier but draining; s4 silent.
        registry.applyLoad("s1", new Load("s1", 100, 100, 10, 1, NOW, false, 100.0, 100.0, 2, 20.0));
        registry.applyLoad("s2", new Load("s2", 100, 100, 10, 1, NOW, false, 100.0, 98.0, 0, 0.0));
        registry.applyLoad("s3", new Load("s3", 100, 10, 1, 1, NOW, true, 10.0, 10.0, 0, 0.0));

        assertThat(registry.choose(11, 10, new BitSet(), true).found()).as("no minimum fits").isFalse();
        Choice toWait = registry.chooseToWait(10, new BitSet());
        assertThat(toWait.substationId()).as("(98 + 10 - 100) / 100 against (100 + 20 + 10 - 100) / 100")
                .isEqualTo("s2");
        assertThat(toWait.reservedKw()).as("a waiting car draws nothing").isZero();
        BitSet refused = new BitSet();
        refused.set(toWait.index());
        assertThat(registry.chooseToWait(10, refused).substationId()).isEqualTo("s1");
        refused.set(0);
        assertThat(registry.chooseToWait(10, refused).found()).isFalse();
        assertThat(registry.snapshot()).extracting(SubstationSnapshot::waiting).containsExactly(2, 0, 0, 0);
    }

    @Test
    void aSubstationWithCarsWaitingHasNoRoomForANewcomersMinimum() {
        SubstationRegistry registry = registry(true, "s1");
        registry.applyLoad("s1", new Load("s1", 100, 50, 5, 1, NOW, false, 150.0, 50.0, 1, 60.0));

        assertThat(registry.choose(11, 1.4, new BitSet(), true).found())
                .as("the substation admits nobody past its waitlist").isFalse();
    }

    @Test
    void whileDemandFitsTheChoiceIsTheLeastUtilisedAsBefore() {
        SubstationRegistry registry = registry(false, "s1", "s2");
        registry.applyLoad("s1", new Load("s1", 100, 50, 5, 1, NOW, false, 50.0, 7.0));
        registry.applyLoad("s2", new Load("s2", 200, 90, 9, 1, NOW, false, 90.0, 12.6));

        assertThat(registry.choose(11, 1.4, new BitSet(), false).substationId()).isEqualTo("s2");
        assertThat(registry.choose(11, new BitSet()).substationId()).isEqualTo("s2");
    }

    @Test
    void releasingAChoiceWhoseSubstationWasNotCalledFreesItsReservationAndLeavesItsHealthAlone() {
        SubstationRegistry registry = registry(true, "s1");
        registry.applyLoad("s1", load("s1", 100, 40, 1));
        Choice choice = registry.choose(11, new BitSet());
        assertThat(registry.snapshot().get(0).inFlightKw()).isEqualTo(11);
        // Meanwhile a poll fails: the release must not put the substation back in rotation.
        registry.markUnhealthy("s1");

        registry.release(choice);

        SubstationSnapshot view = registry.snapshot().get(0);
        assertThat(view.inFlightKw()).isZero();
        assertThat(view.loadKw()).isEqualTo(40);
        assertThat(view.healthy()).isFalse();
    }

    @Test
    void appliesOnlyNewerReports() {
        SubstationRegistry registry = registry(true, "s1");
        registry.applyLoad("s1", load("s1", 100, 40, 10));
        clock.advance(Duration.ofSeconds(1));

        registry.applyLoad("s1", load("s1", 100, 10, 9));

        SubstationSnapshot view = registry.snapshot().get(0);
        assertThat(view.loadKw()).isEqualTo(40);
        assertThat(view.lastUpdated()).isEqualTo(NOW);

        registry.applyLoad("s1", load("s1", 100, 22, 11));

        view = registry.snapshot().get(0);
        assertThat(view.loadKw()).isEqualTo(22);
        assertThat(view.lastUpdated()).isEqualTo(NOW.plusSeconds(1));
    }

    @Test
    void loadsInRejectionsAreVersionedToo() {
        SubstationRegistry registry = registry(true, "s1");
        registry.applyLoad("s1", load("s1", 100, 40, 10));

        registry.record("s1", new SubstationReply.Full(load("s1", 100, 95, 11)));
        registry.record("s1", new SubstationReply.NotFound(load("s1", 100, 60, 10)));

        assertThat(registry.snapshot().get(0).loadKw()).isEqualTo(95);
    }

    @Test
    void ignoresReportsOfAnotherSubstation() {
        SubstationRegistry registry = registry(true, "s1");

        registry.applyLoad("s1", load("s9", 100, 40, 10));

        assertThat(registry.snapshot().get(0).healthy()).isFalse();
        assertThat(registry.choose(1, new BitSet()).found()).isFalse();
    }

    @Test
    void reservesInFlightPowerUntilTheReplyArrives() {
        SubstationRegistry registry = registry(true, "s1");
        registry.applyLoad("s1", load("s1", 30, 0, 1));

        Choice first = registry.choose(11, new BitSet());
        Choice second = registry.choose(11, new BitSet());
        Choice third = registry.choose(11, new BitSet());

        assertThat(first.reservedKw()).isEqualTo(11);
        assertThat(second.found()).isTrue();
        assertThat(third.found()).as("22 kW in flight leave no room for 11 more").isFalse();
        assertThat(third.noRoom()).isTrue();
        assertThat(registry.snapshot().get(0).inFlightKw()).isEqualTo(22);

        registry.settle(first, new SubstationReply.Answered(null, load("s1", 30, 11, 2)));

        assertThat(registry.snapshot().get(0).inFlightKw()).isEqualTo(11);
        assertThat(registry.choose(11, new BitSet()).found()).as("11 reported + 11 in flight + 11 > 30").isFalse();

        registry.settle(second, new SubstationReply.Failed("timeout"));

        SubstationSnapshot view = registry.snapshot().get(0);
        assertThat(view.inFlightKw()).isZero();
        assertThat(view.healthy()).isFalse();
    }

    @Test
    void theCeilingIsTheRunnerUpsUtilizationAfterTheRequestInFlightIncluded() {
        SubstationRegistry registry = registry(true, "small", "large");
        registry.applyLoad("small", load("small", 100, 10, 1));
        registry.applyLoad("large", load("large", 300, 60, 1));

        Choice first = registry.choose(11, new BitSet(), true);
        // The first 11 kW are now in flight to the small one: 32 / 100 loses to 71 / 300.
        Choice second = registry.choose(11, new BitSet(), true);

        assertThat(first.substationId()).isEqualTo("small");
        assertThat(first.hasCeiling()).isTrue();
        assertThat(first.ceiling()).as("the large one's (60 + 11) / 300").isEqualTo(71.0 / 300);
        assertThat(second.substationId()).isEqualTo("large");
        assertThat(second.ceiling()).as("the small one's (10 + 11 in flight + 11) / 100").isEqualTo(32.0 / 100);
    }

    @Test
    void thereIsNoCeilingWithoutARunnerUpOrWhenNoneIsAskedFor() {
        SubstationRegistry registry = registry(true, "roomy", "nearly-full", "untried");
        registry.applyLoad("roomy", load("roomy", 100, 0, 1));
        registry.applyLoad("nearly-full", load("nearly-full", 100, 95, 1));
        registry.applyLoad("untried", load("untried", 100, 50, 1));
        BitSet tried = new BitSet();
        tried.set(2);

        Choice alone = registry.choose(11, tried, true);
        Choice unasked = registry.choose(11, new BitSet(), false);
        Choice withUntried = registry.choose(11, new BitSet(), true);

        assertThat(alone.substationId()).isEqualTo("roomy");
        assertThat(alone.hasCeiling()).as("the only other one has no room for 11 kW, the third was tried").isFalse();
        assertThat(alone.ceiling()).isNaN();
        assertThat(unasked.found()).isTrue();
        assertThat(unasked.hasCeiling()).isFalse();
        assertThat(withUntried.substationId()).isEqualTo("roomy");
        assertThat(withUntried.ceiling()).as("no longer excluded, (50 + 11) / 100 is the runner-up")
                .isEqualTo(61.0 / 100);
    }

    @Test
    void otherPoliciesSendNoCeiling() {
        SubstationRegistry registry = new SubstationRegistry(
                List.of(new SubstationRegistry.Target("a", URI.create("http://127.0.0.1:9000")),
                        new SubstationRegistry.Target("b", URI.create("http://127.0.0.1:9001"))),
                SubstationRegistry.Options.of(Policies.byName(Policies.LEAST_SESSIONS)), clock, meters);
        registry.applyLoad("a", load("a", 100, 0, 1));
        registry.applyLoad("b", load("b", 100, 0, 1));

        Choice choice = registry.choose(11, new BitSet(), true);

        assertThat(choice.found()).isTrue();
        assertThat(choice.hasCeiling()).isFalse();
    }

    @Test
    void anAboveCeilingReplyCorrectsTheViewAndKeepsTheSubstationInRotation() {
        SubstationRegistry registry = registry(true, "s1", "s2");
        registry.applyLoad("s1", load("s1", 100, 0, 1));
        registry.applyLoad("s2", load("s2", 100, 5, 1));
        Choice choice = registry.choose(11, new BitSet(), true);
        assertThat(choice.substationId()).isEqualTo("s1");

        // Another balancer has filled it meanwhile: its true load comes back with the refusal.
        registry.settle(choice, new SubstationReply.AboveCeiling(load("s1", 100, 60, 2)));

        SubstationSnapshot view = registry.snapshot().get(0);
        assertThat(view.loadKw()).isEqualTo(60);
        assertThat(view.inFlightKw()).isZero();
        assertThat(view.healthy()).isTrue();
        Choice again = registry.choose(11, new BitSet(), true);
        assertThat(again.substationId()).isEqualTo("s2");
        assertThat(again.ceiling()).isEqualTo(71.0 / 100);
    }

    @Test
    void withoutInFlightAccountingABurstHerdsOntoOneSubstation() {
        SubstationRegistry registry = registry(false, "s1", "s2");
        registry.applyLoad("s1", load("s1", 100, 0, 1));
        registry.applyLoad("s2", load("s2", 100, 10, 1));

        for (int i = 0; i < 20; i++) {
            Choice choice = registry.choose(11, new BitSet());
            assertThat(choice.substationId()).isEqualTo("s1");
            assertThat(choice.reservedKw()).isZero();
        }
    }

    @Test
    void excludedSubstationsAreNotChosenAgain() {
        SubstationRegistry registry = registry(true, "s1", "s2");
        registry.applyLoad("s1", load("s1", 100, 0, 1));
        registry.applyLoad("s2", load("s2", 100, 50, 1));
        BitSet tried = new BitSet();

        Choice first = registry.choose(11, tried);
        tried.set(first.index());
        Choice second = registry.choose(11, tried);
        tried.set(second.index());
        Choice third = registry.choose(11, tried);

        assertThat(first.substationId()).isEqualTo("s1");
        assertThat(second.substationId()).isEqualTo("s2");
        assertThat(third.found()).isFalse();
        assertThat(third.noRoom()).as("nobody healthy is left untried").isFalse();
    }

    @Test
    void concurrentChoicesAgainstOneReportSpreadWithinOneRequestOfTheSmallestSubstation() throws Exception {
        SubstationRegistry registry = registry(true, "small", "medium", "large");
        registry.applyLoad("small", load("small", 300, 0, 1));
        registry.applyLoad("medium", load("medium", 600, 0, 1));
        registry.applyLoad("large", load("large", 1200, 0, 1));
        int threads = 16;
        int perThread = 12;
        double requestKw = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        assertThat(registry.choose(requestKw, new BitSet()).found()).isTrue();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }

        List<SubstationSnapshot> views = registry.snapshot();
        double total = views.stream().mapToDouble(SubstationSnapshot::inFlightKw).sum();
        assertThat(total).isCloseTo(threads * perThread * requestKw, within(1e-6));
        double[] utilization = views.stream().mapToDouble(v -> v.inFlightKw() / v.capacityKw()).toArray();
        double spread = max(utilization) - min(utilization);
        assertThat(spread).isLessThanOrEqualTo(requestKw / 300 + 1e-9);
    }

    @Test
    void publishesWhatItBelievesAsMetrics() {
        SubstationRegistry registry = registry(true, "s1", "s2");
        registry.applyLoad("s1", load("s1", 200, 50, 5));
        clock.advance(Duration.ofMillis(1500));

        registry.choose(11, new BitSet());

        assertThat(meters.get("balancer.substation.healthy").tag("substation", "s1").gauge().value()).isEqualTo(1);
        assertThat(meters.get("balancer.substation.healthy").tag("substation", "s2").gauge().value()).isZero();
        assertThat(meters.get("balancer.substation.utilization.ratio").tag("substation", "s1").gauge().value())
                .isEqualTo(0.25);
        assertThat(meters.get("balancer.load.age").tag("substation", "s1").timeGauge().value(TimeUnit.SECONDS))
                .isEqualTo(1.5);
        assertThat(meters.get("balancer.decision").timer().count()).isEqualTo(1);
    }

    @Test
    void withReplyLoadsAndAccountingOffEveryChoiceFollowsThePolledSnapshotAlone() {
        List<SubstationRegistry.Target> targets = List.of(
                new SubstationRegistry.Target("small", URI.create("http://127.0.0.1:9000")),
                new SubstationRegistry.Target("large", URI.create("http://127.0.0.1:9001")));
        SubstationRegistry stale = new SubstationRegistry(targets,
                SubstationRegistry.Options.of(Policies.byName(Policies.LEAST_UTILIZATION)).withInFlightAccounting(false)
                        .withReplyLoadUpdates(false),
                clock, meters);
        stale.applyLoad("small", load("small", 100, 0, 1));
        stale.applyLoad("large", load("large", 1000, 0, 1));
        double[] admitted = new double[2];

        for (int i = 0; i < 20; i++) {
            Choice choice = stale.choose(10, new BitSet());
            int slot = choice.substationId().equals("small") ? 0 : 1;
            admitted[slot] += 10;
            stale.settle(choice, new SubstationReply.Answered(null,
                    load(choice.substationId(), slot == 0 ? 100 : 1000, admitted[slot], 2 + i)));
        }

        // Both look empty until the next poll, and the larger one always scores lower: the herd.
        assertThat(admitted[1]).isEqualTo(200);
        assertThat(stale.snapshot().get(1).loadKw()).isZero();
    }

    private SubstationRegistry registry(boolean inFlightAccounting, String... ids) {
        List<SubstationRegistry.Target> targets = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            targets.add(new SubstationRegistry.Target(ids[i], URI.create("http://127.0.0.1:" + (9000 + i))));
        }
        return new SubstationRegistry(targets, SubstationRegistry.Options.of(Policies.byName(Policies.LEAST_UTILIZATION))
                .withInFlightAccounting(inFlightAccounting), clock, meters);
    }

    private static Load load(String id, double capacityKw, double loadKw, long version) {
        return new Load(id, capacityKw, loadKw, (int) (loadKw / 10), version, NOW);
    }

    private static double max(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    private static double min(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
        }
        return min;
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {

        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
