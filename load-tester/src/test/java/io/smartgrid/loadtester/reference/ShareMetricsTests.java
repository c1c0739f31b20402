package io.smartgrid.loadtester.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ShareMetricsTests {

	private static final Instant T = Instant.parse("2021-06-01T15:00:00Z");

	private static CarOutcome car(String id, double requested, double delivered, Duration waited) {
		return new CarOutcome(id, requested, delivered, T, (waited != null) ? T.plus(waited) : null);
	}

	@Test
	void theFiguresOfFourCarsWorkedOutByHand() {
		List<CarOutcome> cars = List.of(car("full", 10, 10, Duration.ZERO),
				car("half", 10, 5, Duration.ofMinutes(10)), car("refused", 20, 0, null),
				car("nearly", 10, 9.95, Duration.ZERO));

		ShareMetrics metrics = ShareMetrics.of(cars, 40, 30);

		assertThat(metrics.cars()).isEqualTo(4);
		// (10 + 5 + 0 + 9.95) / (10 + 10 + 20 + 10) = 24.95 / 50
		assertThat(metrics.energyDelivered()).isCloseTo(0.499, within(1e-12));
		// "full" and "nearly" (99.5% >= 99%)
		assertThat(metrics.fullyServed()).isEqualTo(0.5);
		// shares 1, 0.5, 0, 0.995: (2.495)^2 / (4 * 2.240025)
		assertThat(metrics.jainIndex()).isCloseTo(0.6947495005636097, within(1e-12));
		assertThat(metrics.peakUtilization()).isEqualTo(0.75);
		assertThat(metrics.turnedAway()).isEqualTo(1);
		// The three that started waited 0, 10 and 0 minutes.
		assertThat(metrics.meanWait()).isEqualTo(Duration.ofSeconds(200));
		assertThat(metrics.maxWait()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void jainIsOneWhenEveryCarGetsTheSameShareAndOneOverNWhenOneGetsAll() {
		assertThat(ShareMetrics.of(List.of(car("a", 10, 4, Duration.ZERO), car("b", 20, 8, Duration.ZERO)), 10, 5)
			.jainIndex()).isCloseTo(1.0, within(1e-12));
		assertThat(ShareMetrics.of(List.of(car("a", 10, 10, Duration.ZERO), car("b", 10, 0, Duration.ZERO),
				car("c", 10, 0, Duration.ZERO), car("d", 10, 0, Duration.ZERO)), 10, 5).jainIndex())
			.isCloseTo(0.25, within(1e-12));
		assertThat(ShareMetrics.of(List.of(car("a", 10, 0, null)), 10, 0).jainIndex()).isNaN();
	}

	@Test
	void moreThanRequestedCountsAsRequestedAndNoCarsServeEveryone() {
		ShareMetrics over = ShareMetrics.of(List.of(car("a", 10, 12, Duration.ZERO)), 10, 10);
		assertThat(over.energyDelivered()).isEqualTo(1.0);
		assertThat(over.jainIndex()).isEqualTo(1.0);

		ShareMetrics none = ShareMetrics.of(List.of(), 10, 0);
		assertThat(none.cars()).isZero();
		assertThat(none.energyDelivered()).isEqualTo(1.0);
		assertThat(none.meanWait()).isZero();
		assertThatIllegalArgumentException().isThrownBy(() -> ShareMetrics.of(List.of(), 0, 0));
	}

}
