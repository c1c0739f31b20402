package io.smartgrid.charge.client;

import feign.Client;
import io.smartgrid.charge.ChargeProperties;
import io.smartgrid.http.GridHttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.cloud.openfeign.loadbalancer.FeignBlockingLoadBalancerClient;
import org.springframework.cloud.openfeign.loadbalancer.LoadBalancerFeignRequestTransformer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the balancer's Feign client on OkHttp over cleartext HTTP/2 (one multiplexed connection per balancer
 * replica, see {@link GridHttpClient}), load-balanced over the balancer replicas by Spring Cloud LoadBalancer with
 * this service's own choice of replica.
 */
@Configuration(proxyBeanMethods = false)
@EnableFeignClients(clients = BalancerApi.class)
@org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient(name = BalancerReplicas.SERVICE_ID,
        configuration = ReplicaLoadBalancerConfiguration.class)
class ClientConfiguration {

    /**
     * Spring Cloud LoadBalancer chooses the replica of each call, OkHttp makes it, with the connect and read timeouts
     * of {@code grid.charge.*} (the same as the Feign client's options) and a limit on the whole call of both.
     */
    @Bean
    Client balancerHttpClient(ChargeProperties properties, @Value(GridHttpClient.H2C) boolean h2c,
            LoadBalancerClient loadBalancer, LoadBalancerClientFactory loadBalancers,
            ObjectProvider<LoadBalancerFeignRequestTransformer> transformers) {
        return new FeignBlockingLoadBalancerClient(
                GridHttpClient.feign(properties.connectTimeout(), properties.readTimeout(), h2c), loadBalancer,
                loadBalancers, transformers.orderedStream().toList());
    }
}
