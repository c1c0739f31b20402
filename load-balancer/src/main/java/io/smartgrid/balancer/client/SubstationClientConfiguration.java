package io.smartgrid.balancer.client;

import feign.Request;
import feign.Retryer;
import feign.codec.ErrorDecoder;
import io.smartgrid.balancer.BalancerProperties;
import io.smartgrid.http.JsonCodec;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.ObjectMapper;

/**
 * Feign settings of the substation client only (deliberately not a {@code @Configuration}, so that it stays in the
 * client's own context). Timeouts come from {@code grid.balancer.*}: a slow substation must fail fast so that the
 * request can go elsewhere.
 */
class SubstationClientConfiguration {

    @Bean
    Request.Options substationOptions(BalancerProperties properties) {
        return new Request.Options(properties.connectTimeout().toMillis(), TimeUnit.MILLISECONDS,
                properties.readTimeout().toMillis(), TimeUnit.MILLISECONDS, false);
    }

    /** Both the encoder and the decoder of this client: JSON straight on the application's mapper. */
    @Bean
    JsonCodec substationJsonCodec(ObjectMapper mapper) {
        return new JsonCodec(mapper);
    }

    @Bean
    ErrorDecoder substationErrorDecoder(ObjectMapper mapper) {
        return new SubstationErrorDecoder(mapper);
    }

    /** The balancer retries on another substation itself; retrying the same one would only add latency. */
    @Bean
    Retryer substationRetryer() {
        return Retryer.NEVER_RETRY;
    }
}
