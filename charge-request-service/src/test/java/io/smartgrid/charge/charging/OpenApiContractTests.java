package io.smartgrid.charge.charging;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.smartgrid.charge.ChargeRequestApplication;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description that the service serves at {@code /v3/api-docs}, against the public contract of
 * {@code shared/DESIGN.md}: the same paths and methods, every status the design names (with Location and
 * Retry-After), the request fields with their ranges and defaults, and the session's fields and states.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + ChargeRequestApplication.NAME)
class OpenApiContractTests {

    private static final String PROBLEM_JSON = "application/problem+json";

    private static PublicContract contract;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void readDesign() {
        contract = PublicContract.read(PublicContract.designFile());
        // The parse itself is checked, so that a reworded design cannot make this test pass by finding nothing.
        assertThat(contract.endpoints()).containsExactly("POST /charge", "GET /charge/{sessionId}",
                "DELETE /charge/{sessionId}");
        assertThat(contract.requestFields()).containsExactly("vehicleId", "powerKw", "energyKwh");
        assertThat(contract.errorStatuses()).contains(400, 404, 415, 503);
    }

    @Test
    void everyPathAndMethodOfTheDesignIsDescribedAndNothingElse() throws Exception {
        JsonNode paths = apiDocs().path("paths");
        Set<String> described = new LinkedHashSet<>();
        paths.propertyNames().forEach(path -> paths.path(path).propertyNames()
                .forEach(method -> described.add(method.toUpperCase() + " " + path)));
        assertThat(described).containsExactlyInAnyOrderElementsOf(contract.endpoints());
    }

    @Test
    void everyStatusOfTheDesignIsDescribedWithItsHeadersAndProblemErrors() throws Exception {
        JsonNode docs = apiDocs();
        for (Map.Entry<String, Set<Integer>> endpoint : contract.statuses().entrySet()) {
            JsonNode responses = operation(docs, endpoint.getKey()).path("responses");
            for (int status : endpoint.getValue()) {
                assertThat(responses.has(Integer.toString(status))).as("%s answers %d", endpoint.getKey(), status)
                        .isTrue();
                if (status < 300) {
                    assertThat(responses.path(Integer.toString(status)).path("content").has("application/json"))
                            .as("%s %d is JSON", endpoint.getKey(), status).isTrue();
                }
            }
        }
        JsonNode created = operation(docs, "POST /charge").path("responses").path("201");
        assertThat(contract.locationTemplate()).isEqualTo("/charge/{sessionId}");
        assertThat(created.path("headers").has("Location")).isTrue();

        // Errors: 400 and 415 are about a body, 404 about a session id, 503 may answer any call.
        Map<Integer, Set<String>> errorsOn = Map.of(400, Set.of("POST /charge"), 415, Set.of("POST /charge"),
                404, Set.of("GET /charge/{sessionId}", "DELETE /charge/{sessionId}"), 503, contract.statuses().keySet());
        assertThat(errorsOn.keySet()).containsExactlyInAnyOrderElementsOf(contract.errorStatuses());
        errorsOn.forEach((status, endpoints) -> endpoints.forEach(endpoint -> {
            JsonNode response = operation(docs, endpoint).path("responses").path(Integer.toString(status));
            assertThat(response.isMissingNode()).as("%s answers %d", endpoint, status).isFalse();
            JsonNode schema = resolve(docs, response.path("content").path(PROBLEM_JSON).path("schema"));
            assertThat(schema.path("properties").propertyNames()).as("%s %d is problem+json", endpoint, status)
                    .contains("type", "title", "status", "detail");
            if (status == 503) {
                assertThat(response.path("headers").has("Retry-After")).as("%s 503 has Retry-After", endpoint)
                        .isTrue();
            }
        }));
        JsonNode problem = docs.path("components").path("schemas").path("Problem").path("properties");
        assertThat(problem.path("type").path("enum").valueStream().map(JsonNode::asString)).contains(
                "urn:smart-grid:problem:invalid-request", "urn:smart-grid:problem:session-not-found",
                "urn:smart-grid:problem:grid-full", "urn:smart-grid:problem:grid-unavailable");
        assertThat(problem.has("errors")).isTrue();
    }

