package io.smartgrid.substation;

import io.smartgrid.http.edge.OperatorToken;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The operators' calls, {@code /drain} and the fault simulator's {@code /admin/**}, need the operators' token:
 * without it they get a 401 problem before anything else happens.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OperatorToken.class)
class OperatorAccess {

    @Bean
    FilterRegistrationBean<?> operatorGuard(OperatorToken token) {
        return token.guard("/drain", "/drain/*", "/admin/*");
    }
}
