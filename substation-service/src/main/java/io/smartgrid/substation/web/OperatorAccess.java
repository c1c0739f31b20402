package io.smartgrid.substation.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.smartgrid.substation.registration.OperatorToken;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Refuses {@code /drain} without the operators' token, as a 401 problem, before anything else happens. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OperatorToken.class)
class OperatorAccess implements WebMvcConfigurer {

    private final OperatorToken token;

    OperatorAccess(OperatorToken token) {
        this.token = token;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                if (!token.admits(request.getHeader(HttpHeaders.AUTHORIZATION))) {
                    throw unauthorized();
                }
                return true;
            }
        }).addPathPatterns("/drain", "/drain/**");
    }

    private static ErrorResponseException unauthorized() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                "This call needs the operators' token as 'Authorization: Bearer <token>'.");
        problem.setType(Problems.UNAUTHORIZED);
        problem.setTitle("Unauthorized");
        ErrorResponseException refusal = new ErrorResponseException(HttpStatus.UNAUTHORIZED, problem, null);
        refusal.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return refusal;
    }
}
