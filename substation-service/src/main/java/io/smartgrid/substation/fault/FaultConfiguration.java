package io.smartgrid.substation.fault;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Registers the fault filter (the operators' token guarding {@code /admin/**} is checked before it). Declared here rather than as components so that web slice tests of
 * the session API run without the fault machinery.
 */
@Configuration(proxyBeanMethods = false)
class FaultConfiguration {

    @Bean
    FilterRegistrationBean<FaultFilter> faultFilter(Faults faults) {
        FilterRegistrationBean<FaultFilter> registration = new FilterRegistrationBean<>(new FaultFilter(faults));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
