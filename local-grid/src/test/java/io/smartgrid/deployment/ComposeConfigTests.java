package io.smartgrid.deployment;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** docker-compose itself accepts the file (with .env), which needs no Docker engine. */
class ComposeConfigTests {

    private static ExternalCommand dockerCompose() {
        var command = ExternalCommand.find("docker-compose");
        assumeTrue(command.isPresent(), "docker-compose is not installed (apt-get install docker-compose); skipping its validation");
        return command.get();
    }

    @Test
    void composeFileIsValid() throws Exception {
        ExternalCommand.Result result = dockerCompose().run("config", "-q");
        assertThat(result.exitCode()).as("docker-compose config -q said: %s", result.output()).isZero();
    }

    @Test
    void composeDefinesTheGridAndTheLoadTester() throws Exception {
        // docker-compose v1 lists profiled services too; that load-tester sits in the "tools" profile is checked
        // by DeploymentConsistencyTests.
        ExternalCommand.Result services = dockerCompose().run("--profile", "tools", "config", "--services");
        assertThat(services.exitCode()).as(services.output()).isZero();
        assertThat(services.output().lines().toList()).containsExactlyInAnyOrder("substation-1", "substation", "substation-3",
                "load-balancer-1", "load-balancer-2", "charge-request-service", "prometheus", "grafana", "load-tester");
    }

    @Test
    void theSubstationPoolCanBeScaled() throws Exception {
        ExternalCommand.Result resolved = dockerCompose().run("config");
        assertThat(resolved.exitCode()).as(resolved.output()).isZero();
        Map<String, Object> pool = Yamls.map(Yamls.at(new Yaml().load(resolved.output()), "services.substation"), "substation");

        // Replicas would clash on a host port or a fixed id; each registers itself under its own host name instead.
        assertThat(pool).doesNotContainKeys("ports", "container_name");
        Map<String, Object> environment = Yamls.map(pool.get("environment"), "substation.environment");
        assertThat(environment).doesNotContainKey("GRID_SUBSTATION_ID")
                .containsEntry("GRID_SUBSTATION_REGISTRATION_BALANCERURL", "http://load-balancer-1:8081,http://load-balancer-2:8081");
        assertThat(String.valueOf(environment.get("GRID_SUBSTATION_CAPACITYKW"))).as("capacity from .env").isEqualTo("300");
    }

    @Test
    void secretsAreInterpolatedFromDotEnv() throws Exception {
        ExternalCommand.Result resolved = dockerCompose().run("config");
        assertThat(resolved.exitCode()).as(resolved.output()).isZero();
        String dotEnv = Repository.text(".env");
        String token = dotEnv.lines().filter(line -> line.startsWith("GRID_REGISTRATION_TOKEN=")).findFirst().orElseThrow().substring("GRID_REGISTRATION_TOKEN=".length());
        assertThat(resolved.output()).contains("GRID_REGISTRATION_TOKEN: " + token).doesNotContain("${");
    }
}
