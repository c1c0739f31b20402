package io.smartgrid.balancer.client;

import org.springframework.cloud.openfeign.EnableFeignClients;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the Feign clients. Kept apart from the application class so that web slice tests do not try to build
 * them.
 */
@Configuration(proxyBeanMethods = false)
@EnableFeignClients(clients = SubstationApi.class)
class SubstationFeignConfiguration {
}
