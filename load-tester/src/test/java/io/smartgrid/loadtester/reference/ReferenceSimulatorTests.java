package io.smartgrid.loadtester.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.smartgrid.loadtester.workload.AcnTrace;
import io.smartgrid.loadtester.workload.TraceSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ReferenceSimulatorTests {

	static final Instant T = Instant.parse("2021-06-01T15:00:00Z");

	static final Duration MINUTE = Duration.ofMinutes(1);

	static ReferenceCar car(String id, Duration arrives, Duration stays, double kwh, double minKw,
			double maxKw) {
		return new ReferenceCar(id, T.plus(arrives), T.plus(arrives).plus(stays), kwh, ReferenceCar.microKw(minKw),
				ReferenceCar.microKw(maxKw));
	}

	static Map<String, CarOutcome> byId(ReferenceSimulator.Run run) {
		return run.outcomes().stream().collect(Collectors.toMap(CarOutcome::id, Function.identity()));
	}

	@Test
	void theUncontrolledPeakIsEveryCarAtItsMaximumUntilItsEnergyIsDelivered() {
		List<ReferenceCar> cars = List.of(car("a", Duration.ZERO, Duration.ofHours(8), 6.6, 1.4, 6.6),
				car("b", Duration.ofMinutes(30), Duration.ofHours(8), 6.6, 1.4, 6.6),
				// starts the second a finishes, while b still charges
				car("c", Duration.ofHours(1), Duration.ofHours(8), 1, 1.4, 11));

		assertThat(ReferenceSimulator.uncontrolledPeakMicroKw(cars)).isEqualTo(ReferenceCar.microKw(17.6));
		assertThat(ReferenceSimulator.uncontrolledPeakMicroKw(cars.subList(0, 2)))
			.isEqualTo(ReferenceCar.microKw(13.2));
	}

	@Test
	void fiveOhThreeOnlyTurnsAwayACarWhoseFullPowerDoesNotFit() {
		List<ReferenceCar> cars = List.of(car("first", Duration.ZERO, Duration.ofHours(2), 6.6, 1.4, 6.6),
				car("second", Duration.ofMinutes(10), Duration.ofHours(2), 6.6, 1.4, 6.6),
				car("later", Duration.ofMinutes(61), Duration.ofHours(2), 3.3, 1.4, 6.6));

		ReferenceSimulator.Run run = ReferenceSimulator.run(cars, ReferenceCar.microKw(10), ReferencePolicy.REFUSE_WHEN_FULL,
				MINUTE);

		Map<String, CarOutcome> outcome = byId(run);
		assertThat(outcome.get("first").deliveredKwh()).isCloseTo(6.6, within(1e-9));
		assertThat(outcome.get("second").turnedAway()).isTrue();
		assertThat(outcome.get("second").deliveredKwh()).isZero();
		// first is done after an hour, so later fits.
		assertThat(outcome.get("later").deliveredKwh()).isCloseTo(3.3, within(1e-9));
		assertThat(run.peakLoadMicroKw()).isEqualTo(ReferenceCar.microKw(6.6));
	}

	@Test
	void maxMinSharesTheCapEquallyAndCompletesBoth() {
		List<ReferenceCar> cars = List.of(car("a", Duration.ZERO, Duration.ofHours(2), 3.3, 1.4, 6.6),
				car("b", Duration.ZERO, Duration.ofHours(2), 3.3, 1.4, 6.6));

		ReferenceSimulator.Run run = ReferenceSimulator.run(cars, ReferenceCar.microKw(6.6), ReferencePolicy.MAX_MIN,
				MINUTE);

		assertThat(run.outcomes()).allSatisfy((c) -> {
			assertThat(c.deliveredKwh()).isCloseTo(3.3, within(1e-9));
			assertThat(c.waited()).isZero();
		});
		assertThat(run.peakLoadMicroKw()).isEqualTo(ReferenceCar.microKw(6.6));
	}

	@Test
	void leastLaxityFinishesTheCarLeavingFirstWhereMaxMinLetsItLeaveShort() {
		// urgent must charge at 6.6 kW for its whole hour; relaxed has four hours for the same energy.
		List<ReferenceCar> cars = List.of(car("relaxed", Duration.ZERO, Duration.ofHours(4), 6.6, 1.4, 6.6),
				car("urgent", Duration.ZERO, Duration.ofHours(1), 6.6, 1.4, 6.6));
		long cap = ReferenceCar.microKw(8);

		Map<String, CarOutcome> laxity = byId(ReferenceSimulator.run(cars, cap, ReferencePolicy.LEAST_LAXITY, MINUTE));
		Map<String, CarOutcome> maxMin = byId(ReferenceSimulator.run(cars, cap, ReferencePolicy.MAX_MIN, MINUTE));

		assertThat(laxity.get("urgent").deliveredKwh()).isCloseTo(6.6, within(1e-9));
		assertThat(laxity.get("relaxed").deliveredKwh()).isCloseTo(6.6, within(1e-9));
		// 4 kW each for the hour urgent stays.
		assertThat(maxMin.get("urgent").deliveredKwh()).isCloseTo(4.0, within(1e-9));
		assertThat(maxMin.get("relaxed").deliveredKwh()).isCloseTo(6.6, within(1e-9));
	}

	@Test
	void toldOnlyWhatDriversStatedLeastLaxityServesTheCarWhoseDriverSaidItLeavesFirst() {
		Instant t = T;
		// relaxed's driver says one hour but stays four; urgent's driver says four hours but leaves after one.
		List<ReferenceCar> cars = List.of(
				new ReferenceCar("relaxed", t, t.plus(Duration.ofHours(4)), 6.6, ReferenceCar.microKw(1.4),
						ReferenceCar.microKw(6.6), t.plus(Duration.ofHours(1)), 6.6),
				new ReferenceCar("urgent", t, t.plus(Duration.ofHours(1)), 6.6, ReferenceCar.microKw(1.4),
						ReferenceCar.microKw(6.6), t.plus(Duration.ofHours(4)), 6.6));
		long cap = ReferenceCar.microKw(8);

		Map<String, CarOutcome> perfect = byId(ReferenceSimulator.run(cars, cap, ReferencePolicy.LEAST_LAXITY, MINUTE));
		Map<String, CarOutcome> stated = byId(
				ReferenceSimulator.run(cars, cap, ReferencePolicy.LEAST_LAXITY_STATED, MINUTE));

		assertThat(perfect.get("urgent").deliveredKwh()).isCloseTo(6.6, within(1e-9));
		// Believing the drivers, relaxed gets 6.6 kW for the hour and urgent leaves with its minimum's 1.4 kWh.
		assertThat(stated.get("urgent").deliveredKwh()).isCloseTo(1.4, within(1e-9));
		assertThat(stated.get("relaxed").deliveredKwh()).isCloseTo(6.6, within(1e-9));
	}

	@Test
	void aCarWhoseMinimumDoesNotFitWaitsAndOneWhoseDeparturePassesLeavesUnserved() {
		List<ReferenceCar> cars = List.of(car("charging", Duration.ZERO, Duration.ofHours(2), 1, 1.4, 6.6),
				car("waits", Duration.ofMinutes(10), Duration.ofHours(2), 1, 1.4, 6.6),
				car("gives-up", Duration.ofMinutes(11), Duration.ofMinutes(5), 1, 1.4, 6.6));

		// 2 kW: charging alone takes it all (1 kWh in 30 min); the others' 1.4 kW do not fit beside its 1.4 kW.
		Map<String, CarOutcome> outcome = byId(ReferenceSimulator.run(cars, ReferenceCar.microKw(2),
				ReferencePolicy.MAX_MIN, MINUTE));

		assertThat(outcome.get("charging").deliveredKwh()).isCloseTo(1, within(1e-9));
		assertThat(outcome.get("waits").waited()).isEqualTo(Duration.ofMinutes(20));
		assertThat(outcome.get("waits").deliveredKwh()).isCloseTo(1, within(1e-9));
		assertThat(outcome.get("gives-up").turnedAway()).isTrue();
		assertThat(outcome.get("gives-up").deliveredKwh()).isZero();
	}

	@Test
	void onTheSharedTraceSharingDeliversMoreThanRefusingAndNoPolicyExceedsTheCap() throws IOException {
		String shared = System.getProperty("grid.shared.dir");
		Path trace = (shared != null) ? Path.of(shared, "traces", "acn-caltech-2021.json") : null;
		Assumptions.assumeTrue(trace != null && Files.isReadable(trace),
				"shared EV trace not found (system property grid.shared.dir=" + shared + "): skipped");
		List<TraceSession> sessions = AcnTrace.read(trace);
		List<ReferenceCar> cars = sessions.stream().map((s) -> ReferenceCar.of(s, 1.4)).toList();

		long peak = ReferenceSimulator.uncontrolledPeakMicroKw(cars);
		List<ReferenceTable.Row> rows = ReferenceTable.compute(cars, List.of(0.4), MINUTE);

		assertThat(peak / 1e6).isCloseTo(106.6, within(0.05));
		assertThat(rows).hasSize(4).allSatisfy((row) -> {
			assertThat(row.metrics().cars()).isEqualTo(2114);
			assertThat(row.metrics().peakUtilization()).isLessThanOrEqualTo(1.0);
		});
		double refusing = rows.get(0).metrics().energyDelivered();
		double maxMin = rows.get(1).metrics().energyDelivered();
		double laxity = rows.get(2).metrics().energyDelivered();
		double stated = rows.get(3).metrics().energyDelivered();
		assertThat(refusing).isLessThan(maxMin);
		assertThat(maxMin).isLessThan(laxity);
		assertThat(stated).isLessThan(laxity);
		assertThat(rows.get(1).metrics().turnedAway()).isZero();
	}

}
