package io.smartgrid.http.edge;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/**
 * What every service of the grid does before its controllers do, the same way: bodies over
 * {@code grid.http.max-body-size} refused with {@code 413} before anything parses them, an {@code Accept} header that
 * cannot be parsed (or, on a change, excludes JSON) refused with {@code 406}, and every error raised outside
 * the controllers (by Jetty, a filter, or an unmapped path) answered as {@code application/problem+json} with fixed
 * texts, never an HTML page or a stack trace. On Jetty, the grid's server, the same port speaks HTTP/1.1 and cleartext
 * HTTP/2 by prior knowledge ({@link JettyConfiguration}). Applied to a servlet web application by depending on this
 * module.
 */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(HttpLimits.class)
@Import(JettyConfiguration.class)
public class HttpEdgeAutoConfiguration {

    /** The body size limit in front of everything else, so that no oversized body is ever parsed. */
    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(HttpLimits limits) {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(limits));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Right after the body limit: an Accept header that cannot be parsed, or that refuses the JSON a change answers. */
    @Bean
    FilterRegistrationBean<AcceptFilter> acceptFilter() {
        FilterRegistrationBean<AcceptFilter> registration =
                new FilterRegistrationBean<>(new AcceptFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** Declared before Spring Boot's error page is, which then steps aside. */
    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }
}
