package io.smartgrid.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class BalancerPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Config.class);

    @Test
    void defaultsFollowTheArchitecture() {
        runner.run(context -> {
            BalancerProperties properties = context.getBean(BalancerProperties.class);
            assertThat(properties.substations()).isEmpty();
            assertThat(properties.policy()).isEqualTo("least-utilization");
            assertThat(properties.pollInterval()).isEqualTo(Duration.ofMillis(500));
            assertThat(properties.connectTimeout()).isEqualTo(Duration.ofMillis(250));
            assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(properties.maxAttempts()).isEqualTo(3);
            assertThat(properties.retryAfter()).isEqualTo(Duration.ofSeconds(5));
            assertThat(properties.inFlightAccounting()).isTrue();
            assertThat(properties.conditionalAdmission()).isTrue();
        });
        runner.withPropertyValues("grid.balancer.conditional-admission=false").run(context ->
                assertThat(context.getBean(BalancerProperties.class).conditionalAdmission()).isFalse());
    }

    @Test
    void bindsSubstationsFromEnvironmentStyleKeys() {
        Map<String, Object> environment = Map.of("GRID_BALANCER_SUBSTATIONS_0_ID", "substation-7",
                "GRID_BALANCER_SUBSTATIONS_0_URL", "http://10.0.0.7:8082", "GRID_BALANCER_POLLINTERVAL", "200ms");
        runner.withInitializer(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource("test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)))
                .run(context -> {
                    BalancerProperties properties = context.getBean(BalancerProperties.class);
                    assertThat(properties.substations()).containsExactly(
                            new BalancerProperties.Substation("substation-7", URI.create("http://10.0.0.7:8082")));
                    assertThat(properties.pollInterval()).isEqualTo(Duration.ofMillis(200));
                });
    }

    @Test
    void rejectsAnUnknownPolicy() {
        runner.withPropertyValues("grid.balancer.policy=cheapest").run(context ->
                assertThat(context).hasFailed());
    }

    @Test
    void rejectsSubstationIdsThatCannotPrefixASessionId() {
        runner.withPropertyValues("grid.balancer.substations[0].id=sub.1", "grid.balancer.substations[0].url=http://x")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void rejectsTheSameSubstationTwice() {
        runner.withPropertyValues("grid.balancer.substations[0].id=s1", "grid.balancer.substations[0].url=http://a",
                        "grid.balancer.substations[1].id=s1", "grid.balancer.substations[1].url=http://b")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void rejectsZeroAttempts() {
        runner.withPropertyValues("grid.balancer.max-attempts=0").run(context -> assertThat(context).hasFailed());
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(BalancerProperties.class)
    static class Config {
    }
}
