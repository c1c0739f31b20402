package io.smartgrid.charge.client;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ReactorLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.annotation.Bean;

/**
 * The load-balancer client context of the balancer replicas. Deliberately not a {@code @Configuration}: it belongs to
 * that one client's context only.
 */
class ReplicaLoadBalancerConfiguration {

    @Bean
    ServiceInstanceListSupplier balancerInstances(BalancerReplicas replicas) {
        return new BalancerInstanceSupplier(replicas);
    }

    @Bean
    ReactorLoadBalancer<ServiceInstance> balancerReplicaChoice(ServiceInstanceListSupplier balancerInstances,
            BalancerReplicas replicas) {
        return new ReplicaLoadBalancer(balancerInstances, replicas);
    }
}
