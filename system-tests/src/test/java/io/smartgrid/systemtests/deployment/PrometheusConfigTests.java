package io.smartgrid.systemtests.deployment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Prometheus' own checker accepts the scrape configuration that docker-compose.yml mounts. */
class PrometheusConfigTests {

    @Test
    void promtoolAcceptsTheConfiguration() throws Exception {
        var promtool = ExternalCommand.find("promtool");
        assumeTrue(promtool.isPresent(), "promtool is not installed (apt-get install prometheus); skipping its check");
        ExternalCommand.Result result = promtool.get().run("check", "config", "monitoring/prometheus/prometheus.yml");
        assertThat(result.exitCode()).as("promtool said: %s", result.output()).isZero();
    }
}
