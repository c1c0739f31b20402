package io.smartgrid.loadtester.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ArrivalsTests {

	private static final RequestFactory REQUESTS = new RequestFactory("LT", 11, 20);

	@Test
	void rushHourRampsUpToItsPeakAroundHalfWayAndComesBackDown() {
		RateProfile rushHour = RateProfile.rushHour(100);

		// 08:30 is the seventh half hour after 05:00 in a 05:00-12:30 window: 7/15 of the way through.
		assertThat(rushHour.rateAt(7.0 / 15)).isEqualTo(100.0);
		assertThat(rushHour.rateAt(0)).isLessThan(10);
		assertThat(rushHour.rateAt(0.2)).isLessThan(rushHour.rateAt(0.4));
		assertThat(rushHour.rateAt(1)).isLessThan(rushHour.rateAt(0.6)).isLessThan(50);
		assertThat(rushHour.meanRate()).isBetween(50.0, 60.0);
	}

	@Test
	void aConstantRateIsFlat() {
		RateProfile constant = RateProfile.constant(40);

		assertThat(constant.rateAt(0)).isEqualTo(40);
		assertThat(constant.rateAt(0.73)).isEqualTo(40);
		assertThat(constant.meanRate()).isEqualTo(40);
	}

	@Test
	void poissonArrivalsKeepTheirMeanRateAndTimeOrder() {
		// Fixed seed: the same arrivals every run, so this cannot flake.
		List<Arrival> arrivals = list(new PoissonArrivals(RateProfile.constant(100), Duration.ofSeconds(100), 42,
				REQUESTS));

		// 10,000 expected; the standard deviation of a Poisson count is 100.
		assertThat(arrivals).hasSizeBetween(9_600, 10_400);
		assertThat(arrivals).isSortedAccordingTo((a, b) -> Long.compare(a.atNanos(), b.atNanos()));
		assertThat(arrivals.get(arrivals.size() - 1).atNanos()).isLessThan(Duration.ofSeconds(100).toNanos());
		assertThat(arrivals).allMatch((a) -> a.stopAtNanos() == Arrival.NO_STOP);
		assertThat(arrivals.get(0).request().vehicleId()).isEqualTo("LT-1");
		double meanGapSeconds = arrivals.get(arrivals.size() - 1).atNanos() / 1e9 / (arrivals.size() - 1);
		assertThat(meanGapSeconds).isCloseTo(0.01, within(0.0005));
	}

	@Test
	void rushHourArrivalsCrowdAroundThePeak() {
		PoissonArrivals schedule = new PoissonArrivals(RateProfile.rushHour(200), Duration.ofSeconds(150), 7,
				REQUESTS);
		List<Arrival> arrivals = list(schedule);

		long firstTenth = arrivals.stream().filter((a) -> a.atNanos() < 15e9).count();
		long aroundPeak = arrivals.stream().filter((a) -> a.atNanos() >= 62.5e9 && a.atNanos() < 77.5e9).count();
		assertThat(aroundPeak).isGreaterThan(4 * firstTenth);
		assertThat((double) arrivals.size()).isCloseTo(schedule.expectedCount(), within(0.05 * schedule.expectedCount()));
	}

	@Test
	void sameSeedSameArrivals() {
		List<Arrival> once = list(new PoissonArrivals(RateProfile.constant(50), Duration.ofSeconds(2), 3, REQUESTS));
		List<Arrival> again = list(new PoissonArrivals(RateProfile.constant(50), Duration.ofSeconds(2), 3, REQUESTS));

		assertThat(once).isEqualTo(again);
	}

	private static List<Arrival> list(Iterable<Arrival> schedule) {
		List<Arrival> arrivals = new ArrayList<>();
		schedule.forEach(arrivals::add);
		return arrivals;
	}

}
