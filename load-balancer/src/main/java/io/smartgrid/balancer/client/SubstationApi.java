package io.smartgrid.balancer.client;

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
 * substation's base URI as its first argument; the {@code url} below is never called.
 */
@FeignClient(name = "substation", url = "http://substation.invalid", configuration = SubstationClientConfiguration.class)
interface SubstationApi {

    @PostMapping(path = "/sessions", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    SessionReply start(URI substation, @RequestBody StartSession request);

    @GetMapping(path = "/sessions/{sessionId}", produces = MediaType.APPLICATION_JSON_VALUE)
    SessionReply get(URI substation, @PathVariable("sessionId") String sessionId);

    @DeleteMapping(path = "/sessions/{sessionId}", produces = MediaType.APPLICATION_JSON_VALUE)
    SessionReply stop(URI substation, @PathVariable("sessionId") String sessionId);

    @GetMapping(path = "/load", produces = MediaType.APPLICATION_JSON_VALUE)
    Load load(URI substation);
}
