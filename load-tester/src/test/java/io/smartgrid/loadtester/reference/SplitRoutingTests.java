package io.smartgrid.loadtester.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static io.smartgrid.loadtester.reference.ReferenceSimulatorTests.MINUTE;
import static io.smartgrid.loadtester.reference.ReferenceSimulatorTests.T;
import static io.smartgrid.loadtester.reference.ReferenceSimulatorTests.byId;
import static io.smartgrid.loadtester.reference.ReferenceSimulatorTests.car;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The offline reference with its capacity split into sites, each car sent to one on arrival by a routing. */
class SplitRoutingTests {

	private static List<Long> sites(double... kw) {
		return java.util.Arrays.stream(kw).mapToObj(ReferenceCar::microKw).toList();
	}

	/** Under max-min, through sites of {@code kw}. */
	private static ReferenceSimulator.Run maxMin(List<ReferenceCar> cars, SplitRouting routing, double... kw) {
		return ReferenceSimulator.run(cars, sites(kw), ReferencePolicy.MAX_MIN, routing, MINUTE);
	}

	@Test
	void theGridsRuleSendsACarWhereDemandOverCapacityIsLowestAfterItAndTheCarDrawsAtMostThatSitesCapacity() {
		// fast: 10/3.3 on the small site against 10/6.6 on the large one; slow: 3.3/3.3 against (10 + 3.3)/6.6.
		List<ReferenceCar> cars = List.of(car("fast", Duration.ZERO, Duration.ofHours(5), 10, 1.4, 10),
				car("slow", Duration.ofMinutes(10), Duration.ofHours(2), 3.3, 1.4, 3.3));

		ReferenceSimulator.Run run = maxMin(cars, SplitRouting.GRID, 3.3, 6.6);

		assertThat(run.outcomes()).allSatisfy((c) -> assertThat(c.servedShare()).isEqualTo(1));
		// Each alone on its site: fast at the large site's 6.6 kW, not its own 10 kW.
		assertThat(run.sitePeaksMicroKw()).containsExactly(ReferenceCar.microKw(3.3), ReferenceCar.microKw(6.6));
		assertThat(run.peakLoadMicroKw()).isEqualTo(ReferenceCar.microKw(9.9));
	}

	@Test
	void aSplitGivesAFastCarLessThanOneSiteOfTheSameCapacity() {
		// Two hours at 9.9 kW on one site is its 19.8 kWh; on the split it draws the large site's 6.6 kW at most.
		List<ReferenceCar> cars = List.of(car("fast", Duration.ZERO, Duration.ofHours(2), 19.8, 1.4, 10));

		for (SplitRouting routing : SplitRouting.values()) {
			CarOutcome split = ReferenceSimulator.run(cars, sites(3.3, 6.6), ReferencePolicy.LEAST_LAXITY, routing,
					MINUTE).outcomes().get(0);
			assertThat(split.deliveredKwh()).as(routing.label()).isCloseTo(13.2, within(1e-9));
		}
		CarOutcome one = ReferenceSimulator.run(cars, ReferenceCar.microKw(9.9), ReferencePolicy.LEAST_LAXITY, MINUTE)
			.outcomes().get(0);
		assertThat(one.deliveredKwh()).isCloseTo(19.8, within(1e-9));
	}

	@Test
	void oneSiteUnderAnyRoutingIsTheSingleSiteReference() {
		List<ReferenceCar> cars = List.of(car("a", Duration.ZERO, Duration.ofHours(1), 6.6, 1.4, 6.6),
				car("b", Duration.ofMinutes(5), Duration.ofHours(3), 6.6, 1.4, 6.6),
				car("c", Duration.ofMinutes(7), Duration.ofMinutes(50), 2, 1.4, 11));

		for (ReferencePolicy policy : ReferencePolicy.values()) {
			ReferenceSimulator.Run one = ReferenceSimulator.run(cars, ReferenceCar.microKw(8), policy, MINUTE);
			for (SplitRouting routing : SplitRouting.values()) {
				assertThat(ReferenceSimulator.run(cars, sites(8), policy, routing, MINUTE)).as(policy + " " + routing)
					.isEqualTo(one);
			}
		}
	}

