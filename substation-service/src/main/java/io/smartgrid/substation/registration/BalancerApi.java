package io.smartgrid.substation.registration;

import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;

/** The balancer's registration API; every call carries the operators' token. */
@FeignClient(name = "balancer-registration", url = "${grid.substation.registration.balancer-url}",
        configuration = BalancerClientConfiguration.class)
interface BalancerApi {

    @PostMapping(path = "/registrations", consumes = MediaType.APPLICATION_JSON_VALUE)
    void register(@RequestBody Registration registration);

    @PutMapping("/registrations/{id}/heartbeat")
    void heartbeat(@PathVariable("id") String id);

    @DeleteMapping("/registrations/{id}")
    void deregister(@PathVariable("id") String id);
}
