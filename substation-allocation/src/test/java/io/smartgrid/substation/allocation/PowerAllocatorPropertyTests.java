package io.smartgrid.substation.allocation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import static org.assertj.core.api.Assertions.assertThat;

/** The allocator's guarantees over random sets of sessions, for both policies. */
class PowerAllocatorPropertyTests {

    private static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");

    /** A random station: its capacity and its sessions. */
    record Station(long capacity, List<ChargingDemand> sessions) {

        long minimums() {
            return sessions.stream().mapToLong(ChargingDemand::minMicroKw).sum();
        }

        Allocation allocate(AllocationPolicy policy) {
            return PowerAllocator.allocate(policy, capacity, sessions, NOW);
        }
    }

    @Provide
    Arbitrary<Station> stations() {
        // One scale per station: single micro-kW (where the remainder matters), odd units, and whole kW.
        Arbitrary<Long> scale = Arbitraries.of(1L, 997L, 1_000_000L);
        return scale.flatMap(unit -> {
            Arbitrary<ChargingDemand> session = Combinators.combine(
                    Arbitraries.longs().between(0, 8),
                    Arbitraries.longs().between(0, 40),
                    Arbitraries.longs().between(0, 100 * unit),
                    Arbitraries.longs().between(-3_600, 86_400).injectNull(0.3),
                    Arbitraries.longs().between(0, 20))
                    .as((min, extra, remaining, departsIn, arrival) -> new ChargingDemand("?", min * unit,
                            Math.max(1, (min + extra) * unit), remaining,
                            departsIn == null ? null : NOW.plusSeconds(departsIn), arrival));
            Arbitrary<List<ChargingDemand>> sessions = session.list().ofMinSize(0).ofMaxSize(12).map(list -> {
                List<ChargingDemand> named = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    ChargingDemand d = list.get(i);
                    named.add(new ChargingDemand("s" + i, d.minMicroKw(), d.maxMicroKw(), d.remainingMicroKwh(),
                            d.departure(), d.arrival()));
                }
                return named;
            });
            Arbitrary<Long> capacity = Arbitraries.longs().between(0, 200).map(c -> c * unit);
            return Combinators.combine(capacity, sessions).as((c, list) -> new Station(c, list));
        });
    }

    @Property(tries = 2000)
    void capacityIsNeverExceeded(@ForAll("stations") Station station, @ForAll AllocationPolicy policy) {
        assertThat(station.allocate(policy).totalMicroKw()).isLessThanOrEqualTo(station.capacity());
    }

    @Property(tries = 2000)
    void everySessionGetsNothingOrBetweenItsMinimumAndItsMaximum(@ForAll("stations") Station station,
            @ForAll AllocationPolicy policy) {
        Allocation allocation = station.allocate(policy);
        for (ChargingDemand session : station.sessions()) {
            long power = allocation.powerOf(session.id());
            assertThat(power).isLessThanOrEqualTo(session.maxMicroKw());
            assertThat(power == 0 || power >= session.minMicroKw()).as("%s gets %d", session, power).isTrue();
        }
    }

    @Property(tries = 2000)
    void whenTheMinimumsFitEverySessionGetsAtLeastItsMinimum(@ForAll("stations") Station station,
            @ForAll AllocationPolicy policy) {
        Assume.that(station.minimums() <= station.capacity());
        Allocation allocation = station.allocate(policy);

        assertThat(station.sessions()).allSatisfy(session -> assertThat(allocation.powerOf(session.id()))
                .isBetween(session.minMicroKw(), session.maxMicroKw()));
    }

    @Property(tries = 2000)
    void theWholeCapacityIsUsedUnlessEverySessionIsAtItsMaximum(@ForAll("stations") Station station,
            @ForAll AllocationPolicy policy) {
        Assume.that(station.minimums() <= station.capacity());
        Allocation allocation = station.allocate(policy);

        boolean someoneBelowMax = station.sessions().stream()
                .anyMatch(session -> allocation.powerOf(session.id()) < session.maxMicroKw());
        if (someoneBelowMax) {
            assertThat(allocation.totalMicroKw()).isEqualTo(station.capacity());
        }
    }

    /**
     * Max-min fairness in whole micro-kW: no session below its maximum could take a micro-kW from one above its
     * minimum that has more than one micro-kW more than it (moving it would make the two more equal).
     */
    @Property(tries = 2000)
    void maxMinCannotRaiseAnySessionWithoutLoweringOneThatHasNoMore(@ForAll("stations") Station station) {
        Assume.that(station.minimums() <= station.capacity());
        Allocation allocation = station.allocate(AllocationPolicy.MAX_MIN);

        for (ChargingDemand low : station.sessions()) {
            long lowPower = allocation.powerOf(low.id());
            if (lowPower == low.maxMicroKw()) {
                continue;
            }
            for (ChargingDemand high : station.sessions()) {
                long highPower = allocation.powerOf(high.id());
                if (highPower > high.minMicroKw()) {
                    assertThat(highPower).as("%s at %d could give to %s at %d", high.id(), highPower, low.id(),
                            lowPower).isLessThanOrEqualTo(lowPower + 1);
                }
            }
        }
    }

    /**
     * Least laxity orders by slack: a session with less laxity than another never gets less of the capacity above
     * the minimums while it is below its maximum, that is, the one after it gets only its minimum; sessions with no
     * departure get more than their minimum only once every session with a departure is at its maximum.
     */
    @Property(tries = 2000)
    void leastLaxityServesTheLeastSlackFirst(@ForAll("stations") Station station) {
        Assume.that(station.minimums() <= station.capacity());
        Allocation allocation = station.allocate(AllocationPolicy.LEAST_LAXITY);
        List<ChargingDemand> order = PowerAllocator.priorityOrder(AllocationPolicy.LEAST_LAXITY, station.sessions(),
                NOW);

        for (int k = 0; k < order.size(); k++) {
            ChargingDemand first = order.get(k);
            if (first.departure() == null || allocation.powerOf(first.id()) == first.maxMicroKw()) {
                continue;
            }
            for (ChargingDemand later : order.subList(k + 1, order.size())) {
                assertThat(allocation.powerOf(later.id())).as("%s after %s", later.id(), first.id())
                        .isEqualTo(later.minMicroKw());
            }
        }
        for (int k = 1; k < order.size(); k++) {
            if (order.get(k).departure() != null) {
                assertThat(PowerAllocator.laxityMicros(order.get(k), NOW))
                        .isGreaterThanOrEqualTo(PowerAllocator.laxityMicros(order.get(k - 1), NOW));
            }
        }
    }

    @Property(tries = 1000)
    void withoutDeparturesLeastLaxityIsMaxMin(@ForAll("stations") Station station) {
        List<ChargingDemand> undated = station.sessions().stream().map(s -> new ChargingDemand(s.id(),
                s.minMicroKw(), s.maxMicroKw(), s.remainingMicroKwh(), null, s.arrival())).toList();

        assertThat(PowerAllocator.allocate(AllocationPolicy.LEAST_LAXITY, station.capacity(), undated, NOW).byId())
                .isEqualTo(PowerAllocator.allocate(AllocationPolicy.MAX_MIN, station.capacity(), undated, NOW).byId());
    }

    @Property(tries = 1000)
    void theResultDependsOnTheSessionsNotOnTheOrderTheyArePassedIn(@ForAll("stations") Station station,
            @ForAll AllocationPolicy policy, @ForAll @LongRange(min = 0, max = 1000) long seed) {
        List<ChargingDemand> shuffled = new ArrayList<>(station.sessions());
        Collections.shuffle(shuffled, new Random(seed));

        Allocation once = station.allocate(policy);
        Allocation again = station.allocate(policy);
        Allocation reordered = PowerAllocator.allocate(policy, station.capacity(), shuffled, NOW);

        assertThat(again.byId()).isEqualTo(once.byId());
        for (ChargingDemand session : station.sessions()) {
            assertThat(reordered.powerOf(session.id())).isEqualTo(once.powerOf(session.id()));
        }
    }

    @Property(tries = 1000)
    void aSessionIsAdmittedExactlyWhenAllMinimumsStillFit(@ForAll("stations") Station station,
            @ForAll @LongRange(min = 0, max = 50) long newMin) {
        assertThat(PowerAllocator.admits(station.capacity(), station.sessions(), newMin))
                .isEqualTo(station.minimums() + newMin <= station.capacity());
    }

    @Property(tries = 500)
    void theNextReorderIsNeverNowOrEarlier(@ForAll("stations") Station station) {
        Allocation allocation = station.allocate(AllocationPolicy.LEAST_LAXITY);

        // Later than now, however far: two laxities that fall at nearly the same rate cross centuries ahead.
        PowerAllocator.nextReorder(allocation, NOW).ifPresent(at -> assertThat(at).isAfter(NOW));
    }
}
