package io.smartgrid.substation.registration;

import java.time.Clock;

import io.smartgrid.http.edge.OperatorToken;
import io.smartgrid.substation.charging.ChargingStation;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Registers this substation with the balancer, only when {@code grid.substation.registration.balancer-url} is set. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "grid.substation.registration", name = "balancer-url")
@EnableFeignClients(clients = BalancerApi.class)
class RegistrationConfiguration {

    @Bean
    Registrar registrar(BalancerApi balancer, ChargingStation station, RegistrationProperties properties,
            OperatorToken token, Environment environment) {
        return new Registrar(balancer, station, properties, token, environment);
    }
}
