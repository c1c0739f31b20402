package io.smartgrid.http.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * The problem document for a bare status, for errors found outside the controllers (by Jetty, or by a filter):
 * fixed texts only, so nothing a caller sent and nothing internal is ever echoed.
 */
public final class StatusProblems {

    /** The {@code Retry-After} of a bare 503: typically the replica is stopping, and another one can take it now. */
    static final String RETRY_AFTER_SECONDS = "1";

    private StatusProblems() {
    }

    /**
     * Writes the problem of {@code status} (a 5xx other than 503 as a plain 500) from a filter or the error page,
     * where no converter is at hand.
     */
    public static void write(HttpServletResponse response, int status) throws IOException {
        int sanitised = sanitised(status);
        byte[] body = json(sanitised).getBytes(StandardCharsets.UTF_8);
        response.setStatus(sanitised);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        if (sanitised == 503) {
            response.setHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        response.getOutputStream().write(body);
    }

    /**
     * Writes the problem of {@code status} for a request refused before its body was read. On HTTP/1.1 the rest of
     * the body may still be on its way, and the server closes the connection after the answer rather than wait for
     * it; the answer says so ({@code Connection: close}), so that a client keeping connections alive does not send
     * its next request into a closed socket. (HTTP/2 has no such header: the server resets the one stream instead.)
     */
    static void writeBeforeTheBody(HttpServletRequest request, HttpServletResponse response, int status)
            throws IOException {
        boolean body = request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        if (body && !http2(request)) {
            response.setHeader(HttpHeaders.CONNECTION, "close");
        }
        write(response, status);
    }

    /** Whether {@code request} came over HTTP/2, which has no {@code Connection} header. */
    static boolean http2(HttpServletRequest request) {
        return request.getProtocol().startsWith("HTTP/2");
    }

    static String json(int status) {
        return switch (status) {
            case 400 -> json(ProblemType.INVALID_REQUEST, "The request could not be read.",
                    ",\"errors\":[{\"field\":\"request\",\"message\":\"is malformed\"}]");
            case 401 -> json(ProblemType.UNAUTHORIZED, "This call needs the operator token: Authorization: Bearer <token>.",
                    "");
            case 404 -> """
                    {"type":"about:blank","title":"Not Found","status":404,"detail":"Nothing is here."}""";
            case 413 -> json(ProblemType.PAYLOAD_TOO_LARGE, "The request body is too large.",
                    ",\"errors\":[{\"field\":\"body\",\"message\":\"is too large\"}]");
            case 503 -> json(ProblemType.GRID_UNAVAILABLE,
                    "This replica cannot take the request now (it may be stopping); send it again.", "");
            default -> status >= 500 ? json(ProblemType.INTERNAL, "The request could not be processed.", "")
                    : generic(status);
        };
    }

    /** Every 5xx but 503, which says only "not now, try again", is a plain 500. */
    static int sanitised(int status) {
        return status >= 500 && status != 503 ? 500 : status;
    }

    /** Only constants go in here, so nothing needs escaping. */
    private static String json(ProblemType type, String detail, String more) {
        return "{\"type\":\"" + type.uri() + "\",\"title\":\"" + type.title() + "\",\"status\":" + type.status().value()
                + ",\"detail\":\"" + detail + "\"" + more + "}";
    }

    private static String generic(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known != null ? known.getReasonPhrase() : "Client error";
        return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + "}";
    }
}
