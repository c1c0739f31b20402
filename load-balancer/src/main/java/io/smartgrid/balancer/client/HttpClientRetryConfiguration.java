package io.smartgrid.balancer.client;

import org.springframework.cloud.openfeign.clientconfig.HttpClient5FeignConfiguration.HttpClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * HttpClient 5 on its own retries a 503 once after sleeping for its {@code Retry-After}, even a
 * POST. A substation that refuses is the balancer's cue to try another one at once, so the pooled
 * client never retries by itself.
 */
@Configuration(proxyBeanMethods = false)
class HttpClientRetryConfiguration {

    @Bean
    HttpClientBuilderCustomizer noAutomaticRetries() {
        return builder -> builder.disableAutomaticRetries();
    }
}
