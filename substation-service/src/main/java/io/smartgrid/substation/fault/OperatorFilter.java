package io.smartgrid.substation.fault;

import io.smartgrid.substation.registration.OperatorToken;
import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses every operator call ({@code /admin/**}) without the operator token, before its body is even read, so
 * that an unauthorised caller learns nothing about what a valid body would be.
 */
class OperatorFilter extends OncePerRequestFilter {

    private static final String UNAUTHORIZED = """
            {"type":"urn:smart-grid:problem:unauthorized","title":"Unauthorized","status":401,\
            "detail":"Operator calls need the operator token: Authorization: Bearer <token>."}""";

    private final OperatorToken token;

    OperatorFilter(OperatorToken token) {
        this.token = token;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.equals("/admin") || path.startsWith("/admin/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (token.admits(request.getHeader(HttpHeaders.AUTHORIZATION))) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        Problem.write(response, HttpServletResponse.SC_UNAUTHORIZED, UNAUTHORIZED);
    }
}
