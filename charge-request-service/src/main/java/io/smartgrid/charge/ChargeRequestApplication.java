package io.smartgrid.charge;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The public entry point for EV charging requests. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ChargeRequestApplication {

    /** The name of this service's configuration file ({@code charge-request-service.yml}) and of the service itself. */
    public static final String NAME = "charge-request-service";

    public static void main(String[] args) {
        application().run(args);
    }

    /**
     * The application as every launcher starts it. Each service reads its own {@code charge-request-service.yml}
     * rather than {@code application.yml}, so that several services can share one JVM (local-grid)
     * without reading each other's configuration.
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ChargeRequestApplication.class).properties("spring.config.name=" + NAME);
    }
}
