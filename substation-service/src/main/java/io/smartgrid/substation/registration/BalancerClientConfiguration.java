package io.smartgrid.substation.registration;

import java.util.concurrent.TimeUnit;

import feign.Request;
import feign.RequestInterceptor;
import feign.Retryer;
import io.smartgrid.http.edge.OperatorToken;

import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;

/**
 * Feign settings of the balancer client only (deliberately not a {@code @Configuration}, so that they stay in the
 * client's own context). The registrar retries on its own schedule, so Feign never retries.
 */
class BalancerClientConfiguration {

    @Bean
    Request.Options balancerOptions(RegistrationProperties properties) {
        return new Request.Options(properties.connectTimeout().toMillis(), TimeUnit.MILLISECONDS,
                properties.readTimeout().toMillis(), TimeUnit.MILLISECONDS, false);
    }

    @Bean
    RequestInterceptor operatorToken(OperatorToken token) {
        return template -> template.header(HttpHeaders.AUTHORIZATION, token.authorization());
    }

    @Bean
    Retryer balancerRetryer() {
        return Retryer.NEVER_RETRY;
    }
}
