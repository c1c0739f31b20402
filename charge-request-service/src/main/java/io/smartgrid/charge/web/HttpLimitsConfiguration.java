package io.smartgrid.charge.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts the body size limit in front of everything else, so that no oversized body is ever parsed. */
@Configuration(proxyBeanMethods = false)
class HttpLimitsConfiguration {

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(HttpLimits limits) {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(limits));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
