package io.smartgrid.charge.client;

import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/** The balancer replicas as Spring Cloud LoadBalancer sees them: resolved afresh each time it asks. */
final class BalancerInstanceSupplier implements ServiceInstanceListSupplier {

    private final BalancerReplicas replicas;

    BalancerInstanceSupplier(BalancerReplicas replicas) {
        this.replicas = replicas;
    }

    @Override
    public String getServiceId() {
        return BalancerReplicas.SERVICE_ID;
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return Flux.defer(() -> Flux.just(replicas.instances()));
    }
}
