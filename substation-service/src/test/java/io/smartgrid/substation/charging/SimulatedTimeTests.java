package io.smartgrid.substation.charging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SimulatedTimeTests {

    @Test
    void aWholeSpeedMapsRealNanosecondsExactlyAndSaturatesInsteadOfOverflowing() {
        SimulatedTime time = new SimulatedTime(60);

        assertThat(time.simulatedNanos(1_000_000_000L)).isEqualTo(60_000_000_000L);
        assertThat(time.simulatedNanos(Long.MAX_VALUE / 2)).isEqualTo(Long.MAX_VALUE);
        assertThat(time.realNanosReaching(60_000_000_001L)).isEqualTo(1_000_000_001L);
        assertThat(time.realNanosReaching(60_000_000_000L)).isEqualTo(1_000_000_000L);
        assertThat(time.after(Instant.EPOCH, Duration.ofMinutes(90))).isEqualTo(Instant.EPOCH.plusSeconds(90));
        assertThat(time.simulated(Duration.ofSeconds(-1))).isEqualTo(Duration.ofMinutes(-1));
    }

    @Test
    void theRealInstantReachingASimulatedOneIsTheFirstThatDoesForAnySpeed() {
        Random random = new Random(15);
        for (double speed : new double[] { 1, 60, 3600, 0.5, 7.3, 59.99, 1e-3 }) {
            SimulatedTime time = new SimulatedTime(speed);
            for (int i = 0; i < 2_000; i++) {
                long simulated = 1 + (long) (random.nextDouble() * 1e15);
                long real = time.realNanosReaching(simulated);
                assertThat(time.simulatedNanos(real)).as("speed %s, %d", speed, simulated).isGreaterThanOrEqualTo(simulated);
                assertThat(time.simulatedNanos(real - 1)).as("speed %s, %d", speed, simulated).isLessThan(simulated);
            }
        }
    }
}
