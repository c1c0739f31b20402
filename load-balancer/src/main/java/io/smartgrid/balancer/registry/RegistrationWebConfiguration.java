package io.smartgrid.balancer.registry;

import io.smartgrid.http.edge.OperatorToken;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Guards the registration API with the operators' token, checked before any body is read. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OperatorToken.class)
class RegistrationWebConfiguration {

    @Bean
    FilterRegistrationBean<?> registrationGuard(OperatorToken token) {
        return token.guard("/registrations", "/registrations/*");
    }
}
