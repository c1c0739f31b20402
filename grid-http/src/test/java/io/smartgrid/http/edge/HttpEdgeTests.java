package io.smartgrid.http.edge;

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

import io.smartgrid.http.GridHttpClient;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP edge every service shares, on a small service of its own: what reaches a service before its controllers
 * do (oversized bodies, paths Jetty refuses, the error page, unsupported media types), the base advice's answers and
 * the operators' token; HTTP/1.1 and h2c on the one port.
 */
@SpringBootTest(classes = EdgeTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "grid.http.max-body-size=1KB", "grid.registration.token=s3cret",
                "spring.servlet.multipart.enabled=false", "spring.mvc.problemdetails.enabled=true",
                "server.error.include-message=never", "server.error.include-stacktrace=never" })
class HttpEdgeTests {

    private static final String PROBLEM_JSON = "application/problem+json";

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void aBodyOverTheLimitWithADeclaredLengthIs413ProblemJson() throws Exception {
        String body = "{\"name\":\"EV-1\",\"pad\":\"" + "x".repeat(2000) + "\"}";
        HttpResponse<String> response = post("/things", "application/json", body);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
        assertThat(response.body()).contains("urn:smart-grid:problem:payload-too-large");
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndOneUnderItIsRead() throws Exception {
        HttpResponse<String> large = http.send(HttpRequest.newBuilder(uri("/things"))
                .header("Content-Type", "application/json")
                .POST(chunked("{\"name\":\"EV-1\",\"pad\":\"" + "x".repeat(4000) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);

        HttpResponse<String> small = http.send(HttpRequest.newBuilder(uri("/things"))
                .header("Content-Type", "application/json")
                .POST(chunked("{\"name\":\"EV-1\",\"kw\":999}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(small.statusCode()).isEqualTo(400);
        assertThat(small.body()).contains("\"field\":\"kw\"");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/things/%00", "/things/a%00b", "/things/%ZZ", "/things/..%2F..%2Fetc",
            "/things/%2e%2e/%2e%2e/x", "/things/..;/..;/x", "/%c0%ae%c0%ae/" })
    void pathsJettyRefusesStillGetAProblemWithoutInternals(String path) throws Exception {
        String raw = raw("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        String head = raw.substring(0, raw.indexOf("\r\n\r\n"));
        assertThat(head).startsWith("HTTP/1.1 4");
        assertThat(head.toLowerCase()).contains("content-type: application/problem+json");
        assertThat(raw).doesNotContain("Jetty", "Tomcat", "<html", "Exception", "at org.");
    }

    @ParameterizedTest
    @ValueSource(strings = { "GET /things/1 HTTP/1.1 extra\r\nHost: x\r\n", "GET /things/1 HTTP/1.1\r\nHost: x\r\nBad Header\r\n",
            "PUT /things/%ZZ HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n" })
    void requestsJettyCannotParseGetAProblemToo(String request) throws Exception {
        String raw = raw(request + "Connection: close\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 400");
        assertThat(raw.toLowerCase()).contains("content-type: application/problem+json");
        assertThat(raw).contains("urn:smart-grid:problem:invalid-request")
                .doesNotContain("Jetty", "<html", "Exception", "at org.");
    }

    @Test
    void theGridsClientSpeaksH2cWhileOthersKeepHttp11OnTheSamePort() throws Exception {
        OkHttpClient grid = gridClient(true);
        try (Response response = get(grid, "/things/1")) {
            assertThat(response.protocol()).isEqualTo(Protocol.H2_PRIOR_KNOWLEDGE);
            assertThat(response.code()).isEqualTo(200);
        }
        try (Response missing = get(grid, "/nowhere")) {
            assertThat(missing.protocol()).isEqualTo(Protocol.H2_PRIOR_KNOWLEDGE);
            assertThat(missing.code()).isEqualTo(404);
            assertThat(missing.header("Content-Type")).isEqualTo(PROBLEM_JSON);
        }
        HttpResponse<String> plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(uri("/things/1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(raw("GET /things/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200");
    }

    @Test
    void overH2cABodyOfNoDeclaredLengthOverTheLimitIs413AndOneUnderItIsRead() throws Exception {
        OkHttpClient grid = gridClient(true);
        try (Response large = grid.newCall(new Request.Builder().url(uri("/things").toURL())
                .post(unknownLength("{\"name\":\"EV-1\",\"pad\":\"" + "x".repeat(4000) + "\"}")).build()).execute()) {
            assertThat(large.protocol()).isEqualTo(Protocol.H2_PRIOR_KNOWLEDGE);
            assertThat(large.code()).isEqualTo(413);
            assertThat(large.header("Content-Type")).isEqualTo(PROBLEM_JSON);
        }
        try (Response small = grid.newCall(new Request.Builder().url(uri("/things").toURL())
                .post(unknownLength("{\"name\":\"EV-1\",\"kw\":999}")).build()).execute()) {
            assertThat(small.code()).isEqualTo(400);
            assertThat(small.body().string()).contains("\"field\":\"kw\"");
        }
    }

    @Test
    void aRequestToUpgradeToH2cStaysOnHttp11() throws Exception {
        // The JDK's client asks for h2c by upgrade on plain http: only prior knowledge gets HTTP/2.
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()
                .send(HttpRequest.newBuilder(uri("/things/1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void theGridsClientCanFallBackToHttp11() throws Exception {
        try (Response response = get(gridClient(false), "/things/1")) {
            assertThat(response.protocol()).isEqualTo(Protocol.HTTP_1_1);
            assertThat(response.code()).isEqualTo(200);
        }
    }

    @Test
    void theErrorPageIsProblemJsonWhateverTheCallerAccepts() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/error")).header("Accept", "text/html")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
        assertThat(response.body()).contains("urn:smart-grid:problem:internal").doesNotContain("<html");
    }

    @Test
    void invalidFieldsAreNamedOncePerFieldInOrder() throws Exception {
        HttpResponse<String> response = post("/things", "application/json", "{\"name\":\" \",\"kw\":\"NaN\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = json(response);
        assertThat(problem.path("type").asString()).isEqualTo("urn:smart-grid:problem:invalid-request");
        assertThat(problem.path("title").asString()).isEqualTo("Invalid request");
        assertThat(problem.path("errors").findValuesAsString("field")).containsExactly("kw", "name");
        assertThat(problem.path("errors").get(0).path("message").asString()).isEqualTo("must be between 1 and 350");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "{", "[]", "{\"name\":\"EV-1\",\"kw\":\"eleven\"}", "{\"name\":\"EV-1\"}}" })
    void anUnreadableBodyIsAnInvalidRequestInOurOwnWords(String body) throws Exception {
        HttpResponse<String> response = post("/things", "application/json", body);
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = json(response);
        assertThat(problem.path("type").asString()).isEqualTo("urn:smart-grid:problem:invalid-request");
        assertThat(problem.path("errors").get(0).path("field").asString()).isIn("body", "kw");
        assertThat(response.body()).doesNotContainIgnoringCase("jackson").doesNotContain("java.", "Thing");
    }

    @Test
    void aMissingHeaderIsAnInvalidRequest() throws Exception {
        HttpResponse<String> response = get("/needs-header", "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("errors").get(0).path("field").asString()).isEqualTo("request");
    }

    /** Multipart with or without a boundary, forms, XML, garbage: never parsed, never a 5xx, and nothing echoed. */
    @ParameterizedTest
    @ValueSource(strings = { "multipart/form-data", "multipart/form-data; boundary=x", "multipart/mixed; boundary=",
            "application/x-www-form-urlencoded", "text/plain", "application/xml", "text/html; charset=utf-8",
            "application/octet-stream", "application/java.lang.Exception", "text/plain; charset=no-such-charset" })
    void anUnsupportedMediaTypeIs415ProblemJson(String contentType) throws Exception {
        String body = contentType.startsWith("multipart")
                ? "--x\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nEV-1\r\n--x--\r\n"
                : "{\"name\":\"EV-1\"}";
        HttpResponse<String> response = post("/things", contentType, body);
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
        JsonNode problem = json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(415);
        assertThat(problem.path("title").asString()).isEqualTo("Unsupported Media Type");
        assertThat(response.body()).doesNotContain(contentType).doesNotContain("java.");
    }

    @ParameterizedTest
    @ValueSource(strings = { "garbage", "/", "application/", "application/json; charset=no-such-charset",
            "application/json; charset=\"", "application/json;;;", "a/b/c", "application/json; =x" })
    void aMalformedContentTypeIsNeverA5xxAndItsRefusalIsProblemJson(String contentType) throws Exception {
        String raw = raw("POST /things HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: "
                + contentType + "\r\nContent-Length: 15\r\n\r\n{\"name\":\"EV-1\"}");
        // Spring reads "application/json;;;" as JSON; everything else here is refused.
        assertThat(raw).matches("(?s)HTTP/1\\.1 (201|4\\d\\d) .*");
        if (raw.startsWith("HTTP/1.1 4")) {
            assertThat(raw.toLowerCase()).contains("content-type: application/problem+json");
        }
        assertThat(raw).doesNotContain("Exception", "java.", "<html");
    }

    @ParameterizedTest
    @ValueSource(strings = { "text/html", "application/xml" })
    void anUnacceptableAcceptStillGetsItsErrorsAsProblemJson(String accept) throws Exception {
        assertThat(get("/things/EV-1", accept).statusCode()).isEqualTo(406);
        HttpResponse<String> failed = get("/things/full", accept);
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
        assertThat(failed.body()).contains("urn:smart-grid:problem:grid-full");
    }

    /** A change whose answer would be unwanted is not made at all. */
    @ParameterizedTest
    @ValueSource(strings = { "text/html", "application/xml", "application/problem+json", "*/*;q=0", "garbage" })
    void aChangeWhoseAcceptExcludesJsonIs406BeforeItIsMade(String accept) throws Exception {
        int before = EdgeTestApplication.Things.created.get();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/things"))
                .header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"EV-1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(406);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
        assertThat(EdgeTestApplication.Things.created.get()).isEqualTo(before);
        for (String fine : new String[] { "application/json", "*/*", "application/*", "text/html, application/json;q=0.1" }) {
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(uri("/things"))
                    .header("Content-Type", "application/json").header("Accept", fine)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"EV-1\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(fine).isEqualTo(201);
        }
    }

    /**
     * A change refused before its body is read (an unwanted answer, no operator token) says that the connection
     * closes: the rest of the body may still be on its way, so the server closes the connection after the answer,
     * and a client that kept it alive would send its next request into a closed socket ("header parser received no
     * bytes").
     */
    @ParameterizedTest
    @ValueSource(strings = { "POST /things|Accept: text/html|406", "POST /operator/drain|Accept: */*|401" })
    void aChangeRefusedBeforeItsBodyIsReadSaysTheConnectionCloses(String call) throws Exception {
        String[] parts = call.split("\\|");
        String body = "{\"name\":\"EV-1\"}";
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            // The body is not sent: the refusal comes before it is read.
            String refused = RawHttp.exchange(socket, parts[0] + " HTTP/1.1\r\nHost: grid\r\n"
                    + "Content-Type: application/json\r\n" + parts[1] + "\r\nContent-Length: " + body.length()
                    + "\r\n\r\n");
            assertThat(refused).startsWith("HTTP/1.1 " + parts[2]).containsIgnoringCase("Connection: close")
                    .containsIgnoringCase("Content-Type: application/problem+json");
        }
    }

    /** Past the edge such a header would leave every answer, errors included, with an empty body. */
    @ParameterizedTest
    @ValueSource(strings = { "garbage", "text/*;q=x", "*/*;q=abc" })
    void aMalformedAcceptIs406ProblemJsonBeforeAnythingRuns(String accept) throws Exception {
        for (String path : new String[] { "/things/EV-1", "/things/full", "/nothing-here" }) {
            HttpResponse<String> response = get(path, accept);
            assertThat(response.statusCode()).as(path).isEqualTo(406);
            assertThat(response.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
            assertThat(json(response).path("title").asString()).isEqualTo("Not Acceptable");
        }
        String many = "text/x-a, ".repeat(300) + "text/x-b";
        assertThat(get("/things/EV-1", many).statusCode()).isIn(200, 406);
    }

    @Test
    void aProblemExceptionIsAnsweredAsItDescribesItselfWithItsHeaders() throws Exception {
        HttpResponse<String> response = get("/things/full", "application/json");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(response.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
        JsonNode problem = json(response);
        assertThat(problem.path("type").asString()).isEqualTo("urn:smart-grid:problem:grid-full");
        assertThat(problem.path("title").asString()).isEqualTo("Grid full");
        assertThat(problem.path("detail").asString()).isEqualTo("No room.");
    }

    @Test
    void anUnexpectedFailureIsA500WithoutItsMessage() throws Exception {
        HttpResponse<String> response = get("/things/boom", "application/json");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response).path("type").asString()).isEqualTo("urn:smart-grid:problem:internal");
        assertThat(response.body()).doesNotContain("secret", "org.example", "IllegalState");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "Bearer", "Bearer ", "Bearer wrong", "Basic czNjcmV0", "s3cret", "Bearer s3cretx",
            "Bearer S3CRET" })
    void anOperatorCallWithoutTheTokenIs401BeforeAnythingRuns(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/operator/drain"))
                .header("Content-Type", "multipart/form-data").POST(HttpRequest.BodyPublishers.noBody());
        if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(response.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
        assertThat(json(response).path("type").asString()).isEqualTo("urn:smart-grid:problem:unauthorized");
    }

    @Test
    void anOperatorCallWithTheTokenGoesThroughInAnySpellingOfBearer() throws Exception {
        for (String authorization : new String[] { "Bearer s3cret", "bearer s3cret", "BEARER  s3cret " }) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/operator/drain"))
                    .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(authorization).isEqualTo(200);
            assertThat(response.body()).isEqualTo("drained");
        }
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A JSON body of no declared length: sent without Content-Length. */
    private static RequestBody unknownLength(String json) {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return MediaType.get("application/json");
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.writeUtf8(json);
            }
        };
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JsonMapper.shared().readTree(response.body());
    }

    private static HttpRequest.BodyPublisher chunked(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        // An input-stream publisher has no known length, so the client sends it chunked.
        return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
    }

    /** A request sent as is: an HTTP client would refuse or re-encode these paths and headers. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The grid's own OkHttp client, on h2c or HTTP/1.1. */
    private static OkHttpClient gridClient(boolean h2c) {
        return GridHttpClient.okHttp(Duration.ofSeconds(1), Duration.ofSeconds(2), h2c);
    }

    private Response get(OkHttpClient client, String path) throws IOException {
        return client.newCall(new Request.Builder().url(uri(path).toURL()).build()).execute();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
