package io.smartgrid.http.edge;

import java.io.IOException;
import java.time.Duration;

import io.smartgrid.http.GridHttpClient;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** A graceful shutdown turns h2c callers away at once, while it waits for what is in flight. */
class GoAwayOnShutdownTests {

    @Test
    void theNextCallOfAnH2cClientFindsThePortClosed() throws IOException {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EdgeTestApplication.class)
                .properties("server.port=0", "server.address=127.0.0.1").run()) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            OkHttpClient grid = GridHttpClient.okHttp(Duration.ofSeconds(1), Duration.ofSeconds(2), true);
            Request request = new Request.Builder().url("http://127.0.0.1:" + port + "/things/1").build();
            try (Response response = grid.newCall(request).execute()) {
                assertThat(response.protocol()).isEqualTo(Protocol.H2_PRIOR_KNOWLEDGE);
            }

            context.getBean(JettyConfiguration.GoAwayOnShutdown.class).stop();

            // The GOAWAY reaches OkHttp's reader thread a moment later; until then a call may still be answered.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                IOException refused = catchThrowableOfType(IOException.class,
                        () -> grid.newCall(request).execute().close());
                assertThat(refused).isNotNull();
                assertThat(GridHttpClient.neverSent(refused)).as("%s", refused).isTrue();
            });
        }
    }
}
