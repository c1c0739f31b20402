package io.smartgrid.balancer.client;

import feign.Client;
import io.smartgrid.balancer.BalancerProperties;
import io.smartgrid.http.GridHttpClient;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * OkHttp under the substation client, on cleartext HTTP/2 (one multiplexed connection per substation), with the
 * timeouts of {@code grid.balancer.*} and no retries of its own: a substation that refuses is the balancer's cue to
 * try another one at once. See {@link GridHttpClient}.
 */
@Configuration(proxyBeanMethods = false)
class HttpClientConfiguration {

    @Bean
    Client substationHttpClient(BalancerProperties properties, @Value(GridHttpClient.H2C) boolean h2c) {
        return GridHttpClient.feign(properties.connectTimeout(), properties.readTimeout(), h2c);
    }
}
