package io.smartgrid.systemtests.observability;

import io.smartgrid.localgrid.Grid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A Prometheus configuration that scrapes a grid started by the tests, under the same job names and
 * target labels as the project's {@code monitoring/prometheus/prometheus.yml}, so that dashboard
 * queries filtering on {@code job} see in the tests what they see in Compose.
 *
 * @param charge the job and labels of the charge-request service's target
 * @param balancer the job and labels of the balancer's target
 * @param substations the job and labels of each substation's target, in the order they are listed
 */
record ScrapeConfig(Target charge, Target balancer, List<Target> substations) {

    /** Where a service's metrics go: its job and any labels its target carries. */
    record Target(String job, Map<String, String> labels) {

        Target {
            labels = Map.copyOf(labels);
        }
    }

    ScrapeConfig {
        substations = List.copyOf(substations);
    }

    /** One job per service, named after it, when the project has no Prometheus configuration to follow. */
    static ScrapeConfig defaults() {
        return new ScrapeConfig(new Target("charge-request-service", Map.of()), new Target("load-balancer", Map.of()),
                List.of(new Target("substation-service", Map.of())));
    }

    /** The project's configuration if it exists, else {@link #defaults()}. */
    static ScrapeConfig ofProject(Path root) {
        Path file = root.resolve("monitoring/prometheus/prometheus.yml");
        if (!Files.isRegularFile(file)) {
            return defaults();
        }
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads which job scrapes which service. A target is recognised by its job name or address
     * (e.g. {@code substation-2:8082}); a service that no job names keeps the default job.
     */
    @SuppressWarnings("unchecked")
    static ScrapeConfig parse(String yaml) {
        Map<String, Object> root = new Yaml().load(yaml);
        Target charge = null;
        Target balancer = null;
        List<Target> substations = new ArrayList<>();
        Object configs = root == null ? null : root.get("scrape_configs");
        for (Object item : configs instanceof List<?> list ? list : List.of()) {
            Map<String, Object> job = (Map<String, Object>) item;
            String name = String.valueOf(job.get("job_name"));
            List<Map.Entry<String, Map<String, String>>> targets = new ArrayList<>();
            for (Object group : job.get("static_configs") instanceof List<?> groups ? groups : List.of()) {
                Map<String, Object> staticConfig = (Map<String, Object>) group;
                Map<String, String> labels = new LinkedHashMap<>();
                if (staticConfig.get("labels") instanceof Map<?, ?> map) {
                    map.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
                }
                for (Object address : staticConfig.get("targets") instanceof List<?> addresses ? addresses : List.of()) {
                    targets.add(Map.entry(String.valueOf(address), labels));
                }
            }
            if (targets.isEmpty()) {
                // Discovered rather than listed targets: the job name alone says what it scrapes.
                targets.add(Map.entry("", Map.of()));
            }
            for (Map.Entry<String, Map<String, String>> target : targets) {
                String what = (name + " " + target.getKey()).toLowerCase(Locale.ROOT);
                Target found = new Target(name, target.getValue());
                if (what.contains("charge")) {
                    charge = charge == null ? found : charge;
                } else if (what.contains("balancer")) {
                    balancer = balancer == null ? found : balancer;
                } else if (what.contains("substation")) {
                    substations.add(found);
                }
            }
        }
        ScrapeConfig fallback = defaults();
        return new ScrapeConfig(charge != null ? charge : fallback.charge(), balancer != null ? balancer : fallback.balancer(),
                substations.isEmpty() ? fallback.substations() : substations);
    }

    /** The configuration for {@code grid}: every service scraped each second at {@code /actuator/prometheus}. */
    String render(Grid grid) {
        return render(grid.chargeUrl(), grid.balancerUrl(), grid.substations().stream().map(Grid.Service::url).toList());
    }

    String render(String chargeUrl, String balancerUrl, List<String> substationUrls) {
        Map<String, List<Map<String, Object>>> jobs = new LinkedHashMap<>();
        add(jobs, charge, chargeUrl);
        add(jobs, balancer, balancerUrl);
        for (int i = 0; i < substationUrls.size(); i++) {
            // A grid with more substations than the project lists puts the extra ones in the last job.
            Target target = substations.get(Math.min(i, substations.size() - 1));
            Map<String, String> labels = i < substations.size() ? target.labels() : Map.of();
            add(jobs, new Target(target.job(), labels), substationUrls.get(i));
        }
        List<Map<String, Object>> scrapeConfigs = new ArrayList<>();
        jobs.forEach((job, staticConfigs) -> {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("job_name", job);
            config.put("metrics_path", "/actuator/prometheus");
            config.put("static_configs", staticConfigs);
            scrapeConfigs.add(config);
        });
        Map<String, Object> global = new LinkedHashMap<>();
        global.put("scrape_interval", "1s");
        global.put("scrape_timeout", "1s");
        global.put("evaluation_interval", "1s");
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("global", global);
        root.put("scrape_configs", scrapeConfigs);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(root);
    }

    private static void add(Map<String, List<Map<String, Object>>> jobs, Target target, String url) {
        URI uri = URI.create(url);
        Map<String, Object> staticConfig = new LinkedHashMap<>();
        staticConfig.put("targets", List.of(uri.getHost() + ":" + uri.getPort()));
        if (!target.labels().isEmpty()) {
            staticConfig.put("labels", new LinkedHashMap<>(target.labels()));
        }
        jobs.computeIfAbsent(target.job(), j -> new ArrayList<>()).add(staticConfig);
    }
}
