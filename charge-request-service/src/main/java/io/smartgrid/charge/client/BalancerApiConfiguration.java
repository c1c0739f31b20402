package io.smartgrid.charge.client;

import java.util.concurrent.TimeUnit;

import feign.Request;
import feign.codec.ErrorDecoder;
import io.smartgrid.charge.ChargeProperties;
import io.smartgrid.http.JsonCodec;
import tools.jackson.databind.ObjectMapper;

import org.springframework.context.annotation.Bean;

/**
 * Beans of the balancer's own Feign context. Deliberately not a {@code @Configuration}: component
 * scanning must not make these the defaults of every Feign client.
 */
class BalancerApiConfiguration {

    @Bean
    Request.Options balancerOptions(ChargeProperties properties) {
        return new Request.Options(properties.connectTimeout().toMillis(), TimeUnit.MILLISECONDS,
                properties.readTimeout().toMillis(), TimeUnit.MILLISECONDS, false);
    }

    /** Both the encoder and the decoder of this client: JSON straight on the application's mapper. */
    @Bean
    JsonCodec balancerJsonCodec(ObjectMapper mapper) {
        return new JsonCodec(mapper);
    }

    @Bean
    ErrorDecoder balancerErrorDecoder(ObjectMapper mapper, ChargeProperties properties) {
        return new BalancerErrorDecoder(mapper, properties.retryAfter());
    }
}
