package io.smartgrid.charge.charging;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.validation.Valid;

import io.smartgrid.charge.client.SessionNotFoundException;
import io.smartgrid.http.edge.InvalidField;
import io.smartgrid.http.edge.InvalidRequestException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** The public charging API: {@code POST /charge}, {@code GET} and {@code DELETE /charge/{sessionId}}. */
@RestController
@RequestMapping("/charge")
@Tag(name = "charging", description = "Charging sessions of electric vehicles")
@ApiResponse(responseCode = "503", description = "No substation has headroom (grid-full) or none is reachable "
        + "(grid-unavailable): try again after Retry-After seconds",
        headers = @Header(name = "Retry-After", description = "Seconds to wait before trying again", required = true,
                schema = @Schema(type = "integer", minimum = "1")),
        content = @Content(mediaType = ApiDocumentation.PROBLEM_JSON,
                schema = @Schema(implementation = ApiDocumentation.Problem.class)))
class ChargeController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** RFC 7240: {@code Prefer: respond-async} asks to wait on a waitlist rather than be refused. */
    static final String PREFER = "Prefer";
    static final String PREFERENCE_APPLIED = "Preference-Applied";
    static final String RESPOND_ASYNC = "respond-async";

    /** {@code <substationId>.<uuid>}; anything else cannot name a session and never reaches the balancer. */
    private static final Pattern SESSION_ID = Pattern.compile(
            "[a-z0-9][a-z0-9-]{0,31}\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private static final String SESSION_ID_DESCRIPTION = "<substationId>.<uuid>, as the Location of its start";

    /** 1–128 printable ASCII characters, not only spaces. */
    private static final Pattern IDEMPOTENCY_KEY_FORMAT = Pattern.compile("(?=.*[!-~])[ -~]{1,128}");

    private final ChargeService charging;
    private final ChargeMetrics metrics;

    ChargeController(ChargeService charging, ChargeMetrics metrics) {
        this.charging = charging;
        this.metrics = metrics;
    }

    @PostMapping
    @Operation(summary = "Start charging", description = "Places the car on the substation with the most headroom.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ChargeRequest.class))))
    @ApiResponse(responseCode = "201", description = "Charging: the session, at the Location given",
            headers = @Header(name = "Location", description = "/charge/{sessionId}", required = true,
                    schema = @Schema(type = "string", format = "uri-reference")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ChargeSession.class)))
    @ApiResponse(responseCode = "202", description = "Waiting (only with Prefer: respond-async): no substation has "
            + "room for the car's minimum now, so it waits on the waitlist of the one whose power should free up "
            + "first, and starts by itself once its minimum fits; the session, status WAITING with its position and "
            + "estimatedStartAt, at the Location given",
            headers = {
                    @Header(name = "Location", description = "/charge/{sessionId}", required = true,
                            schema = @Schema(type = "string", format = "uri-reference")),
                    @Header(name = "Preference-Applied", description = "respond-async", required = true,
                            schema = @Schema(type = "string")) },
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ChargeSession.class)))
    @ApiResponse(responseCode = "400", description = "Invalid input (invalid-request): errors names every field",
            content = @Content(mediaType = ApiDocumentation.PROBLEM_JSON,
                    schema = @Schema(implementation = ApiDocumentation.Problem.class)))
    @ApiResponse(responseCode = "413", description = "The body is over the size limit (payload-too-large)",
            content = @Content(mediaType = ApiDocumentation.PROBLEM_JSON,
                    schema = @Schema(implementation = ApiDocumentation.Problem.class)))
    @ApiResponse(responseCode = "415", description = "The body is not application/json (multipart and forms included)",
            content = @Content(mediaType = ApiDocumentation.PROBLEM_JSON,
                    schema = @Schema(implementation = ApiDocumentation.Problem.class)))
    @ApiResponse(responseCode = "409", description = "A request with this Idempotency-Key is still being served "
            + "(idempotency-key-in-progress): try again after Retry-After seconds",
            headers = @Header(name = "Retry-After", description = "Seconds to wait before trying again", required = true,
                    schema = @Schema(type = "integer", minimum = "1")),
            content = @Content(mediaType = ApiDocumentation.PROBLEM_JSON,
                    schema = @Schema(implementation = ApiDocumentation.Problem.class)))
    @ApiResponse(responseCode = "422", description = "This Idempotency-Key was used for a different request "
            + "(idempotency-key-reused)", content = @Content(mediaType = ApiDocumentation.PROBLEM_JSON,
                    schema = @Schema(implementation = ApiDocumentation.Problem.class)))
    ResponseEntity<ChargeSession> start(
            @Parameter(in = ParameterIn.HEADER, description = "The same key returns the same session, never a "
                    + "second one", schema = @Schema(type = "string", minLength = 1, maxLength = 128,
                            pattern = "^(?=.*[!-~])[ -~]{1,128}$"))
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @Parameter(in = ParameterIn.HEADER, description = "respond-async (RFC 7240): when no substation has room "
                    + "for the car's minimum, wait on a waitlist (202) instead of 503", schema = @Schema(
                            type = "string", example = RESPOND_ASYNC))
            @RequestHeader(name = PREFER, required = false) List<String> prefer,
            @Valid @RequestBody ChargeRequest request) {
        if (idempotencyKey != null && !IDEMPOTENCY_KEY_FORMAT.matcher(idempotencyKey).matches()) {
            throw new InvalidRequestException(
                    List.of(new InvalidField(IDEMPOTENCY_KEY, "must be 1 to 128 printable ASCII characters")));
        }
        IdempotencyStore.Result result = charging.start(request, idempotencyKey, respondAsync(prefer));
        metrics.record(result.replayed() ? Outcome.REPLAYED
                : result.session().waiting() ? Outcome.WAITING : Outcome.CREATED);
        ChargeSession session = ChargeSession.of(result.session());
        if (result.session().waiting()) {
            return ResponseEntity.accepted().location(location(session.sessionId()))
                    .header(PREFERENCE_APPLIED, RESPOND_ASYNC).body(session);
        }
        return ResponseEntity.created(location(session.sessionId())).body(session);
    }

    /**
     * Whether a {@code Prefer} header (RFC 7240) asks for {@code respond-async}: the preference names are
     * case-insensitive, and a header may carry several, separated by commas, each with parameters after a ';'.
     */
    static boolean respondAsync(List<String> prefer) {
        if (prefer == null) {
            return false;
        }
        for (String header : prefer) {
            for (String preference : header.split(",")) {
                String name = preference.split(";", 2)[0].split("=", 2)[0].strip();
                if (name.equalsIgnoreCase(RESPOND_ASYNC)) {
                    return true;
                }
            }
        }
        return false;
    }

    @GetMapping("/{sessionId}")
    @Operation(summary = "Read a session", description = "Its status and the energy delivered so far.")
    @ApiResponse(responseCode = "200", description = "The session", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ChargeSession.class)))
    @ApiResponse(responseCode = "404", description = "No session has this id (session-not-found)",
            content = @Content(mediaType = ApiDocumentation.PROBLEM_JSON,
                    schema = @Schema(implementation = ApiDocumentation.Problem.class)))
    ChargeSession get(@Parameter(description = SESSION_ID_DESCRIPTION) @PathVariable String sessionId) {
        ChargeSession session = ChargeSession.of(charging.get(checked(sessionId)));
        metrics.record(Outcome.READ);
        return session;
    }

    @DeleteMapping("/{sessionId}")
    @Operation(summary = "Stop charging", description = "Releases the load; answers the final session.")
    @ApiResponse(responseCode = "200", description = "The final session", content = @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ChargeSession.class)))
    @ApiResponse(responseCode = "404", description = "No session has this id (session-not-found)",
            content = @Content(mediaType = ApiDocumentation.PROBLEM_JSON,
                    schema = @Schema(implementation = ApiDocumentation.Problem.class)))
    ChargeSession stop(@Parameter(description = SESSION_ID_DESCRIPTION) @PathVariable String sessionId) {
        ChargeSession session = ChargeSession.of(charging.stop(checked(sessionId)));
        metrics.record(Outcome.STOPPED);
        return session;
    }

    private static String checked(String sessionId) {
        if (!SESSION_ID.matcher(sessionId).matches()) {
            throw new SessionNotFoundException();
        }
        return sessionId;
    }

    private static URI location(String sessionId) {
        return UriComponentsBuilder.fromPath("/charge/{sessionId}").buildAndExpand(sessionId).encode().toUri();
    }
}