	@Test
	void theLargestShareTakesATieToTheLargerSiteWhereTheGridsRuleTakesTheFirst() {
		// busy fills the 8 kW site; then new gets 4 kW on either site: alone on the 4 kW one, or half of the 8 kW.
		List<ReferenceCar> cars = List.of(car("busy", Duration.ZERO, Duration.ofHours(4), 32, 1.4, 8),
				car("new", Duration.ofMinutes(1), Duration.ofHours(4), 4, 1.4, 4));

		ReferenceSimulator.Run grid = maxMin(cars, SplitRouting.GRID, 4, 8);
		ReferenceSimulator.Run share = maxMin(cars, SplitRouting.LARGEST_SHARE, 4, 8);

		// (0 + 4) / 4 = 1 on the small site against (8 + 4) / 8 = 1.5: the grid sends new to the small one.
		assertThat(grid.sitePeaksMicroKw()).containsExactly(ReferenceCar.microKw(4), ReferenceCar.microKw(8));
		assertThat(byId(grid).get("busy").deliveredKwh()).isCloseTo(32, within(1e-9));
		// 4 kW either way: the tie goes to the larger site, where busy then gets 4 kW for the hour new charges.
		assertThat(share.sitePeaksMicroKw()).containsExactly(0L, ReferenceCar.microKw(8));
		assertThat(byId(share).get("new").deliveredKwh()).isCloseTo(4, within(1e-9));
		assertThat(byId(share).get("busy").deliveredKwh()).isCloseTo(28, within(1e-9));
	}

	@Test
	void finishSendsACarWhereItsShareDeliversItsStatedEnergyByItsStatedDeparture() {
		Instant t = T;
		// long fills the 6 kW site; short wants 4 kWh in 90 minutes and says so.
		List<ReferenceCar> cars = List.of(
				new ReferenceCar("long", t, t.plus(Duration.ofHours(10)), 100, ReferenceCar.microKw(1.4),
						ReferenceCar.microKw(6), null, null),
				new ReferenceCar("short", t.plusSeconds(60), t.plusSeconds(60).plus(Duration.ofMinutes(90)), 4,
						ReferenceCar.microKw(1.4), ReferenceCar.microKw(3), t.plusSeconds(60).plus(Duration.ofMinutes(90)),
						4.0));

		Map<String, CarOutcome> grid = byId(maxMin(cars, SplitRouting.GRID, 2.2, 6));
		Map<String, CarOutcome> finish = byId(maxMin(cars, SplitRouting.FINISH, 2.2, 6));

		// The grid: 3/2.2 on the small site against (6 + 3)/6; there 2.2 kW for 90 minutes is 3.3 kWh.
		assertThat(grid.get("short").deliveredKwh()).isCloseTo(3.3, within(1e-9));
		// 3 kW beside long on the large site is 4.5 kWh by then: it finishes, in 80 minutes.
		assertThat(finish.get("short").deliveredKwh()).isCloseTo(4, within(1e-9));
		assertThat(finish.get("long").deliveredKwh()).isCloseTo(60 - 4, within(1e-9));
	}

	@Test
	void aCarNoSiteAdmitsWaitsWherePowerFreesFirstAndStartsThere() {
		// Minimums of 1.4 kW on sites of 1.4 and 2.8 kW: three fit, the fourth waits.
		List<ReferenceCar> cars = List.of(car("a", Duration.ZERO, Duration.ofHours(3), 1.4, 1.4, 1.4),
				car("b", Duration.ZERO, Duration.ofHours(12), 14, 1.4, 1.4),
				car("c", Duration.ZERO, Duration.ofHours(3), 1.4, 1.4, 1.4),
				car("d", Duration.ZERO, Duration.ofHours(3), 1.4, 1.4, 1.4));

		Map<String, CarOutcome> outcome = byId(maxMin(cars, SplitRouting.GRID, 1.4, 2.8));

		// a to the large site (1.4/2.8), b to the first of a tie (1.4/1.4 and 2.8/2.8), c where its minimum fits.
		// d's shortfall: (1.4 + 1.4 - 1.4)/1.4 on the small site, (2.8 + 1.4 - 2.8)/2.8 on the large one, where a and
		// c complete after an hour, while b charges for ten.
		assertThat(outcome.get("d").waited()).isEqualTo(Duration.ofHours(1));
		assertThat(outcome.get("d").deliveredKwh()).isCloseTo(1.4, within(1e-9));
		assertThat(outcome.get("b").waited()).isZero();
	}

	@Test
	void capacitiesSplitByWeightsAndACappedCarDrawsAtMostTheLargestPart() {
		assertThat(ReferenceTable.split(ReferenceCar.microKw(38.6), List.of(1.0, 2.0, 3.0))).containsExactly(
				6_433_333L, 12_866_667L, 19_300_000L);
		ReferenceCar fast = car("fast", Duration.ZERO, Duration.ofHours(1), 30, 1.4, 50);
		assertThat(fast.cappedAt(ReferenceCar.microKw(19.3)).maxMicroKw()).isEqualTo(ReferenceCar.microKw(19.3));
		assertThat(fast.cappedAt(ReferenceCar.microKw(1)).minMicroKw()).isEqualTo(ReferenceCar.microKw(1));
	}

}
