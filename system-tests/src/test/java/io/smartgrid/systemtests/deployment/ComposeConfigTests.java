package io.smartgrid.systemtests.deployment;

import java.util.Map;

import io.smartgrid.systemtests.ProjectFiles;

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
        String dotEnv = ProjectFiles.text(".env");
        String token = dotEnv.lines().filter(line -> line.startsWith("GRID_REGISTRATION_TOKEN=")).findFirst().orElseThrow().substring("GRID_REGISTRATION_TOKEN=".length());
        assertThat(resolved.output()).contains("GRID_REGISTRATION_TOKEN: " + token).doesNotContain("${");
    }

    @Test
    void theSharedIdempotencyStoreIsAnOptInOverrideThatBindsTheStoresKeys() throws Exception {
        ExternalCommand.Result resolved = dockerCompose().run("-f", "docker-compose.yml", "-f", "docker-compose.idempotency.yml",
                "config");
        assertThat(resolved.exitCode()).as(resolved.output()).isZero();
        Map<String, Object> services = Yamls.map(Yamls.at(new Yaml().load(resolved.output()), "services"), "services");
        assertThat(services).containsKeys("postgres", "charge-request-service", "charge-request-service-2");
        ConfigurationKeys keys = ConfigurationKeys.of("charge-request-service");
        for (String replica : new String[] { "charge-request-service", "charge-request-service-2" }) {
            Map<String, Object> environment = Yamls.map(Yamls.map(services.get(replica), replica).get("environment"), replica + ".environment");
            assertThat(environment).containsEntry("GRID_CHARGE_IDEMPOTENCY_STORE", "jdbc")
                    .containsEntry("GRID_CHARGE_IDEMPOTENCY_URL", "jdbc:postgresql://postgres:5432/grid");
            assertThat(environment.keySet()).as("%s variables bind configuration keys", replica).allMatch(keys::bindsEnvironmentVariable);
        }
        // The default file stays without the database: one replica, its keys in memory.
        ExternalCommand.Result plain = dockerCompose().run("config", "--services");
        assertThat(plain.output().lines()).doesNotContain("postgres");
    }
}
