package io.smartgrid.balancer.registry;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses operator calls without the right token before their body is read, so that an outsider learns nothing
 * from validation errors either.
 */
final class OperatorTokenInterceptor implements HandlerInterceptor {

    private final OperatorToken token;

    OperatorTokenInterceptor(OperatorToken token) {
        this.token = token;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        token.check(request.getHeader(HttpHeaders.AUTHORIZATION));
        return true;
    }
}
