package io.smartgrid.charge.client;

import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Spring Cloud LoadBalancer's choice of a balancer replica for each Feign call: round robin, but never a replica the
 * request has tried already and, while another is left, none that failed lately (see {@link BalancerReplicas}).
 */
final class ReplicaLoadBalancer implements ReactorServiceInstanceLoadBalancer {

    private final ServiceInstanceListSupplier instances;
    private final BalancerReplicas replicas;

    ReplicaLoadBalancer(ServiceInstanceListSupplier instances, BalancerReplicas replicas) {
        this.instances = instances;
        this.replicas = replicas;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Mono<Response<ServiceInstance>> choose(Request request) {
        // Chosen on the subscribing thread, which for the blocking Feign client is the caller's.
        return instances.get(request).next().map(this::respond).defaultIfEmpty(new EmptyResponse());
    }

    private Response<ServiceInstance> respond(List<ServiceInstance> list) {
        ServiceInstance chosen = replicas.choose(list);
        return chosen == null ? new EmptyResponse() : new DefaultResponse(chosen);
    }
}
