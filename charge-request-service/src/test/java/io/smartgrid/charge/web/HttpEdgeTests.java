package io.smartgrid.charge.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.smartgrid.charge.ChargeRequestApplication;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** What reaches the service before its controllers do: oversized bodies, paths Tomcat refuses, the error page. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=" + ChargeRequestApplication.NAME, "grid.http.max-body-size=1KB" })
class HttpEdgeTests {

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aBodyOverTheLimitWithADeclaredLengthIs413ProblemJson() throws Exception {
        String body = "{\"vehicleId\":\"EV-1\",\"pad\":\"" + "x".repeat(2000) + "\"}";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/charge"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("urn:smart-grid:problem:payload-too-large");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndOneUnderItIsRead() throws Exception {
        HttpResponse<String> large = http.send(HttpRequest.newBuilder(uri("/charge"))
                .header("Content-Type", "application/json")
                .POST(chunked("{\"vehicleId\":\"EV-1\",\"pad\":\"" + "x".repeat(4000) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        HttpResponse<String> small = http.send(HttpRequest.newBuilder(uri("/charge"))
                .header("Content-Type", "application/json")
                .POST(chunked("{\"vehicleId\":\"EV-1\",\"powerKw\":999}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(small.statusCode()).isEqualTo(400);
        assertThat(small.body()).contains("\"field\":\"powerKw\"");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/charge/%00", "/charge/a%00b", "/charge/%ZZ", "/charge/%2e%2e/%2e%2e/x",
            "/charge/..;/..;/x", "/%c0%ae%c0%ae/" })
    void pathsTomcatRefusesStillGetAProblemWithoutInternals(String path) throws Exception {
        String raw = rawGet(path);
        String head = raw.substring(0, raw.indexOf("\r\n\r\n"));
        assertThat(head).startsWith("HTTP/1.1 4");
        assertThat(head.toLowerCase()).contains("content-type: application/problem+json");
        assertThat(raw).doesNotContain("Tomcat", "<html", "Exception", "at org.");
    }

    @Test
    void theErrorPageIsProblemJsonWhateverTheCallerAccepts() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/error")).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("urn:smart-grid:problem:internal").doesNotContain("<html");
    }

    private static HttpRequest.BodyPublisher chunked(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // An input-stream publisher has no known length, so the client sends it chunked.
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
    }

    /** A request line sent as is: an HTTP client would refuse or re-encode these paths. */
    private String rawGet(String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
