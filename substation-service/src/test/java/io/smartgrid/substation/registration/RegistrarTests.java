package io.smartgrid.substation.registration;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
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

    @AfterEach
    void stopAll() {
        if (substation != null) {
            substation.close();
        }
        if (balancer != null) {
            balancer.close();
        }
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
        String[] base = {
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.main.banner-mode=off",
                "--grid.substation.capacity-kw=120",
                "--grid.registration.token=" + TOKEN,
                "--grid.substation.registration.balancer-url=http://127.0.0.1:" + balancerPort,
                "--grid.substation.registration.heartbeat-interval=100ms",
                "--grid.substation.registration.retry-backoff=50ms",
                "--grid.substation.registration.retry-backoff-max=200ms" };
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        for (int i = 0; i < extra.length; i++) {
            args[base.length + i] = "--" + extra[i];
        }
        return SubstationApplication.application().run(args);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
