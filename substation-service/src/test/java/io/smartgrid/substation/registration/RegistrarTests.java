package io.smartgrid.substation.registration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.smartgrid.substation.SubstationApplication;
import io.smartgrid.substation.charging.HostIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The substation's side of self-registration, against a fake balancer over real HTTP. */
class RegistrarTests {

    private static final String TOKEN = "test-registration-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ConfigurableApplicationContext substation;
    private FakeBalancer balancer;
    private FakeBalancer other;

    @AfterEach
    void stopAll() {
        if (substation != null) {
            substation.close();
        }
        if (balancer != null) {
            balancer.close();
        }
        if (other != null) {
            other.close();
        }
    }

    @Test
    void registersWithEveryBalancerListedAndDeregistersFromEach() throws IOException {
        balancer = FakeBalancer.start(0, TOKEN);
        other = FakeBalancer.start(0, TOKEN);
        substation = start(balancer.port(), "grid.substation.id=substation-both",
                "grid.substation.registration.balancer-url=http://127.0.0.1:" + balancer.port()
                        + ",http://127.0.0.1:" + other.port());

        await().atMost(Duration.ofSeconds(20)).until(() -> balancer.calls("PUT").size() >= 2
                && other.calls("PUT").size() >= 2);
        assertThat(balancer.calls("POST")).hasSize(1);
        assertThat(other.calls("POST")).hasSize(1);

        substation.close();

        assertThat(balancer.calls("DELETE")).hasSize(1);
        assertThat(other.calls("DELETE")).hasSize(1);
    }

    @Test
    void registersWithEveryAddressOfAHostNameKeepingTheNameAsHost() throws IOException {
        InetAddress first = InetAddress.getByName("127.0.0.1");
        InetAddress second = InetAddress.getByName("127.0.0.2");
        balancer = FakeBalancer.start(first, 0, TOKEN);
        // Two replicas behind one name, on one port: as a headless Service's pods.
        other = FakeBalancer.start(second, balancer.port(), TOKEN);
        BalancerTarget.Resolver dns = host -> host.equals("balancers.test")
                ? new InetAddress[] { first, second } : InetAddress.getAllByName(host);
        substation = SubstationApplication.application()
                .initializers(context -> context.getBeanFactory().registerSingleton("balancerResolver", dns))
                .run(args(balancer.port(), "grid.substation.id=substation-dns",
                        "grid.substation.registration.balancer-url=http://balancers.test:" + balancer.port()));

        await().atMost(Duration.ofSeconds(20)).until(() -> !balancer.calls("PUT").isEmpty()
                && !other.calls("PUT").isEmpty());
        assertThat(balancer.calls("POST")).hasSize(1);
        assertThat(other.calls("POST")).hasSize(1);
        assertThat(other.calls()).allSatisfy(call ->
                assertThat(call.host()).isEqualTo("balancers.test:" + balancer.port()));
    }

    @Test
    void registersOnceTheBalancerIsThereSendsHeartbeatsAndDeregistersOnShutdown() throws IOException {
        int balancerPort = freePort();
        // The balancer is not there yet: the substation starts anyway and keeps trying.
        substation = start(balancerPort, "grid.substation.id=substation-self");
        balancer = FakeBalancer.start(balancerPort, TOKEN);
        int port = ((WebServerApplicationContext) substation).getWebServer().getPort();

        await().atMost(Duration.ofSeconds(20)).until(() -> !balancer.calls("POST").isEmpty());
        FakeBalancer.Call registration = balancer.calls("POST").get(0);
        assertThat(registration.path()).isEqualTo("/registrations");
        assertThat(registration.authorization()).isEqualTo("Bearer " + TOKEN);
        JsonNode body = JSON.readTree(registration.body());
        assertThat(body.path("id").asString()).isEqualTo("substation-self");
        // By default the url names this host, as a container's host name names its replica in Compose.
        assertThat(body.path("url").asString()).isEqualTo("http://" + HostIdentity.localHostname() + ":" + port);
        assertThat(body.path("capacityKw").asDouble()).isEqualTo(120.0);

        await().atMost(Duration.ofSeconds(20)).until(() -> balancer.calls("PUT").size() >= 2);
        assertThat(balancer.calls("PUT")).allSatisfy(heartbeat -> {
            assertThat(heartbeat.path()).isEqualTo("/registrations/substation-self/heartbeat");
            assertThat(heartbeat.authorization()).isEqualTo("Bearer " + TOKEN);
        });
        assertThat(balancer.calls("POST")).as("registered once while heartbeats succeed").hasSize(1);

        substation.close();

        List<FakeBalancer.Call> deletes = balancer.calls("DELETE");
        assertThat(deletes).hasSize(1);
        assertThat(deletes.get(0).path()).isEqualTo("/registrations/substation-self");
        assertThat(deletes.get(0).authorization()).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void registersAgainWhenTheBalancerHasForgottenIt() throws IOException {
        balancer = FakeBalancer.start(0, TOKEN);
        substation = start(balancer.port(), "grid.substation.id=substation-again");
        await().atMost(Duration.ofSeconds(20)).until(() -> !balancer.calls("PUT").isEmpty());

        balancer.forgetful(true);

        await().atMost(Duration.ofSeconds(20)).until(() -> balancer.calls("POST").size() >= 2);
        assertThat(JSON.readTree(balancer.calls("POST").get(1).body()).path("id").asString()).isEqualTo("substation-again");
    }

    @Test
    void withoutAnIdTheSubstationIsNamedAfterItsHostAndAdvertisesTheConfiguredUrl() throws IOException {
        balancer = FakeBalancer.start(0, TOKEN);
        substation = start(balancer.port(), "grid.substation.registration.advertised-url=http://substation.example:8082");

        await().atMost(Duration.ofSeconds(20)).until(() -> !balancer.calls("POST").isEmpty());
        JsonNode body = JSON.readTree(balancer.calls("POST").get(0).body());

        assertThat(body.path("id").asString()).startsWith("substation-").matches("[a-z0-9][a-z0-9-]{0,31}");
        assertThat(body.path("url").asString()).isEqualTo("http://substation.example:8082");
    }

    private static ConfigurableApplicationContext start(int balancerPort, String... extra) {
        return SubstationApplication.application().run(args(balancerPort, extra));
    }

    /** An extra {@code balancer-url} replaces the one made of {@code balancerPort}. */
    private static String[] args(int balancerPort, String... extra) {
        String balancerUrl = "grid.substation.registration.balancer-url=";
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--grid.substation.capacity-kw=120",
                "--grid.registration.token=" + TOKEN,
                "--grid.substation.registration.heartbeat-interval=100ms",
                "--grid.substation.registration.retry-backoff=50ms",
                "--grid.substation.registration.retry-backoff-max=200ms"));
        if (Arrays.stream(extra).noneMatch(setting -> setting.startsWith(balancerUrl))) {
            args.add("--" + balancerUrl + "http://127.0.0.1:" + balancerPort);
        }
        Arrays.stream(extra).forEach(setting -> args.add("--" + setting));
        return args.toArray(String[]::new);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
