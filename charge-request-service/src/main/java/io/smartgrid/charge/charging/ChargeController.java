package io.smartgrid.charge.charging;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.validation.Valid;

import io.smartgrid.charge.client.SessionNotFoundException;
import io.smartgrid.charge.web.ChargeMetrics;
import io.smartgrid.charge.web.FieldMessage;
import io.smartgrid.charge.web.InvalidRequestException;
import io.smartgrid.charge.web.Outcome;

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
class ChargeController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    /** {@code <substationId>.<uuid>}; anything else cannot name a session and never reaches the balancer. */
    private static final Pattern SESSION_ID = Pattern.compile(
            "[a-z0-9][a-z0-9-]{0,31}\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** 1–128 printable ASCII characters, not only spaces. */
    private static final Pattern IDEMPOTENCY_KEY_FORMAT = Pattern.compile("(?=.*[!-~])[ -~]{1,128}");

    private final ChargeService charging;
    private final ChargeMetrics metrics;

    ChargeController(ChargeService charging, ChargeMetrics metrics) {
        this.charging = charging;
        this.metrics = metrics;
    }

    @PostMapping
    ResponseEntity<ChargeSession> start(@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @Valid @RequestBody ChargeRequest request) {
        if (idempotencyKey != null && !IDEMPOTENCY_KEY_FORMAT.matcher(idempotencyKey).matches()) {
            throw new InvalidRequestException(
                    List.of(new FieldMessage(IDEMPOTENCY_KEY, "must be 1 to 128 printable ASCII characters")));
        }
        IdempotencyStore.Result result = charging.start(request, idempotencyKey);
        metrics.record(result.replayed() ? Outcome.REPLAYED : Outcome.CREATED);
        ChargeSession session = ChargeSession.of(result.session());
        return ResponseEntity.created(location(session.sessionId())).body(session);
    }

    @GetMapping("/{sessionId}")
    ChargeSession get(@PathVariable String sessionId) {
        ChargeSession session = ChargeSession.of(charging.get(checked(sessionId)));
        metrics.record(Outcome.READ);
        return session;
    }

    @DeleteMapping("/{sessionId}")
    ChargeSession stop(@PathVariable String sessionId) {
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
