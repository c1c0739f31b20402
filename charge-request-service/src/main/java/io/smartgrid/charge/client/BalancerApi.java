package io.smartgrid.charge.client;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * The load balancer's internal session API, as a declarative Feign client over Spring Cloud LoadBalancer: each call
 * goes to one of the replicas ({@link BalancerReplicas}). Failures surface as the typed exceptions of
 * {@link BalancerErrorDecoder} or, for I/O trouble, as Feign exceptions that {@link BalancerClient} translates.
 */
@FeignClient(name = BalancerReplicas.SERVICE_ID, configuration = BalancerApiConfiguration.class)
public interface BalancerApi {

    @PostMapping(path = "/sessions", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    BalancerSession start(@RequestBody SessionRequest request);

    @GetMapping(path = "/sessions/{sessionId}", produces = MediaType.APPLICATION_JSON_VALUE)
    BalancerSession get(@PathVariable("sessionId") String sessionId);

    @DeleteMapping(path = "/sessions/{sessionId}", produces = MediaType.APPLICATION_JSON_VALUE)
    BalancerSession stop(@PathVariable("sessionId") String sessionId);
}
