package io.smartgrid.balancer.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProbeBackoffTests {

    @Test
    void doublesFromTheInitialDelayUpToTheMaximum() {
        ProbeBackoff backoff = ProbeBackoff.DEFAULT;

        assertThat(backoff.after(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.after(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.after(5)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.after(6)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void rejectsAMaximumBelowTheStart() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ProbeBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new ProbeBackoff(Duration.ZERO, Duration.ofSeconds(1)));
    }
}