    @Test
    void theRequestBodyHasTheDesignsFieldsRangesAndDefaults() throws Exception {
        JsonNode docs = apiDocs();
        JsonNode post = operation(docs, "POST /charge");
        JsonNode schema = resolve(docs, post.path("requestBody").path("content").path("application/json").path("schema"));
        // The design's fields, and power sharing's (its own row of the design): minPowerKw and departureAt.
        assertThat(contract.sharingFields()).containsExactly("minPowerKw", "departureAt");
        Set<String> fields = new LinkedHashSet<>(contract.requestFields());
        fields.addAll(contract.sharingFields());
        assertThat(schema.path("properties").propertyNames()).containsExactlyInAnyOrderElementsOf(fields);
        Set<String> required = new LinkedHashSet<>();
        schema.path("required").forEach(name -> required.add(name.asString()));
        assertThat(required).doesNotContainAnyElementsOf(contract.sharingFields());
        contract.fields().forEach((name, field) -> {
            JsonNode property = schema.path("properties").path(name);
            assertThat(required.contains(name)).as("%s required", name).isEqualTo(field.required());
            if (field.minimum() != null) {
                assertThat(property.path("minimum").asDouble()).as("%s minimum", name).isEqualTo(field.minimum());
                assertThat(property.path("maximum").asDouble()).as("%s maximum", name).isEqualTo(field.maximum());
            }
            if (field.defaultValue() != null) {
                assertThat(property.path("default").asDouble()).as("%s default", name).isEqualTo(field.defaultValue());
            }
            if (field.maxLength() != null) {
                assertThat(property.path("minLength").asInt()).as("%s minLength", name).isEqualTo(field.minLength());
                assertThat(property.path("maxLength").asInt()).as("%s maxLength", name).isEqualTo(field.maxLength());
                assertThat(property.path("pattern").asString()).as("%s pattern", name)
                        .contains("[" + field.characters() + "]");
            }
        });
        assertThat(contract.fields()).containsOnlyKeys(contract.requestFields());

        JsonNode idempotency = null;
        for (JsonNode parameter : post.path("parameters")) {
            if (parameter.path("name").asString().equals(contract.idempotencyHeader())) {
                idempotency = parameter;
            }
        }
        assertThat(idempotency).as("header %s", contract.idempotencyHeader()).isNotNull();
        assertThat(idempotency.path("in").asString()).isEqualTo("header");
        assertThat(idempotency.path("required").asBoolean(false)).isFalse();
    }

    @Test
    void theSessionHasTheDesignsFieldsAndStates() throws Exception {
        JsonNode docs = apiDocs();
        for (String endpoint : contract.endpoints()) {
            JsonNode success = operation(docs, endpoint).path("responses")
                    .path(endpoint.startsWith("POST") ? "201" : "200");
            JsonNode session = resolve(docs, success.path("content").path("application/json").path("schema"));
            assertThat(session.path("properties").propertyNames()).as(endpoint)
                    .containsAll(contract.sessionFields());
            assertThat(session.path("properties").path("status").path("enum").valueStream().map(JsonNode::asString))
                    .containsExactlyInAnyOrderElementsOf(contract.sessionStatuses());
        }
        assertThat(contract.sessionFields()).contains("sessionId", "status", "startedAt", "deliveredKwh");
    }

    @Test
    void swaggerUiIsServedFromItsWebjarAndPointsAtThisService() throws Exception {
        HttpResponse<String> page = get("/swagger-ui/index.html");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
        assertThat(get("/swagger-ui/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
        // The webjar's own initializer loads the Petstore example from the network; springdoc's points here.
        HttpResponse<String> initializer = get("/swagger-ui/swagger-initializer.js");
        assertThat(initializer.statusCode()).isEqualTo(200);
        assertThat(initializer.body()).contains("/v3/api-docs/swagger-config").doesNotContain("petstore", "https://");
        HttpResponse<String> redirect = get("/swagger-ui.html");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).contains("/swagger-ui/index.html"));
        JsonNode config = JsonMapper.shared().readTree(get("/v3/api-docs/swagger-config").body());
        assertThat(config.path("url").asString()).isEqualTo("/v3/api-docs");
        assertThat(config.path("validatorUrl").asString("none")).isEqualTo("none");
    }

    private JsonNode apiDocs() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs");
        assertThat(response.statusCode()).isEqualTo(200);
        return JsonMapper.shared().readTree(response.body());
    }

    private static JsonNode operation(JsonNode docs, String endpoint) {
        String[] parts = endpoint.split(" ", 2);
        JsonNode operation = docs.path("paths").path(parts[1]).path(parts[0].toLowerCase());
        assertThat(operation.isMissingNode()).as(endpoint).isFalse();
        return operation;
    }

    private static JsonNode resolve(JsonNode docs, JsonNode schema) {
        String ref = schema.path("$ref").asString("");
        return ref.isEmpty() ? schema
                : docs.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
