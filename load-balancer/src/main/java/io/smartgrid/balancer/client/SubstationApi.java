package io.smartgrid.balancer.client;

import feign.Request;
import java.net.URI;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * The substation-service API. Substations are many and configured at run time, so every method takes the
 * substation's base URI as its first argument; the {@code url} below is never called. Session calls also take their
 * own timeouts, so that the balancer can fit every attempt of a request into its deadline.
 */
@FeignClient(name = "substation", url = "http://substation.invalid", configuration = SubstationClientConfiguration.class)
interface SubstationApi {

    @PostMapping(path = "/sessions", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    SessionReply start(URI substation, @RequestBody StartSession request, Request.Options timeouts);

    @GetMapping(path = "/sessions/{sessionId}", produces = MediaType.APPLICATION_JSON_VALUE)
    SessionReply get(URI substation, @PathVariable("sessionId") String sessionId, Request.Options timeouts);

    @DeleteMapping(path = "/sessions/{sessionId}", produces = MediaType.APPLICATION_JSON_VALUE)
    SessionReply stop(URI substation, @PathVariable("sessionId") String sessionId, Request.Options timeouts);

    @GetMapping(path = "/load", produces = MediaType.APPLICATION_JSON_VALUE)
    Load load(URI substation);
}
