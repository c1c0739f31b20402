package io.smartgrid.balancer;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Chooses a substation for every charging request from a fresh view of their load. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LoadBalancerApplication {

    /** The name of this service's configuration file ({@code load-balancer.yml}) and of the service itself. */
    public static final String NAME = "load-balancer";

    public static void main(String[] args) {
        application().run(args);
    }

    /**
     * The application as every launcher starts it. Each service reads its own {@code load-balancer.yml}
     * rather than {@code application.yml}, so that several services can share one JVM (local-grid)
     * without reading each other's configuration.
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(LoadBalancerApplication.class).properties("spring.config.name=" + NAME);
    }
}
