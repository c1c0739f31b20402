package io.smartgrid.charge.client;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import feign.Request;
import feign.RetryableException;
import io.smartgrid.charge.ChargeProperties;
import io.smartgrid.http.edge.ProblemType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The retry rules of the balancer client, against replicas that fail as told. The stub chooses a replica as Spring
 * Cloud LoadBalancer does, through {@link BalancerReplicas#choose}.
 */
class BalancerClientTests {

    private static final URI A = URI.create("http://127.0.0.1:18081");
    private static final URI B = URI.create("http://127.0.0.1:18082");
    private static final BalancerSession SESSION = new BalancerSession("substation-1.x", "EV-1", "substation-1", 11, 20,
            0, "CHARGING", Instant.parse("2026-11-21T08:00:00Z"), null);

    private final BalancerReplicas replicas = new BalancerReplicas(List.of(A, B), Duration.ofSeconds(5),
            Clock.fixed(Instant.parse("2026-11-21T08:00:00Z"), ZoneOffset.UTC));
    private final ChargeProperties properties = new ChargeProperties(List.of(A, B), Duration.ofMillis(250),
            Duration.ofSeconds(3), Duration.ofSeconds(5), new ChargeProperties.Idempotency(
                    ChargeProperties.Idempotency.Store.MEMORY, 10, Duration.ofHours(1), Duration.ofSeconds(10), null,
                    null, null),
            Duration.ofSeconds(5));
    /** What each replica ({@code host:port}) received, in order. */
    private final Map<String, List<SessionRequest>> received = new HashMap<>();
    private final List<String> calls = new ArrayList<>();

    @Test
    void aRefusedConnectionGoesToTheOtherReplicaUnderTheSameRequestId() {
        BalancerClient client = client(replica -> replica.endsWith(":18081") ? refuse() : SESSION);

        assertThat(client.start(new SessionRequest("EV-1", 11, 20))).isEqualTo(SESSION);
        assertThat(client.start(new SessionRequest("EV-2", 11, 20))).isEqualTo(SESSION);

        List<SessionRequest> refused = received.get("127.0.0.1:18081");
        List<SessionRequest> served = received.get("127.0.0.1:18082");
        assertThat(refused).as("passed over once it has refused").hasSize(1);
        assertThat(served).hasSize(2);
        assertThat(served.get(0).requestId()).isEqualTo(refused.get(0).requestId());
        assertThat(served.get(0).supersedes()).isEmpty();
    }

    @Test
    void aReadTimeoutGoesToTheOtherReplicaUnderANewIdThatSupersedesTheOld() {
        BalancerClient client = client(replica -> replica.endsWith(":18081") ? timeOut() : SESSION);

        assertThat(client.start(new SessionRequest("EV-1", 11, 20))).isEqualTo(SESSION);

        SessionRequest timedOut = received.get("127.0.0.1:18081").get(0);
        SessionRequest retried = received.get("127.0.0.1:18082").get(0);
        assertThat(retried.requestId()).isNotEqualTo(timedOut.requestId()).matches("[0-9a-f-]{36}");
        assertThat(retried.supersedes()).containsExactly(timedOut.requestId());
    }

    @Test
    void aStartWithGivenIdsSupersedesTheEarlierOnesAndAnnouncesEveryRetryBeforeItGoesOut() {
        BalancerClient client = client(replica -> replica.endsWith(":18081") ? timeOut() : SESSION);
        List<String> earlier = new ArrayList<>();
        for (int i = 0; i < BalancerClient.MAX_SUPERSEDES; i++) {
            earlier.add("00000000-0000-0000-0000-00000000000" + i);
        }
        List<String> announced = new ArrayList<>();
        StartTries ids = new StartTries() {
            @Override
            public String requestId() {
                return "11111111-1111-1111-1111-111111111111";
            }

            @Override
            public List<String> supersedes() {
                return earlier;
            }

            @Override
            public void sending(String requestId) {
                // Announced before the try: the replica has not received it yet.
                assertThat(received.getOrDefault("127.0.0.1:18082", List.of())).isEmpty();
                announced.add(requestId);
            }
        };

        assertThat(client.start(new SessionRequest("EV-1", 11, 20), ids)).isEqualTo(SESSION);

        SessionRequest first = received.get("127.0.0.1:18081").get(0);
        SessionRequest retried = received.get("127.0.0.1:18082").get(0);
        assertThat(first.requestId()).isEqualTo("11111111-1111-1111-1111-111111111111");
        assertThat(first.supersedes()).isEqualTo(earlier);
        assertThat(announced).containsExactly(retried.requestId());
        // The balancer takes at most eight: the newest, the timed-out first try among them.
        assertThat(retried.supersedes()).hasSize(BalancerClient.MAX_SUPERSEDES)
                .endsWith("11111111-1111-1111-1111-111111111111").doesNotContain(earlier.get(0));
    }

    @Test
    void aReplicasOwnUnavailableAnswerGoesToTheOtherUnderANewIdWithNothingToTakeBack() {
        BalancerClient client = client(replica -> {
            if (replica.endsWith(":18081")) {
                throw new ReplicaUnavailableException(
                        new GridUnavailableException(ProblemType.GRID_UNAVAILABLE, Duration.ofSeconds(2), null), true);
            }
            return SESSION;
        });

        assertThat(client.start(new SessionRequest("EV-1", 11, 20))).isEqualTo(SESSION);

        SessionRequest answered = received.get("127.0.0.1:18081").get(0);
        SessionRequest retried = received.get("127.0.0.1:18082").get(0);
        assertThat(retried.requestId()).isNotEqualTo(answered.requestId());
        assertThat(retried.supersedes()).isEmpty();
    }

    @Test
    void gridFullIsTheGridsAnswerAndIsNeverRetried() {
        BalancerClient client = client(replica -> {
            throw new GridUnavailableException(ProblemType.GRID_FULL, Duration.ofSeconds(9), null);
        });

        assertThatExceptionOfType(GridUnavailableException.class)
                .isThrownBy(() -> client.start(new SessionRequest("EV-1", 11, 20)))
                .satisfies(ex -> assertThat(ex.type()).isEqualTo(ProblemType.GRID_FULL));
        assertThat(calls).hasSize(1);
    }

    @Test
    void whenEveryReplicaFailsTheAnswerIsGridUnavailableAfterOneTryEach() {
        BalancerClient client = client(replica -> refuse());

        assertThatExceptionOfType(GridUnavailableException.class)
                .isThrownBy(() -> client.start(new SessionRequest("EV-1", 11, 20)))
                .satisfies(ex -> assertThat(ex.type()).isEqualTo(ProblemType.GRID_UNAVAILABLE));
        assertThat(calls).containsExactlyInAnyOrder("127.0.0.1:18081", "127.0.0.1:18082");
    }

    @Test
    void aLookupThatTimesOutIsAskedOfTheOtherReplica() {
        BalancerClient client = client(replica -> replica.endsWith(":18081") ? timeOut() : SESSION);

        assertThat(client.get("substation-1.x")).isEqualTo(SESSION);
        assertThat(client.stop("substation-1.x")).isEqualTo(SESSION);
        assertThat(calls).endsWith("127.0.0.1:18082");
    }

    /** A client whose every call goes to the replica the chooser picks, which answers as {@code behaviour} says. */
    private BalancerClient client(Function<String, BalancerSession> behaviour) {
        BalancerApi api = new BalancerApi() {
            @Override
            public BalancerSession start(SessionRequest request) {
                String replica = chosen();
                received.computeIfAbsent(replica, key -> new ArrayList<>()).add(request);
                return behaviour.apply(replica);
            }

            @Override
            public BalancerSession get(String sessionId) {
                return behaviour.apply(chosen());
            }

            @Override
            public BalancerSession stop(String sessionId) {
                return behaviour.apply(chosen());
            }
        };
        return new BalancerClient(api, replicas, properties);
    }

    private String chosen() {
        var instance = replicas.choose(replicas.instances());
        String replica = instance.getHost() + ":" + instance.getPort();
        calls.add(replica);
        return replica;
    }

    private static BalancerSession refuse() {
        throw retryable(new ConnectException("Connection refused"));
    }

    private static BalancerSession timeOut() {
        throw retryable(new SocketTimeoutException("Read timed out"));
    }

    private static RetryableException retryable(Throwable cause) {
        Request request = Request.create(Request.HttpMethod.POST, "http://load-balancer/sessions", Map.of(),
                new byte[0], StandardCharsets.UTF_8, null);
        return new RetryableException(-1, cause.getMessage(), Request.HttpMethod.POST, cause, (Long) null, request);
    }
}
