package io.smartgrid.deployment;

import org.junit.jupiter.api.Test;

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
        assertThat(services.output().lines().toList()).containsExactlyInAnyOrder("substation-1", "substation-2", "substation-3",
                "load-balancer", "charge-request-service", "prometheus", "grafana", "load-tester");
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
