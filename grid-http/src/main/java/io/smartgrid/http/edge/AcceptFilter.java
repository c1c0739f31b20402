package io.smartgrid.http.edge;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses with {@code 406} problem+json, before anything runs, an {@code Accept} header that Spring MVC cannot parse
 * (garbage, a broken quality, too many types): past this point it makes every answer, errors included, unwritable,
 * and the caller gets a bare status with an empty body. A call that changes something ({@code POST}, {@code PUT},
 * {@code PATCH}, {@code DELETE}) whose {@code Accept} excludes JSON is refused the same way: every such call of the
 * grid answers JSON, and it must not start or stop anything only to find its answer unwanted.
 */
class AcceptFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final HeaderContentNegotiationStrategy negotiation = new HeaderContentNegotiationStrategy();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getHeader(HttpHeaders.ACCEPT) != null && !acceptable(request)) {
            StatusProblems.writeBeforeTheBody(request, response, HttpServletResponse.SC_NOT_ACCEPTABLE);
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean acceptable(HttpServletRequest request) {
        List<MediaType> accepted;
        try {
            accepted = negotiation.resolveMediaTypes(new ServletWebRequest(request));
        }
        catch (HttpMediaTypeNotAcceptableException ex) {
            return false;
        }
        return SAFE.contains(request.getMethod()) || accepted.stream()
                .anyMatch(type -> type.getQualityValue() > 0 && type.isCompatibleWith(MediaType.APPLICATION_JSON));
    }
}
