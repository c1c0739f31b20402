package io.smartgrid.balancer.registry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Checks the bearer token of operator calls. Without a configured token every such call is refused: an open
 * registration endpoint would let anyone put a substation of their own in front of real traffic.
 */
final class OperatorToken {

    static final URI UNAUTHORIZED = URI.create("urn:smart-grid:problem:unauthorized");

    private static final String BEARER = "Bearer ";

    private final byte[] expected;

    OperatorToken(String token) {
        this.expected = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** Passes quietly for the right token, else throws a 401 problem. */
    void check(String authorization) {
        if (expected == null || authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw unauthorized();
        }
        byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        // Constant time, so that the answer's timing does not reveal how much of the token was right.
        if (!MessageDigest.isEqual(expected, presented)) {
            throw unauthorized();
        }
    }

    private static ErrorResponseException unauthorized() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                "This call needs the operators' token as 'Authorization: Bearer <token>'.");
        problem.setType(UNAUTHORIZED);
        problem.setTitle("Unauthorized");
        ErrorResponseException refusal = new ErrorResponseException(HttpStatus.UNAUTHORIZED, problem, null);
        refusal.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return refusal;
    }
}
