package io.smartgrid.charge.client;

import io.smartgrid.charge.ChargeProperties;
import io.smartgrid.http.LeanHttpClient;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.core5.util.Timeout;

import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.clientconfig.HttpClient5FeignConfiguration.HttpClientBuilderCustomizer;
import org.springframework.cloud.openfeign.clientconfig.HttpClient5FeignConfiguration.HttpClientConnectionManagerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the balancer's Feign client on the pooled Apache HttpClient 5, load-balanced over the balancer replicas
 * by Spring Cloud LoadBalancer with this service's own choice of replica.
 */
@Configuration(proxyBeanMethods = false)
@EnableFeignClients(clients = BalancerApi.class)
@LoadBalancerClient(name = BalancerReplicas.SERVICE_ID, configuration = ReplicaLoadBalancerConfiguration.class)
class ClientConfiguration {

    /**
     * The pool's own connect and socket timeouts. Feign sets them per request as well; these make
     * sure a connection is never opened or read without a limit, whatever path opens it.
     */
    @Bean
    HttpClientConnectionManagerBuilderCustomizer balancerConnectionTimeouts(ChargeProperties properties) {
        ConnectionConfig config = ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(properties.connectTimeout()))
                .setSocketTimeout(Timeout.of(properties.readTimeout()))
                .build();
        return builder -> builder.setDefaultConnectionConfig(config);
    }

    /** No automatic retries, nothing a call to the balancer never needs: see {@link LeanHttpClient}. */
    @Bean
    HttpClientBuilderCustomizer leanHttpClient() {
        return LeanHttpClient::customize;
    }
}
