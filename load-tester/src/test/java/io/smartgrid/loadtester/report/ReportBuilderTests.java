package io.smartgrid.loadtester.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.smartgrid.loadtester.grid.ChargeResult;
import io.smartgrid.loadtester.grid.Outcome;
import io.smartgrid.loadtester.grid.StopOutcome;
import io.smartgrid.loadtester.grid.SubstationState;
import io.smartgrid.loadtester.report.RunReport.Balance;
import io.smartgrid.loadtester.report.RunReport.Latency;
import io.smartgrid.loadtester.report.UtilizationSampler.Sample;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReportBuilderTests {

	private static final ReportBuilder.Context CONTEXT = new ReportBuilder.Context("test", "http://grid",
			"http://balancer", "2026-11-21T08:00:00Z", false, true, 0.01);

	@Test
	void percentilesOfOneToAThousandMilliseconds() {
		Histogram micros = new Histogram(TimeUnit.HOURS.toMicros(1), 3);
		for (int ms = 1; ms <= 1000; ms++) {
			micros.recordValue(ms * 1000L);
		}

		Latency latency = ReportBuilder.latency(micros);

		// Three significant digits: each figure is within 0.1% of the exact percentile.
		assertThat(latency.count()).isEqualTo(1000);
		assertThat(latency.p50Ms()).isCloseTo(500, withinPercentage(0.1));
		assertThat(latency.p90Ms()).isCloseTo(900, withinPercentage(0.1));
		assertThat(latency.p99Ms()).isCloseTo(990, withinPercentage(0.1));
		assertThat(latency.p999Ms()).isCloseTo(999, withinPercentage(0.1));
		assertThat(latency.maxMs()).isCloseTo(1000, withinPercentage(0.1));
		assertThat(latency.meanMs()).isCloseTo(500.5, withinPercentage(0.1));
	}

	@Test
	void noLatenciesAreAllZeroNotAnError() {
		assertThat(ReportBuilder.latency(new Histogram(3))).isEqualTo(new Latency(0, 0, 0, 0, 0, 0, 0));
	}

	@Test
	void throughputIsCountOverSeconds() {
		assertThat(ReportBuilder.throughput(500, 2.5)).isEqualTo(200.0);
		assertThat(ReportBuilder.throughput(10, 0)).isZero();
	}

	@Test
	void spreadAndCoefficientOfVariationOfUtilisation() {
		// 0.2, 0.4, 0.6: mean 0.4, population standard deviation sqrt(0.08/3) = 0.1633, CV 0.4082.
		Balance balance = ReportBuilder.balance(new Sample(3.0, List.of(state("a", 100, 20), state("b", 200, 80),
				state("c", 50, 30))));

		assertThat(balance.atSeconds()).isEqualTo(3.0);
		assertThat(balance.totalLoadKw()).isEqualTo(130.0);
		assertThat(balance.meanUtilization()).isCloseTo(0.4, within(1e-9));
		assertThat(balance.spread()).isCloseTo(0.4, within(1e-9));
		assertThat(balance.coefficientOfVariation()).isCloseTo(Math.sqrt(0.08 / 3) / 0.4, within(1e-9));
		assertThat(balance.utilization()).containsOnlyKeys("a", "b", "c");
	}

	@Test
	void anUnhealthySubstationIsLeftOutOfTheBalance() {
		Balance balance = ReportBuilder.balance(new Sample(1.0, List.of(state("a", 100, 50), state("b", 100, 50),
				new SubstationState("dead", 100, 0, 0, 0, false))));

		assertThat(balance.spread()).isZero();
		assertThat(balance.coefficientOfVariation()).isZero();
		assertThat(balance.utilization()).containsOnlyKeys("a", "b");
	}

	@Test
	void anIdleGridHasNoVariationRatherThanADivisionByZero() {
		Balance balance = ReportBuilder.balance(new Sample(0, List.of(state("a", 100, 0), state("b", 100, 0))));

		assertThat(balance.coefficientOfVariation()).isZero();
	}

	@Test
	void peakIsTheSampleWithTheMostLoadAndEndTheLast() {
		List<Sample> samples = List.of(new Sample(1, List.of(state("a", 100, 10), state("b", 100, 30))),
				new Sample(2, List.of(state("a", 100, 90), state("b", 100, 70))),
				new Sample(3, List.of(state("a", 100, 0), state("b", 100, 0))));

		RunReport report = ReportBuilder.build(CONTEXT, snapshot(Map.of(Outcome.CREATED, 4L)), samples, 0);

		assertThat(report.peak().atSeconds()).isEqualTo(2);
		assertThat(report.peak().spread()).isCloseTo(0.2, within(1e-9));
		assertThat(report.peak().coefficientOfVariation()).isCloseTo(0.125, within(1e-9));
		assertThat(report.end().atSeconds()).isEqualTo(3);
		assertThat(report.utilization()).hasSize(2);
		assertThat(report.utilization().get(0).points()).extracting(RunReport.Point::utilization)
			.containsExactly(0.1, 0.9, 0.0);
		assertThat(report.passed()).isTrue();
	}

	@Test
	void everySampleAboveCapacityIsAnOvershootAndFailsTheRun() {
		List<Sample> samples = List.of(new Sample(1, List.of(state("a", 100, 100), state("b", 100, 10))),
				new Sample(2, List.of(state("a", 100, 100.5), state("b", 100, 10))),
				new Sample(3, List.of(state("a", 100, 120), state("b", 100, 101))));

		RunReport report = ReportBuilder.build(CONTEXT, snapshot(Map.of(Outcome.CREATED, 4L)), samples, 0);

		assertThat(report.overshoots()).extracting(RunReport.Overshoot::atSeconds, RunReport.Overshoot::substationId)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(2.0, "a"), org.assertj.core.groups.Tuple.tuple(3.0, "a"),
					org.assertj.core.groups.Tuple.tuple(3.0, "b"));
		assertThat(report.passed()).isFalse();
		assertThat(report.failures()).singleElement().asString().contains("capacity exceeded", "a at 2.00 s");
	}

	@Test
	void gridFullIsNotAnErrorButEverythingElseThatWentWrongIs() {
		RunRecorder.Snapshot snapshot = snapshot(Map.of(Outcome.CREATED, 80L, Outcome.GRID_FULL, 100L,
				Outcome.SERVER_ERROR, 1L, Outcome.TRANSPORT_ERROR, 1L, Outcome.GRID_UNAVAILABLE, 1L,
				Outcome.CLIENT_ERROR, 1L), Map.of(StopOutcome.STOPPED, 14L, StopOutcome.NOT_FOUND, 1L,
						StopOutcome.HTTP_ERROR, 1L));

		RunReport report = ReportBuilder.build(CONTEXT, snapshot, List.of(), 0);

		assertThat(report.requests()).isEqualTo(184);
		assertThat(report.errors()).isEqualTo(5);
		assertThat(report.errorRate()).isCloseTo(5.0 / 200, within(1e-12));
		assertThat(report.throughputPerSecond()).isCloseTo(184 / 2.0, within(1e-9));
		assertThat(report.createdPerSecond()).isCloseTo(40.0, within(1e-9));
		assertThat(report.passed()).isFalse();
		assertThat(report.failures()).singleElement().asString().contains("error rate 2.50%");
		assertThat(report.warnings()).anyMatch((w) -> w.contains("no balancer samples"));
	}

	@Test
	void theRecorderMeasuresLatencyFromTheIntendedTimeAndServiceTimeFromTheSend() {
		RunRecorder recorder = new RunRecorder(0);
		long ms = 1_000_000;
		// Due at 0, held up in the sender until 100 ms, answered at 150 ms.
		recorder.recordCharge(new ChargeResult(Outcome.CREATED, 201, "s-1.x", "s-1"), 0, 100 * ms, 150 * ms);
		recorder.recordCharge(new ChargeResult(Outcome.GRID_FULL, 503, null, null), 0, 0, 10 * ms);
		recorder.recordCharge(new ChargeResult(Outcome.TRANSPORT_ERROR, 0, null, null), 0, 0, 5000 * ms);

		RunRecorder.Snapshot snapshot = recorder.snapshot(6000 * ms);

		assertThat(ReportBuilder.latency(snapshot.latency()).maxMs()).isCloseTo(150, withinPercentage(0.1));
		assertThat(ReportBuilder.latency(snapshot.serviceTime()).maxMs()).isCloseTo(50, withinPercentage(0.1));
		// A transport error has no server time: it is counted, not timed.
		assertThat(snapshot.latency().getTotalCount()).isEqualTo(2);
		assertThat(snapshot.sessionsPerSubstation()).containsExactly(Map.entry("s-1", 1L));
		assertThat(snapshot.chargeSeconds()).isEqualTo(5.0);
		assertThat(snapshot.elapsedSeconds()).isEqualTo(6.0);
	}

	private static SubstationState state(String id, double capacityKw, double loadKw) {
		return new SubstationState(id, capacityKw, loadKw, 1, loadKw / capacityKw, true);
	}

	private static RunRecorder.Snapshot snapshot(Map<Outcome, Long> outcomes) {
		return snapshot(outcomes, Map.of());
	}

	private static RunRecorder.Snapshot snapshot(Map<Outcome, Long> outcomes, Map<StopOutcome, Long> stops) {
		return new RunRecorder.Snapshot(outcomes, stops, Map.of(), new Histogram(3), new Histogram(3), 2.0, 3.0);
	}

}
