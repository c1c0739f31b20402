package io.smartgrid.substation.allocation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.smartgrid.substation.allocation.AllocationPolicy.LEAST_LAXITY;
import static io.smartgrid.substation.allocation.AllocationPolicy.MAX_MIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PowerAllocatorTests {

    private static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");

    /** kW in whole micro-kW. */
    private static long kw(double kw) {
        return Math.round(kw * 1_000_000);
    }

    private static ChargingDemand car(String id, double minKw, double maxKw, long arrival) {
        return new ChargingDemand(id, kw(minKw), kw(maxKw), 0, null, arrival);
    }

    private static ChargingDemand leaving(String id, double minKw, double maxKw, double remainingKwh, Duration in,
            long arrival) {
        return new ChargingDemand(id, kw(minKw), kw(maxKw), kw(remainingKwh), NOW.plus(in), arrival);
    }

    @Test
    void maxMinSplitsEquallyWhenNobodyIsCapped() {
        Allocation allocation = PowerAllocator.allocate(MAX_MIN, kw(30),
                List.of(car("a", 1.4, 22, 1), car("b", 1.4, 22, 2), car("c", 1.4, 22, 3)), NOW);

        assertThat(allocation.byId()).containsExactly(entry("a", kw(10)), entry("b", kw(10)), entry("c", kw(10)));
        assertThat(allocation.totalMicroKw()).isEqualTo(kw(30));
    }

    @Test
    void maxMinGivesWhatACappedCarCannotTakeToTheOthers() {
        Allocation allocation = PowerAllocator.allocate(MAX_MIN, kw(30),
                List.of(car("small", 1.4, 5, 1), car("b", 1.4, 22, 2), car("c", 1.4, 22, 3)), NOW);

        assertThat(allocation.byId()).containsExactly(entry("small", kw(5)), entry("b", kw(12.5)),
                entry("c", kw(12.5)));
    }

    @Test
    void theMicroKwThatDoNotDivideEvenlyGoOneEachByArrivalNotByListOrder() {
        Allocation allocation = PowerAllocator.allocate(MAX_MIN, 11,
                List.of(new ChargingDemand("late", 0, 100, 0, null, 9),
                        new ChargingDemand("early", 0, 100, 0, null, 1),
                        new ChargingDemand("middle", 0, 100, 0, null, 5)), NOW);

        // 11 = 3 + 3 + 3 and 2 left over: the two earliest arrivals get one more each.
        assertThat(allocation.byId()).containsExactly(entry("late", 3L), entry("early", 4L), entry("middle", 4L));
    }

    @Test
    void aMinimumAboveTheEqualShareIsKeptAndTheOthersShareTheRest() {
        Allocation allocation = PowerAllocator.allocate(MAX_MIN, kw(10),
                List.of(car("bus", 6, 11, 1), car("car", 1.4, 11, 2)), NOW);

        assertThat(allocation.byId()).containsExactly(entry("bus", kw(6)), entry("car", kw(4)));
    }

    @Test
    void capacityIsLeftUnusedOnlyWhenEveryCarIsAtItsMaximum() {
        Allocation allocation = PowerAllocator.allocate(MAX_MIN, kw(100),
                List.of(car("a", 1.4, 11, 1), car("b", 1.4, 7.4, 2)), NOW);

        assertThat(allocation.byId()).containsExactly(entry("a", kw(11)), entry("b", kw(7.4)));
        assertThat(allocation.totalMicroKw()).isEqualTo(kw(18.4));
    }

    @Test
    void whenTheMinimumsDoNotAllFitTheEarliestKeepThemAndTheLastGetsNothing() {
        Allocation allocation = PowerAllocator.allocate(MAX_MIN, kw(3),
                List.of(car("a", 1.4, 11, 1), car("b", 1.4, 11, 2), car("c", 1.4, 11, 3)), NOW);

        // a and b get 1.4 kW each, the 0.2 kW left is shared between them; 1.4 kW no longer fits for c.
        assertThat(allocation.byId()).containsExactly(entry("a", kw(1.5)), entry("b", kw(1.5)), entry("c", 0L));
    }

    @Test
    void aSmallerMinimumFurtherDownTheOrderStillGetsItsPlace() {
        Allocation allocation = PowerAllocator.allocate(MAX_MIN, kw(8),
                List.of(car("a", 6, 11, 1), car("big", 6, 11, 2), car("small", 1.4, 11, 3)), NOW);

        // a gets 6 kW, big's 6 kW no longer fit, small's 1.4 kW do; the 0.6 kW left raise small, the lower of the two.
        assertThat(allocation.byId()).containsExactly(entry("a", kw(6)), entry("big", 0L), entry("small", kw(2)));
    }

    @Test
    void leastLaxityServesTheCarThatMustLeaveSoonestToItsMaximumFirst() {
        List<ChargingDemand> cars = List.of(
                leaving("relaxed", 1.4, 7, 5, Duration.ofHours(8), 1),
                car("unknown", 1.4, 7, 2),
                leaving("urgent", 1.4, 7, 5, Duration.ofHours(1), 3));

        Allocation allocation = PowerAllocator.allocate(LEAST_LAXITY, kw(10), cars, NOW);

        // Minimums first (4.2 kW), then urgent up to 7 kW, then relaxed gets the 0.2 kW left; unknown keeps 1.4.
        assertThat(allocation.byId()).containsExactly(entry("relaxed", kw(1.6)), entry("unknown", kw(1.4)),
                entry("urgent", kw(7)));
        assertThat(PowerAllocator.priorityOrder(LEAST_LAXITY, cars, NOW)).extracting(ChargingDemand::id)
                .containsExactly("urgent", "relaxed", "unknown");
    }

    @Test
    void underLeastLaxityCarsWithoutADepartureShareWhatIsLeftMaxMin() {
        Allocation allocation = PowerAllocator.allocate(LEAST_LAXITY, kw(30),
                List.of(leaving("leaving", 1.4, 7, 20, Duration.ofHours(3), 3), car("a", 1.4, 22, 1),
                        car("b", 1.4, 22, 2)), NOW);

        assertThat(allocation.byId()).containsExactly(entry("leaving", kw(7)), entry("a", kw(11.5)),
                entry("b", kw(11.5)));
    }

    @Test
    void aCarThatCanNoLongerFinishComesFirst() {
        List<ChargingDemand> cars = List.of(leaving("on-time", 1.4, 7, 7, Duration.ofHours(2), 1),
                leaving("late", 1.4, 7, 30, Duration.ofHours(2), 2));

        assertThat(PowerAllocator.laxityMicros(cars.get(1), NOW)).isNegative();
        assertThat(PowerAllocator.allocate(LEAST_LAXITY, kw(8), cars, NOW).byId())
                .containsExactly(entry("on-time", kw(1.4)), entry("late", kw(6.6)));
    }

    @Test
    void laxityIsTheTimeToDepartureLessTheTimeToChargeAtFullPower() {
        // Leaves in 2 h, needs 7 kWh at up to 7 kW: one hour of charging, one hour of slack.
        assertThat(PowerAllocator.laxityMicros(leaving("a", 1.4, 7, 7, Duration.ofHours(2), 1), NOW))
                .isEqualTo(3_600_000_000L);
        // 1 micro-kWh at 3 micro-kW: 1,200,000,000 µs exactly; departure a millisecond away.
        assertThat(PowerAllocator.laxityMicros(new ChargingDemand("b", 0, 3, 1, NOW.plusMillis(1), 1), NOW))
                .isEqualTo(1_000 - 1_200_000_000L);
        assertThatIllegalArgumentException().isThrownBy(() -> PowerAllocator.laxityMicros(car("c", 1, 2, 1), NOW));
    }

    @Test
    void laxitySaturatesInsteadOfOverflowing() {
        ChargingDemand huge = new ChargingDemand("a", 0, 1, Long.MAX_VALUE, Instant.MIN, 1);

        assertThat(PowerAllocator.laxityMicros(huge, Instant.MAX)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void theNextReorderIsWhenACarChargingBelowItsMaximumCatchesUp() {
        // first: laxity 1 h, charging at its maximum, keeps its laxity. second: laxity 2 h, at 1.4 of 7 kW,
        // loses 0.8 s of laxity per second, so it catches up after 1 h / 0.8 = 75 min.
        List<ChargingDemand> cars = List.of(leaving("first", 1.4, 7, 21, Duration.ofHours(4), 1),
                leaving("second", 1.4, 7, 21, Duration.ofHours(5), 2));
        Allocation allocation = PowerAllocator.allocate(LEAST_LAXITY, kw(8.4), cars, NOW);
        assertThat(allocation.byId()).containsExactly(entry("first", kw(7)), entry("second", kw(1.4)));

        Instant reorder = PowerAllocator.nextReorder(allocation, NOW).orElseThrow();

        assertThat(reorder).isEqualTo(NOW.plus(Duration.ofMinutes(75)));
        // Then, with the energy each has taken meanwhile, the two laxities are equal.
        double hours = 1.25;
        ChargingDemand first = leaving("first", 1.4, 7, 21 - 7 * hours, Duration.ofHours(4), 1);
        ChargingDemand second = leaving("second", 1.4, 7, 21 - 1.4 * hours, Duration.ofHours(5), 2);
        assertThat(PowerAllocator.laxityMicros(first, reorder)).isEqualTo(PowerAllocator.laxityMicros(second, reorder));
    }

    @Test
    void noReorderWhenEveryCarChargesAtItsMaximumOrNoneHasADeparture() {
        List<ChargingDemand> cars = List.of(leaving("a", 1.4, 7, 7, Duration.ofHours(2), 1),
                leaving("b", 1.4, 7, 7, Duration.ofHours(3), 2), car("c", 1.4, 7, 3));

        assertThat(PowerAllocator.nextReorder(PowerAllocator.allocate(LEAST_LAXITY, kw(100), cars, NOW), NOW))
                .isEmpty();
    }

    @Test
    void admitsWhileEveryMinimumFits() {
        List<ChargingDemand> cars = List.of(car("a", 1.4, 11, 1), car("b", 6, 11, 2));

        assertThat(PowerAllocator.admits(kw(8.8), cars, kw(1.4))).isTrue();
        assertThat(PowerAllocator.admits(kw(8.8), cars, kw(1.400001))).isFalse();
        assertThat(PowerAllocator.admits(0, List.of(), 0)).isTrue();
        assertThat(PowerAllocator.admits(Long.MAX_VALUE,
                List.of(new ChargingDemand("x", Long.MAX_VALUE, Long.MAX_VALUE, 0, null, 1)), 1)).isFalse();
    }

    @Test
    void policiesAreNamedAsInTheConfiguration() {
        assertThat(AllocationPolicy.fromKey("max-min")).isEqualTo(MAX_MIN);
        assertThat(AllocationPolicy.fromKey(" Least-Laxity ")).isEqualTo(LEAST_LAXITY);
        assertThat(LEAST_LAXITY.key()).isEqualTo("least-laxity");
        assertThatIllegalArgumentException().isThrownBy(() -> AllocationPolicy.fromKey("fifo"))
                .withMessageContaining("max-min and least-laxity");
    }

    @Test
    void rejectsWhatCannotBeAllocated() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ChargingDemand("a", 5, 4, 0, null, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new ChargingDemand("a", -1, 4, 0, null, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new ChargingDemand("a", 0, 0, 0, null, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new ChargingDemand("a", 0, 4, -1, null, 1));
        assertThatIllegalArgumentException().isThrownBy(
                () -> PowerAllocator.allocate(MAX_MIN, -1, List.of(), NOW));
        assertThatIllegalArgumentException().isThrownBy(
                () -> PowerAllocator.allocate(MAX_MIN, 10, List.of(car("a", 1, 2, 1), car("a", 1, 2, 2)), NOW))
                .withMessageContaining("two sessions");
        assertThat(PowerAllocator.allocate(MAX_MIN, 10, List.of(), NOW).totalMicroKw()).isZero();
    }

    private static java.util.Map.Entry<String, Long> entry(String id, long power) {
        return java.util.Map.entry(id, power);
    }
}
