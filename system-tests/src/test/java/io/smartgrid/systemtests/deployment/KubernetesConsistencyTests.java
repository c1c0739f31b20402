package io.smartgrid.systemtests.deployment;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import io.smartgrid.substation.charging.HostIdentity;
import io.smartgrid.systemtests.ProjectFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The rendered Kubernetes manifests agree with the code they run: ports with each service's {@code server.port},
 * environment variables with configuration keys that exist (Spring's relaxed binding), probe and scrape paths with
 * what the actuator serves, the dashboard ConfigMap with the file in {@code monitoring/}; and they keep the promises
 * of docs/deployment.md (Kubernetes): replicas, disruption budgets, graceful drains, locked-down pods, network policies.
 */
class KubernetesConsistencyTests {

    /** Skips the whole class, loudly, where kubectl is missing outside CI (see {@link KubernetesManifests#kubectl}). */
    @BeforeAll
    static void kubectlIsThere() {
        KubernetesManifests.kubectl();
    }

    static final List<String> OVERLAYS = KubernetesManifests.OVERLAYS;

    private static final String SUBSTATION = "substation-service";

    private static final String BALANCER = "load-balancer";

    private static final String CHARGE = "charge-request-service";

    private static final String TOKEN_SECRET = "grid-operator-token";

    /** Spring Boot's default {@code spring.lifecycle.timeout-per-shutdown-phase}, which no service overrides. */
    private static final int GRACEFUL_SHUTDOWN_SECONDS = 30;

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private static final Pattern IMAGE_MODULE = Pattern.compile("(?:.*/)?([a-z0-9-]+)(?::[^/]+)?");

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyServiceModuleRunsAndListensOnItsServerPort(String overlay) {
        KubernetesManifests manifests = KubernetesManifests.overlay(overlay);
        Map<String, String> modules = modules(manifests);
        assertThat(modules.values()).containsExactlyInAnyOrder(SUBSTATION, BALANCER, CHARGE);
        manifests.workloads().forEach(workload -> {
            String module = modules.get(KubernetesManifests.name(workload));
            Map<String, Object> port = onlyPort(workload);
            assertThat(port.get("containerPort")).as("%s containerPort", KubernetesManifests.name(workload)).isEqualTo(serverPort(module));
            assertThat(port.get("name")).isEqualTo("http");
        });
        // Every Service forwards to a port its pods listen on, and its own port is that server port too.
        for (Map<String, Object> service : manifests.ofKind("Service")) {
            Map<String, Object> workload = selectedWorkload(manifests, service, "spec.selector");
            for (Object entry : Yamls.list(Yamls.at(service, "spec.ports"), "ports")) {
                Map<String, Object> servicePort = Yamls.map(entry, "service port");
                assertThat(servicePort.get("targetPort")).as("Service %s targetPort", KubernetesManifests.name(service)).isEqualTo("http");
                assertThat(servicePort.get("port")).as("Service %s port", KubernetesManifests.name(service))
                        .isEqualTo(onlyPort(workload).get("containerPort"));
            }
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void probesAndScrapeAnnotationsUseWhatTheActuatorServes(String overlay) {
        KubernetesManifests manifests = KubernetesManifests.overlay(overlay);
        modules(manifests).forEach((name, module) -> {
            Map<String, Object> workload = workloadNamed(manifests, name);
            Map<String, Object> settings = ProjectFiles.yaml(module + "/src/main/resources/" + module + ".yml");
            assertThat(Yamls.at(settings, "management.endpoint.health.probes.enabled")).as("%s probes enabled", module).isEqualTo(true);
            assertThat(String.valueOf(Yamls.at(settings, "management.endpoints.web.exposure.include")).split(","))
                    .as("%s actuator endpoints", module).contains("health", "prometheus");

            Map<String, Object> container = KubernetesManifests.container(workload);
            assertThat(Yamls.at(container, "livenessProbe.httpGet.path")).as("%s liveness", name).isEqualTo("/actuator/health/liveness");
            assertThat(Yamls.at(container, "startupProbe.httpGet.path")).as("%s start-up", name).isEqualTo("/actuator/health/liveness");
            assertThat(Yamls.at(container, "readinessProbe.httpGet.path")).as("%s readiness", name).isEqualTo("/actuator/health/readiness");
            for (String probe : List.of("livenessProbe", "startupProbe", "readinessProbe")) {
                assertThat(Yamls.at(container, probe + ".httpGet.port")).as("%s %s port", name, probe).isEqualTo("http");
            }

            Map<String, Object> annotations = KubernetesManifests.podAnnotations(workload);
            assertThat(annotations).as("%s scrape annotations", name).containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/path", "/actuator/prometheus")
                    .containsEntry("prometheus.io/port", String.valueOf(serverPort(module)));
        });
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void environmentVariablesBindToConfigurationKeysOfTheirService(String overlay) {
        KubernetesManifests manifests = KubernetesManifests.overlay(overlay);
        Map<String, ConfigurationKeys> keysByModule = new LinkedHashMap<>();
        List<String> unbound = new ArrayList<>();
        modules(manifests).forEach((name, module) -> {
            ConfigurationKeys keys = keysByModule.computeIfAbsent(module, ConfigurationKeys::of);
            Map<String, Object> container = KubernetesManifests.container(workloadNamed(manifests, name));
            Map<String, Map<String, Object>> environment = KubernetesManifests.environment(container);
            List<String> referenced = environment.values().stream().map(entry -> entry.get("value")).filter(Objects::nonNull)
                    .flatMap(value -> REFERENCE.matcher(String.valueOf(value)).results().map(match -> match.group(1))).toList();
            // $(NAME) must name a variable defined in the same container, or Kubernetes leaves it as it is.
            assertThat(environment.keySet()).as("%s variables that $(…) refers to", name).containsAll(referenced);
            environment.keySet().stream()
                    .filter(variable -> !referenced.contains(variable))
                    .filter(variable -> !keys.bindsEnvironmentVariable(variable))
                    .forEach(variable -> unbound.add(name + ": " + variable));
        });
        assertThat(unbound).as("variables that no configuration key of their service reads").isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyPodIsLockedDownAndSized(String overlay) {
        KubernetesManifests manifests = KubernetesManifests.overlay(overlay);
        manifests.workloads().forEach(workload -> {
            String name = KubernetesManifests.name(workload);
            Map<String, Object> pod = KubernetesManifests.podSpec(workload);
            Map<String, Object> container = KubernetesManifests.container(workload);
            assertThat(Yamls.at(pod, "securityContext.runAsNonRoot")).as("%s runAsNonRoot", name).isEqualTo(true);
            assertThat(Yamls.at(pod, "securityContext.runAsUser")).as("%s user: the image's (Dockerfile USER 10001)", name).isEqualTo(10001);
            assertThat(pod.get("automountServiceAccountToken")).as("%s needs no API access", name).isEqualTo(false);
            assertThat(Yamls.at(container, "securityContext.allowPrivilegeEscalation")).as(name).isEqualTo(false);
            assertThat(Yamls.at(container, "securityContext.readOnlyRootFilesystem")).as(name).isEqualTo(true);
            assertThat(Yamls.list(Yamls.at(container, "securityContext.capabilities.drop"), "drop")).as(name).containsExactly("ALL");
            assertThat(Yamls.at(container, "securityContext.capabilities.add")).as(name).isNull();

            // A read-only root needs a writable /tmp for Jetty and the JVM.
            String tmpVolume = mountedAt(container, "/tmp");
            assertThat(tmpVolume).as("%s mounts a volume at /tmp", name).isNotNull();
            assertThat(volume(pod, tmpVolume)).as("%s /tmp volume", name).containsKey("emptyDir");

            for (String resource : List.of("cpu", "memory")) {
                assertThat(Yamls.at(container, "resources.requests." + resource)).as("%s requests %s", name, resource).isInstanceOf(String.class);
                assertThat(Yamls.at(container, "resources.limits." + resource)).as("%s limits %s", name, resource).isInstanceOf(String.class);
            }
        });
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void stoppingGivesTheGracefulShutdownItsTime(String overlay) {
        KubernetesManifests manifests = KubernetesManifests.overlay(overlay);
        modules(manifests).forEach((name, module) -> {
            Map<String, Object> settings = ProjectFiles.yaml(module + "/src/main/resources/" + module + ".yml");
            assertThat(Yamls.at(settings, "server.shutdown")).as("%s server.shutdown", module).isEqualTo("graceful");
            assertThat(Yamls.at(settings, "spring.lifecycle.timeout-per-shutdown-phase")).as("%s keeps Spring's default", module).isNull();
            Map<String, Object> workload = workloadNamed(manifests, name);
            List<Object> preStop = Yamls.list(Yamls.at(KubernetesManifests.container(workload), "lifecycle.preStop.exec.command"), "preStop");
            int preStopSeconds = sleepSeconds(String.join(" ", preStop.stream().map(String::valueOf).toList()));
            assertThat(preStopSeconds).as("%s preStop waits", name).isPositive();
            Object grace = KubernetesManifests.podSpec(workload).get("terminationGracePeriodSeconds");
            assertThat((Integer) grace).as("%s grace period covers preStop (%d s) and the graceful shutdown (%d s)", name,
                    preStopSeconds, GRACEFUL_SHUTDOWN_SECONDS).isGreaterThan(preStopSeconds + GRACEFUL_SHUTDOWN_SECONDS);
        });
        // A stopping substation drains first (POST /drain with the operators' token), as DrainOnShutdown does on SIGTERM.
        String substationPreStop = String.join(" ", Yamls.list(Yamls.at(KubernetesManifests.container(manifests.get("StatefulSet", "substation")),
                "lifecycle.preStop.exec.command"), "preStop").stream().map(String::valueOf).toList());
        assertThat(substationPreStop).contains("-X POST", "Authorization: Bearer $GRID_REGISTRATION_TOKEN",
                "http://localhost:" + serverPort(SUBSTATION) + "/drain");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theChargeServiceAndTheBalancersRunReplicatedWithBudgets(String overlay) {
        KubernetesManifests manifests = KubernetesManifests.overlay(overlay);
        Map<String, Object> charge = manifests.get("Deployment", CHARGE);
        assertThat((Integer) Yamls.at(charge, "spec.replicas")).isGreaterThanOrEqualTo(2);
        assertThat((Integer) Yamls.at(manifests.get("Deployment", BALANCER), "spec.replicas")).isGreaterThanOrEqualTo(2);
        for (Map<String, Object> deployment : manifests.ofKind("Deployment")) {
            assertThat(Yamls.at(deployment, "spec.strategy.rollingUpdate.maxUnavailable")).as("%s keeps every replica until its successor is ready",
                    KubernetesManifests.name(deployment)).isEqualTo(0);
        }

        Map<String, Object> autoscaler = manifests.get("HorizontalPodAutoscaler", CHARGE);
        assertThat(Yamls.at(autoscaler, "spec.scaleTargetRef.kind")).isEqualTo("Deployment");
        assertThat(Yamls.at(autoscaler, "spec.scaleTargetRef.name")).isEqualTo(CHARGE);
        assertThat((Integer) Yamls.at(autoscaler, "spec.minReplicas")).isGreaterThanOrEqualTo(2)
                .isLessThanOrEqualTo((Integer) Yamls.at(autoscaler, "spec.maxReplicas"));

        // Every workload has a disruption budget that selects its pods and leaves at least one running.
        manifests.workloads().forEach(workload -> {
            Map<String, Object> budget = manifests.ofKind("PodDisruptionBudget").stream()
                    .filter(pdb -> selectedWorkload(manifests, pdb, "spec.selector.matchLabels") == workload).findFirst()
                    .orElseThrow(() -> new AssertionError("no PodDisruptionBudget selects " + KubernetesManifests.name(workload)));
            Object minAvailable = Yamls.at(budget, "spec.minAvailable");
            Object maxUnavailable = Yamls.at(budget, "spec.maxUnavailable");
            int replicas = (Integer) Yamls.at(workload, "spec.replicas");
            if (minAvailable != null) {
                assertThat((Integer) minAvailable).isBetween(1, replicas - 1);
            }
            else {
                assertThat((Integer) maxUnavailable).isBetween(1, replicas - 1);
            }
        });
        // HPA and PDB selectors and targets name objects that exist.
        assertThat(manifests.ofKind("HorizontalPodAutoscaler")).allSatisfy(hpa ->
                assertThat(manifests.find(String.valueOf(Yamls.at(hpa, "spec.scaleTargetRef.kind")),
                        String.valueOf(Yamls.at(hpa, "spec.scaleTargetRef.name")))).isPresent());
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void servicesFindEachOtherThroughTheRightServices(String overlay) {
        KubernetesManifests manifests = KubernetesManifests.overlay(overlay);
        Map<String, Object> balancers = manifests.get("Deployment", BALANCER);

        URI chargeToBalancer = URI.create(KubernetesManifests.value(KubernetesManifests.container(manifests.get("Deployment", CHARGE)),
                "GRID_CHARGE_BALANCERURL"));
        Map<String, Object> ordinary = manifests.get("Service", chargeToBalancer.getHost());
        assertThat(Yamls.at(ordinary, "spec.clusterIP")).as("the charge service calls one virtual address").isNull();
        assertThat(selectedWorkload(manifests, ordinary, "spec.selector")).isSameAs(balancers);
        assertThat(chargeToBalancer.getPort()).isEqualTo(serverPort(BALANCER));

        Map<String, Object> substations = manifests.get("StatefulSet", "substation");
        Map<String, Object> substation = KubernetesManifests.container(substations);
        URI registration = URI.create(KubernetesManifests.value(substation, "GRID_SUBSTATION_REGISTRATION_BALANCERURL"));
        Map<String, Object> headless = manifests.get("Service", registration.getHost());
        assertThat(Yamls.at(headless, "spec.clusterIP")).as("substations resolve every balancer replica").isEqualTo("None");
        assertThat(Yamls.at(headless, "spec.publishNotReadyAddresses")).as("a starting balancer is registered with too").isEqualTo(true);
        assertThat(selectedWorkload(manifests, headless, "spec.selector")).isSameAs(balancers);
        assertThat(registration.getPort()).isEqualTo(serverPort(BALANCER));

        // Each substation advertises its own pod's DNS name under the StatefulSet's governing headless Service.
        String serviceName = String.valueOf(Yamls.at(substations, "spec.serviceName"));
        Map<String, Object> governing = manifests.get("Service", serviceName);
        assertThat(Yamls.at(governing, "spec.clusterIP")).isEqualTo("None");
        assertThat(selectedWorkload(manifests, governing, "spec.selector")).isSameAs(substations);
        assertThat(KubernetesManifests.value(substation, "GRID_SUBSTATION_REGISTRATION_ADVERTISEDURL"))
                .isEqualTo("http://$(POD_NAME)." + serviceName + ":" + serverPort(SUBSTATION));
        assertThat(Yamls.at(KubernetesManifests.environment(substation).get("POD_NAME"), "valueFrom.fieldRef.fieldPath")).isEqualTo("metadata.name");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void substationsAreAStatefulSetWithTheirOwnStoreAndStableIds(String overlay) {
        KubernetesManifests manifests = KubernetesManifests.overlay(overlay);
        Map<String, Object> substations = manifests.get("StatefulSet", "substation");
        Map<String, Object> container = KubernetesManifests.container(substations);
        assertThat(KubernetesManifests.environment(container)).as("the id comes from the pod name").doesNotContainKey("GRID_SUBSTATION_ID");
        assertThat(Double.valueOf(KubernetesManifests.value(container, "GRID_SUBSTATION_CAPACITYKW"))).isPositive();

        // Pod names substation-0, substation-1, … give distinct ids that HostIdentity keeps as they are.
        int replicas = (Integer) Yamls.at(substations, "spec.replicas");
        List<String> ids = IntStream.range(0, replicas).mapToObj(i -> HostIdentity.substationIdFor("substation-" + i)).toList();
        assertThat(ids).doesNotHaveDuplicates().allSatisfy(id -> assertThat(id).matches("[a-z0-9][a-z0-9-]{0,31}"));
        assertThat(ids.get(0)).isEqualTo("substation-0");

        // The durable store lives on the pod's own claim, at the directory the service is told.
        List<Object> claims = Yamls.list(Yamls.at(substations, "spec.volumeClaimTemplates"), "volumeClaimTemplates");
        assertThat(claims).hasSize(1);
        String claim = String.valueOf(Yamls.at(Yamls.map(claims.get(0), "claim"), "metadata.name"));
        String dataDir = KubernetesManifests.value(container, "GRID_SUBSTATION_DATADIR");
        assertThat(dataDir).isNotBlank();
        assertThat(mountedAt(container, dataDir)).as("a volume is mounted at %s", dataDir).isEqualTo(claim);
        assertThat(Yamls.at(KubernetesManifests.podSpec(substations), "securityContext.fsGroup")).as("the claim is writable").isEqualTo(10001);
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theOperatorsTokenComesFromASecret(String overlay) {
        KubernetesManifests manifests = KubernetesManifests.overlay(overlay);
        for (String name : List.of(BALANCER, "substation")) {
            Map<String, Object> workload = workloadNamed(manifests, name);
            Map<String, Object> token = KubernetesManifests.environment(KubernetesManifests.container(workload)).get("GRID_REGISTRATION_TOKEN");
            assertThat(token).as("%s token", name).isNotNull().doesNotContainKey("value");
            assertThat(Yamls.at(token, "valueFrom.secretKeyRef.name")).isEqualTo(TOKEN_SECRET);
            assertThat(Yamls.at(token, "valueFrom.secretKeyRef.key")).isEqualTo("token");
        }
        assertThat(KubernetesManifests.environment(KubernetesManifests.container(manifests.get("Deployment", CHARGE))))
                .as("the charge service makes no operator call").doesNotContainKey("GRID_REGISTRATION_TOKEN");
        if (overlay.equals("dev")) {
            assertThat(Yamls.at(manifests.get("Secret", TOKEN_SECRET), "data.token")).as("dev generates the token").isNotNull();
        }
        else {
            assertThat(manifests.find("Secret", TOKEN_SECRET)).as("production expects the Secret to be created beforehand").isEmpty();
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void networkPoliciesOpenOnlyWhatTheGridNeeds(String overlay) {
        KubernetesManifests manifests = KubernetesManifests.overlay(overlay);
        List<Map<String, Object>> policies = manifests.ofKind("NetworkPolicy");
        assertThat(policies).anySatisfy(policy -> {
            assertThat(Yamls.mapOrEmpty(Yamls.at(policy, "spec.podSelector"), "podSelector")).as("selects every pod").isEmpty();
            assertThat(Yamls.list(Yamls.at(policy, "spec.policyTypes"), "policyTypes")).containsExactly("Ingress");
            assertThat(Yamls.at(policy, "spec.ingress")).as("allows nothing").isNull();
        });
        Map<String, List<String>> allowedFrom = new LinkedHashMap<>();
        for (Map<String, Object> workload : manifests.workloads()) {
            String name = KubernetesManifests.name(workload);
            Object port = onlyPort(workload).get("containerPort");
            List<Map<String, Object>> rules = new ArrayList<>();
            policies.stream().filter(policy -> selects(Yamls.at(policy, "spec.podSelector.matchLabels"), workload))
                    .forEach(policy -> Yamls.listOrEmpty(Yamls.at(policy, "spec.ingress"), "ingress")
                            .forEach(rule -> rules.add(Yamls.map(rule, "ingress rule"))));
            assertThat(rules).as("%s is reachable at all", name).isNotEmpty();
            List<String> sources = new ArrayList<>();
            for (Map<String, Object> rule : rules) {
                assertThat(Yamls.list(rule.get("ports"), "ports")).as("%s rules name its port", name)
                        .allSatisfy(entry -> assertThat(Yamls.map(entry, "port").get("port")).isEqualTo(port));
                if (rule.get("from") == null) {
                    sources.add("anyone");
                }
                for (Object peer : Yamls.listOrEmpty(rule.get("from"), "from")) {
                    Map<String, Object> from = Yamls.map(peer, "peer");
                    assertThat(from).as("%s: no IP blocks", name).doesNotContainKey("ipBlock");
                    Object podLabels = Yamls.at(from, "podSelector.matchLabels");
                    String podName = podLabels == null ? null : String.valueOf(Yamls.map(podLabels, "labels").get("app.kubernetes.io/name"));
                    assertThat(podName).as("%s: every peer names its pods", name).isNotNull();
                    if (from.containsKey("namespaceSelector")) {
                        assertThat(podName).as("%s: the only peer from another namespace is Prometheus", name).isEqualTo("prometheus");
                    }
                    sources.add(podName);
                }
            }
            allowedFrom.put(name, sources);
        }
        assertThat(allowedFrom.get(CHARGE)).containsExactly("anyone");
        assertThat(allowedFrom.get(BALANCER)).containsExactlyInAnyOrder(CHARGE, "substation", "prometheus");
        assertThat(allowedFrom.get("substation")).containsExactlyInAnyOrder(BALANCER, "prometheus");
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void theDashboardConfigMapIsTheFileInMonitoring(String overlay) {
        KubernetesManifests manifests = KubernetesManifests.overlay(overlay);
        Map<String, Object> dashboards = manifests.get("ConfigMap", "grafana-dashboard-smart-grid");
        assertThat(Yamls.at(dashboards, "metadata.labels")).as("the Grafana sidecar's label")
                .isEqualTo(Map.of("grafana_dashboard", "1", "app.kubernetes.io/part-of", "smart-grid"));
        assertThat(Yamls.map(dashboards.get("data"), "data"))
                .containsExactly(Map.entry("smart-grid.json", ProjectFiles.text("monitoring/grafana/dashboards/smart-grid.json")));
    }

    @Test
    void theClusterPrometheusConfigurationIsValidAndNamesTheComposeJobs() throws Exception {
        String file = KubernetesManifests.ROOT + "/prometheus/prometheus.yml";
        String configuration = ProjectFiles.text(file);
        Map<String, Object> compose = ProjectFiles.yaml("monitoring/prometheus/prometheus.yml");
        for (Object job : Yamls.list(compose.get("scrape_configs"), "scrape_configs")) {
            assertThat(configuration).as("the dashboard's job %s", Yamls.map(job, "job").get("job_name"))
                    .contains(String.valueOf(Yamls.map(job, "job").get("job_name")));
        }
        assertThat(configuration).contains("__meta_kubernetes_pod_annotation_prometheus_io_scrape",
                "__meta_kubernetes_pod_annotation_prometheus_io_path", "__meta_kubernetes_pod_annotation_prometheus_io_port");
        var promtool = ExternalCommand.find("promtool");
        assumeTrue(promtool.isPresent(), "promtool is not installed (apt-get install prometheus); skipping its check of " + file);
        ExternalCommand.Result result = promtool.get().run("check", "config", file);
        // Debian builds Prometheus without Kubernetes service discovery, so its promtool cannot read this file.
        assumeTrue(!result.output().contains("field kubernetes_sd_configs not found"),
                "this promtool is built without Kubernetes service discovery (as Debian's is); skipping its check of " + file);
        assertThat(result.exitCode()).as("promtool said: %s", result.output()).isZero();
    }

    /** Workload name → module, from the image each workload runs ({@code …/smart-grid/<module>:<tag>}). */
    private static Map<String, String> modules(KubernetesManifests manifests) {
        Map<String, String> modules = new LinkedHashMap<>();
        manifests.workloads().forEach(workload -> {
            String image = String.valueOf(KubernetesManifests.container(workload).get("image"));
            Matcher matcher = IMAGE_MODULE.matcher(image);
            assertThat(matcher.matches()).as("image %s", image).isTrue();
            assertThat(image).as("%s image is tagged", KubernetesManifests.name(workload)).matches(".*:[^/]+").doesNotEndWith(":latest");
            modules.put(KubernetesManifests.name(workload), matcher.group(1));
        });
        return modules;
    }

    private static Map<String, Object> workloadNamed(KubernetesManifests manifests, String name) {
        return manifests.workloads().stream().filter(workload -> name.equals(KubernetesManifests.name(workload))).findFirst()
                .orElseThrow(() -> new AssertionError("no workload " + name));
    }

    private static Map<String, Object> onlyPort(Map<String, Object> workload) {
        List<Object> ports = Yamls.list(KubernetesManifests.container(workload).get("ports"), "ports");
        assertThat(ports).as("%s ports", KubernetesManifests.name(workload)).hasSize(1);
        return Yamls.map(ports.get(0), "port");
    }

    /** The one workload whose pod labels a selector matches; failing when it matches none or several. */
    private static Map<String, Object> selectedWorkload(KubernetesManifests manifests, Map<String, Object> object, String selectorPath) {
        Object selector = Yamls.at(object, selectorPath);
        List<Map<String, Object>> selected = manifests.workloads().stream().filter(workload -> selects(selector, workload)).toList();
        assertThat(selected).as("%s %s selects one workload", object.get("kind"), KubernetesManifests.name(object)).hasSize(1);
        return selected.get(0);
    }

    private static boolean selects(Object selector, Map<String, Object> workload) {
        Map<String, Object> wanted = Yamls.mapOrEmpty(selector, "selector");
        Map<String, Object> labels = Yamls.mapOrEmpty(Yamls.at(workload, "spec.template.metadata.labels"), "pod labels");
        return !wanted.isEmpty() && labels.entrySet().containsAll(wanted.entrySet());
    }

    private static String mountedAt(Map<String, Object> container, String path) {
        return Yamls.listOrEmpty(container.get("volumeMounts"), "volumeMounts").stream().map(mount -> Yamls.map(mount, "volumeMount"))
                .filter(mount -> path.equals(mount.get("mountPath"))).map(mount -> String.valueOf(mount.get("name"))).findFirst().orElse(null);
    }

    private static Map<String, Object> volume(Map<String, Object> pod, String name) {
        return Yamls.listOrEmpty(pod.get("volumes"), "volumes").stream().map(volume -> Yamls.map(volume, "volume"))
                .filter(volume -> name.equals(volume.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static int sleepSeconds(String command) {
        Matcher matcher = Pattern.compile("sleep\\s+(\\d+)").matcher(command);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    private static int serverPort(String module) {
        Object port = Yamls.at(ProjectFiles.yaml(module + "/src/main/resources/" + module + ".yml"), "server.port");
        assertThat(port).as("server.port of %s.yml", module).isInstanceOf(Integer.class);
        return (Integer) port;
    }
}
