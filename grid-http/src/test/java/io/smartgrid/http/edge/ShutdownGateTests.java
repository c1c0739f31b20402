package io.smartgrid.http.edge;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.smartgrid.http.GridHttpClient;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.eclipse.jetty.server.Connector;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * A graceful shutdown closes the gate before it waits: nothing that arrives from then on is handled, on any
 * connection, while what was already inside finishes.
 */
class ShutdownGateTests {

    @Test
    void theNextCallOfAnH2cClientFindsThePortClosed() throws IOException {
        try (ConfigurableApplicationContext context = start()) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            OkHttpClient grid = GridHttpClient.okHttp(Duration.ofSeconds(1), Duration.ofSeconds(2), true);
            Request request = new Request.Builder().url("http://127.0.0.1:" + port + "/things/1").build();
            try (Response response = grid.newCall(request).execute()) {
                assertThat(response.protocol()).isEqualTo(Protocol.H2_PRIOR_KNOWLEDGE);
            }

            context.getBean(JettyConfiguration.ShutdownGate.class).stop(() -> { });

            // The GOAWAY reaches OkHttp's reader thread a moment later; until then a call may still be answered.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                IOException refused = catchThrowableOfType(IOException.class,
                        () -> grid.newCall(request).execute().close());
                assertThat(refused).isNotNull();
                assertThat(GridHttpClient.neverSent(refused)).as("%s", refused).isTrue();
            });
        }
    }

    /**
     * The race that cut off an admitted request: a client reuses a connection it kept alive from before the
     * shutdown. Jetty's connector takes the request, and once the wait for requests in flight has seen none, the
     * server closes the connection under the handler's answer. The gate refuses such a request before any handler.
     */
    @Test
    void aRequestOnAConnectionKeptAliveFromBeforeTheShutdownIsRefusedAndNeverHandled() throws Exception {
        EdgeTestApplication.Things.holding = new CountDownLatch(1);
        EdgeTestApplication.Things.release = new CountDownLatch(1);
        ConfigurableApplicationContext context = start();
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        CompletableFuture<Void> closed = null;
        try (Socket keptAlive = new Socket("127.0.0.1", port)) {
            keptAlive.setSoTimeout(5000);
            assertThat(RawHttp.exchange(keptAlive, "GET /things/1 HTTP/1.1\r\nHost: grid\r\n\r\n"))
                    .startsWith("HTTP/1.1 200");
            // A request in flight on another connection, for the graceful shutdown to wait for.
            HttpClient other = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            CompletableFuture<HttpResponse<String>> held = other.sendAsync(HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + port + "/things/held"))
                    .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(EdgeTestApplication.Things.holding.await(5, TimeUnit.SECONDS)).isTrue();

            closed = CompletableFuture.runAsync(context::close);
            Connector connector = ((JettyWebServer) ((WebServerApplicationContext) context).getWebServer())
                    .getServer().getConnectors()[0];
            await().atMost(Duration.ofSeconds(5)).until(connector::isShutdown);

            int before = EdgeTestApplication.Things.created.get();
            String body = "{\"name\":\"late\",\"kw\":11}";
            String late = RawHttp.exchange(keptAlive, "POST /things HTTP/1.1\r\nHost: grid\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            assertThat(late).startsWith("HTTP/1.1 503").containsIgnoringCase("Connection: close")
                    .containsIgnoringCase("Content-Type: application/problem+json")
                    .contains(ProblemType.GRID_UNAVAILABLE.uri().toString()).containsIgnoringCase("Retry-After:");
            assertThat(EdgeTestApplication.Things.created.get()).as("the refused request created nothing")
                    .isEqualTo(before);

            // What was inside before the gate closed still gets its answer.
            assertThat(closed).isNotDone();
            EdgeTestApplication.Things.release.countDown();
            HttpResponse<String> answer = held.get(10, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("released");
            closed.get(20, TimeUnit.SECONDS);
        }
        finally {
            EdgeTestApplication.Things.release.countDown();
            if (closed == null) {
                context.close();
            }
        }
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(EdgeTestApplication.class)
                .properties("server.port=0", "server.address=127.0.0.1", "server.shutdown=graceful").run();
    }
}
