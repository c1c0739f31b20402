package io.smartgrid.charge;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.smartgrid.charge.ChargeProperties.Idempotency;
import io.smartgrid.charge.ChargeProperties.Idempotency.Store;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The idempotency store's settings that only make sense together. */
class ChargePropertiesTests {

    static ChargeProperties properties(Duration readTimeout, Idempotency idempotency) {
        return new ChargeProperties(List.of(URI.create("http://127.0.0.1:8081")), Duration.ofMillis(250), readTimeout,
                Duration.ofSeconds(5), idempotency, Duration.ofSeconds(5));
    }

    static Idempotency jdbc(String url, Duration ttl, Duration lease) {
        return new Idempotency(Store.JDBC, 100, ttl, lease, url, "grid", "secret");
    }

    @Test
    void theJdbcStoreNeedsAUrl() {
        assertThatIllegalArgumentException().isThrownBy(() -> jdbc(null, Duration.ofHours(24), Duration.ofSeconds(10)))
                .withMessageContaining("grid.charge.idempotency.url");
        assertThatIllegalArgumentException().isThrownBy(() -> jdbc(" ", Duration.ofHours(24), Duration.ofSeconds(10)));
        assertThatNoException().isThrownBy(() -> new Idempotency(Store.MEMORY, 100, Duration.ofHours(24),
                Duration.ofSeconds(10), null, null, null));
    }

    @Test
    void theLeaseOutlastsOneTryAndTheKeyOutlastsTheLease() {
        Idempotency tenSeconds = jdbc("jdbc:postgresql://db/grid", Duration.ofHours(24), Duration.ofSeconds(10));

        assertThatNoException().isThrownBy(() -> properties(Duration.ofSeconds(3), tenSeconds));
        // 250 ms to connect and 10 s to read: a claim of 10 s could lapse while its try is still under way.
        assertThatIllegalArgumentException().isThrownBy(() -> properties(Duration.ofSeconds(10), tenSeconds))
                .withMessageContaining("lease");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> jdbc("jdbc:postgresql://db/grid", Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .withMessageContaining("ttl");
    }

    @Test
    void theMemoryStoreHasNoLeaseToOutlast() {
        Idempotency memory = new Idempotency(Store.MEMORY, 100, Duration.ofSeconds(5), Duration.ofSeconds(10), null,
                null, null);

        // A patient test grid reads for 40 s; the memory store never claims anything across replicas.
        assertThatNoException().isThrownBy(() -> properties(Duration.ofSeconds(40), memory));
    }

    @Test
    void theDatabasePasswordIsNeverPrinted() {
        assertThat(jdbc("jdbc:postgresql://db/grid", Duration.ofHours(24), Duration.ofSeconds(10)).toString())
                .contains("jdbc:postgresql://db/grid").doesNotContain("secret");
    }
}
