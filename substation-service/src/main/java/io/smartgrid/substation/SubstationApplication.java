package io.smartgrid.substation;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Simulates one substation: it owns its capacity and admits charging sessions atomically. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SubstationApplication {

    /** The name of this service's configuration file ({@code substation-service.yml}) and of the service itself. */
    public static final String NAME = "substation-service";

    public static void main(String[] args) {
        application().run(args);
    }

    /**
     * The application as every launcher starts it. Each service reads its own {@code substation-service.yml}
     * rather than {@code application.yml}, so that several services can share one JVM (local-grid)
     * without reading each other's configuration.
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(SubstationApplication.class).properties("spring.config.name=" + NAME);
    }
}
