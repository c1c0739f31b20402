package io.smartgrid.loadtester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import io.smartgrid.loadtester.workload.Durations;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTests {

	@Test
	void readsTheWayOperatorsTypeDurations() {
		assertThat(DurationConverter.parse("250ms")).isEqualTo(Duration.ofMillis(250));
		assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
		assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
		assertThat(DurationConverter.parse("5m")).isEqualTo(Duration.ofMinutes(5));
		assertThat(DurationConverter.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
		assertThat(DurationConverter.parse("PT20S")).isEqualTo(Duration.ofSeconds(20));
	}

	@Test
	void writesDurationsBackTheSameWay() {
		assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
		assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
		assertThat(Durations.format(Duration.ofSeconds(8))).isEqualTo("8s");
		assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
		assertThat(Durations.format(Duration.ofSeconds(125))).isEqualTo("2m5s");
		assertThat(DurationConverter.parse(Durations.format(Duration.ofMillis(61_500)))).isEqualTo(Duration.ofMillis(61_500));
	}

	@Test
	void rejectsAnythingElse() {
		assertThatThrownBy(() -> DurationConverter.parse("30")).isInstanceOf(TypeConversionException.class);
		assertThatThrownBy(() -> DurationConverter.parse("5 minutes")).isInstanceOf(TypeConversionException.class);
		assertThatThrownBy(() -> DurationConverter.parse("s30")).isInstanceOf(TypeConversionException.class);
	}

}
