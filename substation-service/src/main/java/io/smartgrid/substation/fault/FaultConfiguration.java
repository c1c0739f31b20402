package io.smartgrid.substation.fault;

import io.smartgrid.substation.registration.OperatorToken;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Registers the operator and fault filters. Declared here rather than as components so that web slice tests of
 * the session API run without the fault machinery.
 */
@Configuration(proxyBeanMethods = false)
class FaultConfiguration {

    @Bean
    FilterRegistrationBean<OperatorFilter> operatorFilter(OperatorToken token) {
        FilterRegistrationBean<OperatorFilter> registration = new FilterRegistrationBean<>(new OperatorFilter(token));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<FaultFilter> faultFilter(Faults faults) {
        FilterRegistrationBean<FaultFilter> registration = new FilterRegistrationBean<>(new FaultFilter(faults));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }
}
