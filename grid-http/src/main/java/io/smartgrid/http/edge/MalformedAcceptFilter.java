package io.smartgrid.http.edge;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses an {@code Accept} header that Spring MVC cannot parse (garbage, a broken quality, too many types) with
 * {@code 406} problem+json. Past this point such a header makes every answer, errors included, unwritable: the caller
 * would get a bare status with an empty body.
 */
class MalformedAcceptFilter extends OncePerRequestFilter {

    private final HeaderContentNegotiationStrategy negotiation = new HeaderContentNegotiationStrategy();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getHeader(HttpHeaders.ACCEPT) != null) {
            try {
                negotiation.resolveMediaTypes(new ServletWebRequest(request));
            }
            catch (HttpMediaTypeNotAcceptableException ex) {
                StatusProblems.write(response, HttpServletResponse.SC_NOT_ACCEPTABLE);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
