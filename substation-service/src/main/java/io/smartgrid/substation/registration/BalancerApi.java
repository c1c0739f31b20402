package io.smartgrid.substation.registration;

import java.net.URI;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * The balancer's registration API; every call carries the operators' token. Each call names the balancer replica it
 * goes to ({@code balancer}, by address) and the {@code Host} it is known by (the configured host name).
 */
@FeignClient(name = "balancer-registration", url = "http://balancer.invalid",
        configuration = BalancerClientConfiguration.class)
interface BalancerApi {

    @PostMapping(path = "/registrations", consumes = MediaType.APPLICATION_JSON_VALUE)
    void register(URI balancer, @RequestHeader(HttpHeaders.HOST) String host, @RequestBody Registration registration);

    @PutMapping("/registrations/{id}/heartbeat")
    void heartbeat(URI balancer, @RequestHeader(HttpHeaders.HOST) String host, @PathVariable("id") String id);

    @DeleteMapping("/registrations/{id}")
    void deregister(URI balancer, @RequestHeader(HttpHeaders.HOST) String host, @PathVariable("id") String id);
}
