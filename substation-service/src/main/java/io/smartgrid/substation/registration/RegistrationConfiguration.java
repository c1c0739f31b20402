package io.smartgrid.substation.registration;

import java.net.InetAddress;

import feign.Client;
import io.smartgrid.http.GridHttpClient;
import io.smartgrid.http.edge.OperatorToken;
import io.smartgrid.substation.charging.ChargingStation;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Registers this substation with every balancer replica, only when {@code grid.substation.registration.balancer-url}
 * is set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "grid.substation.registration", name = "balancer-url")
@EnableFeignClients(clients = BalancerApi.class)
class RegistrationConfiguration {

    /** The host names of the balancer URLs are looked up in DNS (and the JVM's short-lived cache of it). */
    @Bean
    @ConditionalOnMissingBean
    BalancerTarget.Resolver balancerResolver() {
        return InetAddress::getAllByName;
    }

    /** OkHttp on cleartext HTTP/2 with the timeouts of {@code grid.substation.registration.*}: see {@link GridHttpClient}. */
    @Bean
    Client registrationHttpClient(RegistrationProperties properties, @Value(GridHttpClient.H2C) boolean h2c) {
        return GridHttpClient.feign(properties.connectTimeout(), properties.readTimeout(), h2c);
    }

    @Bean
    Registrar registrar(BalancerApi balancer, BalancerTarget.Resolver resolver, ChargingStation station,
            RegistrationProperties properties, OperatorToken token, Environment environment) {
        return new Registrar(balancer, resolver, station, properties, token, environment);
    }
}
