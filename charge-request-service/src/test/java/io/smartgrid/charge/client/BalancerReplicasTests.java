package io.smartgrid.charge.client;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.smartgrid.charge.ManualClock;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;

/** Which replicas there are, and which one a call goes to. */
class BalancerReplicasTests {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-21T08:00:00Z"));
    private final BalancerReplicas replicas = new BalancerReplicas(
            List.of(URI.create("http://127.0.0.1:8081"), URI.create("http://[::1]:8086"), URI.create("http://127.0.0.1:8081")),
            Duration.ofSeconds(5), clock);

    @Test
    void everyAddressOnceWithIpv6InBrackets() {
        assertThat(replicas.instances()).extracting(ServiceInstance::getHost, ServiceInstance::getPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("127.0.0.1", 8081),
                        org.assertj.core.groups.Tuple.tuple("[0:0:0:0:0:0:0:1]", 8086));
        assertThat(replicas.instances().get(1).getUri()).hasToString("http://[0:0:0:0:0:0:0:1]:8086");
    }

    @Test
    void roundRobinSkipsWhatTheRequestTriedAndWhatFailedLatelyWhileAnotherIsLeft() {
        List<ServiceInstance> all = replicas.instances();
        assertThat(key(replicas.choose(all))).isNotEqualTo(key(replicas.choose(all)));

        replicas.failed("127.0.0.1:8081");
        for (int i = 0; i < 4; i++) {
            assertThat(key(replicas.choose(all))).as("the failed one is passed over").isEqualTo("[0:0:0:0:0:0:0:1]:8086");
        }
        try (BalancerReplicas.Try attempt = replicas.begin(Set.of("[0:0:0:0:0:0:0:1]:8086"))) {
            assertThat(key(replicas.choose(all))).as("failed lately, but the only one the request has not tried")
                    .isEqualTo("127.0.0.1:8081");
            assertThat(attempt.chosen()).isEqualTo("127.0.0.1:8081");
        }

        clock.advance(Duration.ofSeconds(6));
        assertThat(List.of(key(replicas.choose(all)), key(replicas.choose(all))))
                .as("after its backoff it takes its turn again").contains("127.0.0.1:8081");
    }

    private static String key(ServiceInstance instance) {
        return BalancerReplicas.key(instance.getHost(), instance.getPort());
    }
}
