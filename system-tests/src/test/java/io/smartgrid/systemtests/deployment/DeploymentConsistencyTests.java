package io.smartgrid.systemtests.deployment;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smartgrid.systemtests.ProjectFiles;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, prometheus.yml, the Grafana provisioning and each service's own {@code <service>.yml} agree:
 * ports, host names, configuration keys. A typo in any of them would otherwise only show when the stack runs.
 */
class DeploymentConsistencyTests {

    private static final String SUBSTATION = "substation-service";

    private static final String BALANCER = "load-balancer";

    private static final String CHARGE = "charge-request-service";

    /** Two replicas of the balancer, so that either can restart while the other serves. */
    private static final List<String> BALANCERS = List.of("load-balancer-1", "load-balancer-2");

    /** The scalable pool of substations: any number of replicas, each named after its container. */
    private static final String SCALABLE_SUBSTATION = "substation";

    /** Substations under a fixed name and host port, which keep the grid heterogeneous. */
    private static final List<String> FIXED_SUBSTATIONS = List.of("substation-1", "substation-3");

    private static final Pattern CONFIGURED_SUBSTATION_VARIABLE = Pattern.compile("GRID_BALANCER_SUBSTATIONS_\\d+_.*");

    /** {@code ${NAME:-default}}: a value .env may set, with the default Compose falls back to. */
    private static final Pattern DEFAULTED_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+):-([^}]*)}");

    private final ComposeFile compose = ComposeFile.load();

    @Test
    void everyServiceModuleRunsInCompose() {
        assertThat(Set.copyOf(this.compose.applicationModules().values())).containsExactlyInAnyOrder(SUBSTATION, BALANCER, CHARGE);
        assertThat(this.compose.servicesOfModule(BALANCER)).containsExactlyElementsOf(BALANCERS);
        assertThat(this.compose.servicesOfModule(CHARGE)).containsExactly("charge-request-service");
        assertThat(this.compose.servicesOfModule(SUBSTATION)).containsExactly("substation-1", SCALABLE_SUBSTATION, "substation-3");
    }

    @Test
    void containersListenOnTheServicesOwnPortAndPublishIt() {
        Set<Integer> hostPorts = new LinkedHashSet<>();
        this.compose.applicationModules().forEach((service, module) -> {
            int configured = serverPortOf(module);
            assertThat(this.compose.serverPort(service)).as("%s listens on server.port of %s.yml", service, module).isEqualTo(configured);
            Map<Integer, Integer> published = this.compose.publishedPorts(service);
            if (!service.equals(SCALABLE_SUBSTATION)) {
                assertThat(published.values()).as("container ports %s publishes", service).containsOnly(configured);
            }
            published.keySet().forEach(hostPort -> assertThat(hostPorts.add(hostPort)).as("host port %d is published once", hostPort).isTrue());
        });
        assertThat(this.compose.publishedPorts("charge-request-service")).containsExactly(Map.entry(8080, 8080));
        assertThat(this.compose.publishedPorts("load-balancer-1")).containsExactly(Map.entry(8081, 8081));
        assertThat(this.compose.publishedPorts("load-balancer-2")).containsExactly(Map.entry(8085, 8081));
        FIXED_SUBSTATIONS.forEach(service ->
                assertThat(this.compose.publishedPorts(service).keySet()).allSatisfy(port -> assertThat(port).isBetween(8082, 8084)));
        assertThat(this.compose.publishedPorts(SCALABLE_SUBSTATION)).as("replicas of a scaled service cannot share a host port").isEmpty();
    }

    @Test
    void everyApplicationHasAReadinessHealthCheckOnItsOwnPort() {
        this.compose.applicationModules().keySet().forEach(service -> {
            List<Object> test = Yamls.list(Yamls.at(this.compose.service(service), "healthcheck.test"), service + ".healthcheck.test");
            // Podman splits ["CMD", "sh", "-c", …] wrongly; CMD-SHELL works on Docker and Podman alike.
            assertThat(test).as("%s health check", service).hasSize(2).first().isEqualTo("CMD-SHELL");
            assertThat(String.valueOf(test.get(1))).as("%s health check", service)
                    .isEqualTo("curl -fsS http://localhost:" + this.compose.serverPort(service) + "/actuator/health/readiness || exit 1");
        });
    }

    @Test
    void applicationsStartOnlyAfterWhatTheyCallIsThere() {
        // A balancer calls a substation only once it has registered, so it waits for none.
        BALANCERS.forEach(balancer -> assertThat(dependencies(balancer)).as("%s depends on", balancer).isEmpty());
        // Substations retry their registration with backoff: the balancers' containers existing is enough.
        this.compose.servicesOfModule(SUBSTATION).forEach(service ->
                assertThat(dependencies(service)).as("%s depends on", service).containsExactly(
                        Map.entry("load-balancer-1", "service_started"), Map.entry("load-balancer-2", "service_started")));
        // One ready balancer is enough to serve: a call that the other cannot serve goes to it.
        assertThat(dependencies("charge-request-service")).containsExactly(Map.entry("load-balancer-1", "service_healthy"));
        assertThat(dependencies("load-tester")).containsExactly(Map.entry("charge-request-service", "service_healthy"));
    }

    @Test
    void servicesRestartAndLeaveNamingToCompose() {
        this.compose.services().forEach((service, definition) -> {
            Map<String, Object> settings = Yamls.map(definition, service);
            assertThat(settings).as("%s: a fixed container_name prevents scaling and parallel stacks", service).doesNotContainKey("container_name");
            if (!settings.containsKey("profiles")) {
                assertThat(settings.get("restart")).as("%s restart policy", service).isIn("unless-stopped", "always", "on-failure");
            }
        });
        assertThat(Yamls.list(this.compose.service("load-tester").get("profiles"), "load-tester.profiles")).containsExactly("tools");
    }

    @Test
    void environmentVariablesBindToConfigurationKeysOfTheirService() {
        Map<String, ConfigurationKeys> keysByModule = new LinkedHashMap<>();
        List<String> unbound = new ArrayList<>();
        Set<ConfigurationKeys> concerned = new LinkedHashSet<>();
        this.compose.applicationModules().forEach((service, module) -> {
            ConfigurationKeys keys = keysByModule.computeIfAbsent(module, ConfigurationKeys::of);
            this.compose.environment(service).keySet().stream()
                    .filter(variable -> !keys.bindsEnvironmentVariable(variable))
                    .forEach(variable -> {
                        unbound.add(service + ": " + variable);
                        concerned.add(keys);
                    });
        });
        assertThat(unbound).as("variables that no configuration key of their service reads; its keys are %s", concerned).isEmpty();
        assertThat(keysByModule.get(SUBSTATION).keys()).contains("grid.substation.id", "grid.substation.capacity-kw",
                "grid.substation.registration.balancer-url", "grid.substation.registration.advertised-url", "grid.registration.token");
        assertThat(keysByModule.get(BALANCER).keys()).contains("grid.balancer.substations", "grid.balancer.substations[*].url",
                "grid.balancer.poll-interval", "grid.balancer.heartbeat-timeout", "grid.registration.token");
        assertThat(keysByModule.get(CHARGE).keys()).contains("grid.charge.balancer-url");
    }

    @Test
    void substationsAreHeterogeneousAndNamedAfterTheirServiceOrTheirContainer() {
        Map<String, Double> capacities = new LinkedHashMap<>();
        this.compose.servicesOfModule(SUBSTATION).forEach(service -> {
            Map<String, String> environment = this.compose.environment(service);
            if (service.equals(SCALABLE_SUBSTATION)) {
                assertThat(environment).as("replicas share one configuration, so each takes its id from its host name")
                        .doesNotContainKey("GRID_SUBSTATION_ID");
            }
            else {
                assertThat(environment.get("GRID_SUBSTATION_ID")).as("%s id", service).isEqualTo(service);
            }
            capacities.put(service, Double.valueOf(resolved(environment.get("GRID_SUBSTATION_CAPACITYKW"))));
        });
        assertThat(capacities).containsExactly(Map.entry("substation-1", 150.0), Map.entry(SCALABLE_SUBSTATION, 300.0),
                Map.entry("substation-3", 450.0));
    }

    @Test
    void substationsRegisterThemselvesWithEveryBalancerService() {
        BALANCERS.forEach(service -> {
            Map<String, String> balancer = this.compose.environment(service);
            assertThat(balancer).as("no configured substations: every one registers itself").containsEntry("GRID_BALANCER_SUBSTATIONS", "");
            assertThat(balancer.keySet()).noneMatch(variable -> CONFIGURED_SUBSTATION_VARIABLE.matcher(variable).matches());
        });
        this.compose.servicesOfModule(SUBSTATION).forEach(service -> {
            Map<String, String> environment = this.compose.environment(service);
            List<String> targets = new ArrayList<>();
            for (String url : environment.get("GRID_SUBSTATION_REGISTRATION_BALANCERURL").split(",")) {
                URI registration = URI.create(url.strip());
                String target = this.compose.serviceAt(registration, service + " registration URL");
                assertThat(this.compose.applicationModules().get(target)).as("%s registers with", service).isEqualTo(BALANCER);
                assertThat(registration.getPort()).isEqualTo(this.compose.serverPort(target));
                targets.add(target);
            }
            assertThat(targets).as("%s registers with every balancer", service).containsExactlyElementsOf(BALANCERS);
            String advertised = environment.get("GRID_SUBSTATION_REGISTRATION_ADVERTISEDURL");
            if (service.equals(SCALABLE_SUBSTATION)) {
                assertThat(advertised).as("each replica advertises its own host name").isNull();
            }
            else {
                URI url = URI.create(advertised);
                assertThat(this.compose.serviceAt(url, service + " advertised URL")).isEqualTo(service);
                assertThat(url.getPort()).isEqualTo(this.compose.serverPort(service));
            }
        });
    }

    @Test
    void chargeServiceCallsEveryBalancerService() {
        List<String> targets = new ArrayList<>();
        for (String url : this.compose.environment("charge-request-service").get("GRID_CHARGE_BALANCERURL").split(",")) {
            URI balancer = URI.create(url.strip());
            String service = this.compose.serviceAt(balancer, "GRID_CHARGE_BALANCERURL");
            assertThat(this.compose.applicationModules().get(service)).isEqualTo(BALANCER);
            assertThat(balancer.getPort()).isEqualTo(this.compose.serverPort(service));
            targets.add(service);
        }
        assertThat(targets).containsExactlyElementsOf(BALANCERS);
    }

    @Test
    void loadTesterTargetsTheGridByServiceName() {
        Map<String, Object> loadTester = this.compose.service("load-tester");
        List<String> arguments = new ArrayList<>();
        Yamls.listOrEmpty(loadTester.get("entrypoint"), "load-tester.entrypoint").forEach(argument -> arguments.add(String.valueOf(argument)));
        Yamls.listOrEmpty(loadTester.get("command"), "load-tester.command").forEach(argument -> arguments.add(String.valueOf(argument)));
        Map<String, URI> urls = new LinkedHashMap<>();
        for (String argument : arguments) {
            if (argument.startsWith("--url=") || argument.startsWith("--balancer-url=")) {
                urls.put(argument.substring(0, argument.indexOf('=')), URI.create(argument.substring(argument.indexOf('=') + 1)));
            }
        }
        assertThat(urls).containsOnlyKeys("--url", "--balancer-url");
        URI charge = urls.get("--url");
        URI balancer = urls.get("--balancer-url");
        assertThat(this.compose.applicationModules().get(this.compose.serviceAt(charge, "--url"))).isEqualTo(CHARGE);
        assertThat(charge.getPort()).isEqualTo(this.compose.serverPort(charge.getHost()));
        assertThat(this.compose.applicationModules().get(this.compose.serviceAt(balancer, "--balancer-url"))).isEqualTo(BALANCER);
        assertThat(balancer.getPort()).isEqualTo(this.compose.serverPort(balancer.getHost()));
    }

    @Test
    void prometheusScrapesEveryApplicationByServiceNameOnItsPort() {
        Map<String, Object> prometheus = ProjectFiles.yaml("monitoring/prometheus/prometheus.yml");
        assertThat(Yamls.at(prometheus, "global.scrape_interval")).isEqualTo("5s");
        Set<String> scraped = new LinkedHashSet<>();
        for (Object job : Yamls.list(prometheus.get("scrape_configs"), "scrape_configs")) {
            Map<String, Object> scrape = Yamls.map(job, "scrape job");
            assertThat(scrape.get("metrics_path")).as("metrics path of job %s", scrape.get("job_name")).isEqualTo("/actuator/prometheus");
            for (Object config : Yamls.listOrEmpty(scrape.get("static_configs"), "static_configs")) {
                for (Object target : Yamls.list(Yamls.map(config, "static config").get("targets"), "targets")) {
                    URI url = URI.create("http://" + target);
                    String service = this.compose.serviceAt(url, "Prometheus target");
                    assertThat(url.getPort()).as("port of target %s", target).isEqualTo(this.compose.serverPort(service));
                    assertThat(this.compose.applicationModules().get(service)).as("job of target %s", target).isEqualTo(scrape.get("job_name"));
                    scraped.add(service);
                }
            }
            // Services found by DNS: every replica of a scaled service, as Compose's resolver lists them.
            for (Object config : Yamls.listOrEmpty(scrape.get("dns_sd_configs"), "dns_sd_configs")) {
                Map<String, Object> discovery = Yamls.map(config, "dns_sd_config");
                assertThat(discovery.get("type")).as("record type").isEqualTo("A");
                for (Object name : Yamls.list(discovery.get("names"), "names")) {
                    String service = this.compose.serviceAt(URI.create("http://" + name), "Prometheus DNS name");
                    assertThat(discovery.get("port")).as("port of %s", name).isEqualTo(this.compose.serverPort(service));
                    assertThat(this.compose.applicationModules().get(service)).as("job of %s", name).isEqualTo(scrape.get("job_name"));
                    scraped.add(service);
                }
            }
        }
        assertThat(scraped).containsExactlyInAnyOrderElementsOf(this.compose.applicationModules().keySet());
        assertThat(mountTargets("prometheus")).containsEntry("./monitoring/prometheus/prometheus.yml", "/etc/prometheus/prometheus.yml");
        assertThat(Yamls.listOrEmpty(this.compose.service("prometheus").get("command"), "prometheus.command"))
                .contains("--config.file=/etc/prometheus/prometheus.yml");
    }

    @Test
    void grafanaIsProvisionedFromTheMountedFilesAndReachesPrometheus() {
        Map<String, String> mounts = mountTargets("grafana");
        assertThat(mounts).containsEntry("./monitoring/grafana/provisioning", "/etc/grafana/provisioning");
        String dashboardsMount = mounts.get("./monitoring/grafana/dashboards");
        assertThat(dashboardsMount).as("dashboards mount").isNotNull();

        Map<String, Object> providers = ProjectFiles.yaml("monitoring/grafana/provisioning/dashboards/dashboards.yml");
        Map<String, Object> provider = Yamls.map(Yamls.list(providers.get("providers"), "providers").get(0), "provider");
        assertThat(provider.get("type")).isEqualTo("file");
        assertThat(Yamls.at(provider, "options.path")).isEqualTo(dashboardsMount);

        URI prometheus = URI.create(String.valueOf(GrafanaProvisioning.datasource().get("url")));
        assertThat(this.compose.serviceAt(prometheus, "Grafana data source")).isEqualTo("prometheus");
        assertThat(this.compose.publishedPorts("prometheus")).containsValue(prometheus.getPort());

        Map<String, String> environment = this.compose.environment("grafana");
        assertThat(environment).containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "true").containsEntry("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer");
        assertThat(environment.get("GF_SECURITY_ADMIN_PASSWORD")).as("admin password comes from .env").startsWith("${GRAFANA_ADMIN_PASSWORD");
        assertThat(environment.get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")).startsWith(dashboardsMount + "/");
        assertThat(this.compose.publishedPorts("grafana")).containsEntry(3000, 3000);
    }

    @Test
    void imagesAreTaggedAndSecretsComeFromDotEnv() {
        this.compose.services().forEach((service, definition) -> {
            Object image = Yamls.map(definition, service).get("image");
            assertThat(image).as("%s image", service).isNotNull();
            assertThat(String.valueOf(image)).as("%s image", service).matches("[^:]+:[^:]+").doesNotEndWith(":latest");
        });
        Map<String, String> dotEnv = dotEnv();
        assertThat(dotEnv).containsKeys("GRAFANA_ADMIN_PASSWORD", "GRID_REGISTRATION_TOKEN");
        assertThat(dotEnv.values()).allSatisfy(value -> assertThat(value).isNotBlank());
        this.compose.applicationModules().keySet().stream().filter(service -> !service.equals("charge-request-service"))
                .forEach(service -> assertThat(this.compose.environment(service).get("GRID_REGISTRATION_TOKEN")).as("%s token", service)
                        .startsWith("${GRID_REGISTRATION_TOKEN"));
    }

    /** A value with its {@code ${NAME:-default}} references replaced by .env's value, else the default. */
    private static String resolved(String value) {
        Matcher matcher = DEFAULTED_VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(dotEnv().getOrDefault(matcher.group(1), matcher.group(2))));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static int serverPortOf(String module) {
        Object port = Yamls.at(ProjectFiles.yaml(module + "/src/main/resources/" + module + ".yml"), "server.port");
        assertThat(port).as("server.port of %s.yml", module).isInstanceOf(Integer.class);
        return (Integer) port;
    }

    private Map<String, String> dependencies(String service) {
        Map<String, String> conditions = new LinkedHashMap<>();
        Yamls.mapOrEmpty(this.compose.service(service).get("depends_on"), service + ".depends_on").forEach((dependency, settings) ->
                conditions.put(dependency, String.valueOf(Yamls.map(settings, service + " depends on " + dependency).get("condition"))));
        return conditions;
    }

    /** Bind mounts of a service as host path → container path (read-only flag dropped). */
    private Map<String, String> mountTargets(String service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object volume : Yamls.listOrEmpty(this.compose.service(service).get("volumes"), service + ".volumes")) {
            String[] parts = String.valueOf(volume).split(":");
            if (parts[0].startsWith(".")) {
                assertThat(ProjectFiles.file(parts[0])).as("mounted path %s", parts[0]).exists();
                mounts.put(parts[0], parts[1]);
            }
        }
        return mounts;
    }

    private static Map<String, String> dotEnv() {
        Map<String, String> values = new LinkedHashMap<>();
        ProjectFiles.text(".env").lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(line -> {
            int equals = line.indexOf('=');
            assertThat(equals).as(".env line '%s'", line).isPositive();
            values.put(line.substring(0, equals), line.substring(equals + 1));
        });
        return values;
    }
}
