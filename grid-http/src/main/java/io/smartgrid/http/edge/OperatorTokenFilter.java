package io.smartgrid.http.edge;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/** The one check of the operators' bearer token: see {@link OperatorToken#guard(String...)}. */
final class OperatorTokenFilter extends OncePerRequestFilter {

    private final OperatorToken token;

    OperatorTokenFilter(OperatorToken token) {
        this.token = token;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (token.admits(request.getHeader(HttpHeaders.AUTHORIZATION))) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        StatusProblems.writeBeforeTheBody(request, response, HttpServletResponse.SC_UNAUTHORIZED);
    }
}
