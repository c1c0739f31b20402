package io.smartgrid.charge.charging;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.smartgrid.http.edge.InvalidField;
import io.smartgrid.http.edge.ProblemType;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The public API's OpenAPI description ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui.html}): its title,
 * and the problem document that every error answers with. The operations are described on {@link ChargeController}.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "Smart Grid charge requests", version = "1", description = """
        Start, read and stop the charging of electric vehicles. Every request lands on the substation with the most \
        headroom right now; no substation is ever pushed past its capacity. Every error is \
        application/problem+json (RFC 9457) with a stable type."""))
class ApiDocumentation {

    static final String PROBLEM_JSON = "application/problem+json";

    /** The problem types this service answers with; their URIs are written in {@link ProblemType} only. */
    private static final List<ProblemType> ANSWERED = List.of(ProblemType.INVALID_REQUEST,
            ProblemType.SESSION_NOT_FOUND, ProblemType.PAYLOAD_TOO_LARGE, ProblemType.IDEMPOTENCY_KEY_REUSED,
            ProblemType.IDEMPOTENCY_KEY_IN_PROGRESS, ProblemType.GRID_FULL, ProblemType.GRID_UNAVAILABLE, ProblemType.INTERNAL);

    /** Lists the problem types as the values of {@code Problem.type}. */
    @Bean
    @SuppressWarnings({ "rawtypes", "unchecked" })
    OpenApiCustomizer problemTypes() {
        return openApi -> {
            io.swagger.v3.oas.models.media.Schema problem = openApi.getComponents().getSchemas().get("Problem");
            if (problem == null || problem.getProperties() == null) {
                return;
            }
            List<Object> types = new ArrayList<>();
            ANSWERED.forEach(type -> types.add(type.uri().toString()));
            types.add("about:blank");
            ((io.swagger.v3.oas.models.media.Schema) problem.getProperties().get("type")).setEnum(types);
        };
    }

    /** An error answer (RFC 9457), as documented; the answers themselves are Spring's {@code ProblemDetail}. */
    @Schema(name = "Problem", description = "An error (RFC 9457). Clients switch on type, never on detail.")
    record Problem(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "The stable problem type; about:blank for a bare status (405, 406, 415)")
            URI type,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Invalid request") String title,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "400") int status,
            @Schema(description = "For people; never an exception message") String detail,
            @Schema(description = "The request path") URI instance,
            @Schema(description = "invalid-request: every offending field") List<InvalidField> errors,
            @Schema(description = "grid-full, grid-unavailable and idempotency-key-in-progress: the Retry-After "
                    + "header's seconds")
            Long retryAfterSeconds) {
    }
}
