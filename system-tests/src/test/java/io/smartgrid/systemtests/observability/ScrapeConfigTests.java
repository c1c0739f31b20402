package io.smartgrid.systemtests.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.smartgrid.systemtests.ProjectFiles;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class ScrapeConfigTests {

    @Test
    void followsTheProjectsJobNamesAndTargetLabels() {
        ScrapeConfig config = ScrapeConfig.parse("""
                global:
                  scrape_interval: 5s
                scrape_configs:
                  - job_name: prometheus
                    static_configs:
                      - targets: ["localhost:9090"]
                  - job_name: charge-requests
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ["charge-request-service:8080"]
                  - job_name: balancer
                    static_configs:
                      - targets: ["load-balancer:8081"]
                  - job_name: substations
                    static_configs:
                      - targets: ["substation-1:8082"]
                        labels: {zone: north}
                      - targets: ["substation-2:8082", "substation-3:8082"]
                """);

        assertThat(config.charge().job()).isEqualTo("charge-requests");
        assertThat(config.balancer().job()).isEqualTo("balancer");
        assertThat(config.substations()).extracting(ScrapeConfig.Target::job).containsExactly("substations", "substations", "substations");
        assertThat(config.substations().get(0).labels()).containsExactly(Map.entry("zone", "north"));
    }

    @Test
    void namesAJobPerServiceWhenTheProjectHasNoConfiguration() {
        ScrapeConfig config = ScrapeConfig.parse("global: {scrape_interval: 15s}");

        assertThat(config).isEqualTo(ScrapeConfig.defaults());
        assertThat(config.charge().job()).isEqualTo("charge-request-service");
    }

    @Test
    @SuppressWarnings("unchecked")
    void rendersEveryServiceScrapedEverySecondAtTheActuatorPath() {
        ScrapeConfig config = ScrapeConfig.parse("""
                scrape_configs:
                  - job_name: substation-service
                    static_configs:
                      - targets: ["substation-1:8082"]
                        labels: {zone: north}
                """);

        String yaml = config.render("http://127.0.0.1:1000", "http://127.0.0.1:1001",
                List.of("http://127.0.0.1:1002", "http://127.0.0.1:1003"));

        Map<String, Object> root = new Yaml().load(yaml);
        assertThat((Map<String, Object>) root.get("global")).containsEntry("scrape_interval", "1s")
                .containsEntry("scrape_timeout", "1s");
        List<Map<String, Object>> jobs = (List<Map<String, Object>>) root.get("scrape_configs");
        assertThat(jobs).extracting(j -> j.get("job_name"))
                .containsExactly("charge-request-service", "load-balancer", "substation-service");
        assertThat(jobs).allSatisfy(j -> assertThat(j.get("metrics_path")).isEqualTo("/actuator/prometheus"));
        assertThat(jobs.get(2).get("static_configs")).isEqualTo(List.of(
                Map.of("targets", List.of("127.0.0.1:1002"), "labels", Map.of("zone", "north")),
                Map.of("targets", List.of("127.0.0.1:1003"))));
    }

    /** The configuration that docs/observability.md gives for running Prometheus by hand against local-grid.jar. */
    @Test
    @SuppressWarnings("unchecked")
    void theHandRunConfigurationScrapesTheLocalGridUnderTheProjectsJobNames() throws IOException {
        Path file = ProjectFiles.root().resolve("system-tests/src/test/resources/observability/prometheus-local-grid.yml");
        String yaml = Files.readString(file);

        ScrapeConfig local = ScrapeConfig.parse(yaml);
        ScrapeConfig project = ScrapeConfig.ofProject(ProjectFiles.root());
        assertThat(local.charge().job()).isEqualTo(project.charge().job());
        assertThat(local.balancer().job()).isEqualTo(project.balancer().job());
        assertThat(local.substations()).extracting(ScrapeConfig.Target::job).containsOnly(project.substations().get(0).job());
        List<String> targets = new ArrayList<>();
        for (Object job : (List<Object>) ((Map<String, Object>) new Yaml().load(yaml)).get("scrape_configs")) {
            Map<String, Object> config = (Map<String, Object>) job;
            assertThat(config.get("metrics_path")).isEqualTo("/actuator/prometheus");
            for (Object group : (List<Object>) config.get("static_configs")) {
                targets.addAll((List<String>) ((Map<String, Object>) group).get("targets"));
            }
        }
        assertThat(targets).containsExactly("127.0.0.1:8080", "127.0.0.1:8081", "127.0.0.1:8082", "127.0.0.1:8083", "127.0.0.1:8084");
    }

    @Test
    void promtoolAcceptsTheHandRunConfiguration() throws Exception {
        Path promtool = PrometheusServer.BINARY.resolveSibling("promtool");
        assumeTrue(Files.isExecutable(promtool), "promtool is not installed next to " + PrometheusServer.BINARY
                + " (Debian package 'prometheus'): the configuration is not checked");
        Path file = ProjectFiles.root().resolve("system-tests/src/test/resources/observability/prometheus-local-grid.yml");
        Process check = new ProcessBuilder(promtool.toString(), "check", "config", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
    }
}
