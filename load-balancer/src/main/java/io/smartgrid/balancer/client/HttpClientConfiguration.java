package io.smartgrid.balancer.client;

import io.smartgrid.http.LeanHttpClient;
import org.springframework.cloud.openfeign.clientconfig.HttpClient5FeignConfiguration.HttpClientBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The pooled HttpClient 5 under the substation client: no automatic retries (a substation that refuses is the
 * balancer's cue to try another one at once), nothing a call to a substation never needs; see {@link LeanHttpClient}.
 */
@Configuration(proxyBeanMethods = false)
class HttpClientConfiguration {

    @Bean
    HttpClientBuilderCustomizer leanHttpClient() {
        return LeanHttpClient::customize;
    }
}
