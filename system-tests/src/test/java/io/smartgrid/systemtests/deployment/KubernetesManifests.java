package io.smartgrid.systemtests.deployment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smartgrid.systemtests.ProjectFiles;

import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * One overlay of {@code deploy/kubernetes} as {@code kubectl kustomize} renders it, parsed strictly: a key written
 * twice in one mapping fails the parse instead of the last one silently winning.
 */
final class KubernetesManifests {

    static final String ROOT = "deploy/kubernetes";

    static final List<String> OVERLAYS = List.of("dev", "production");

    private final String source;

    private final List<Map<String, Object>> objects;

    private KubernetesManifests(String source, List<Map<String, Object>> objects) {
        this.source = source;
        this.objects = objects;
    }

    private static final Map<String, KubernetesManifests> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    /** Renders {@code deploy/kubernetes/overlays/<overlay>}, once per test run. */
    static KubernetesManifests overlay(String overlay) {
        return RENDERED.computeIfAbsent(overlay, name -> render(ProjectFiles.file(ROOT + "/overlays/" + name)));
    }

    /** Renders any kustomization directory and parses the result strictly. */
    static KubernetesManifests render(Path kustomization) {
        ExternalCommand.Result result = run(kubectl(), "kustomize", kustomization.toString());
        if (result.exitCode() != 0) {
            throw new AssertionError("kubectl kustomize " + kustomization + " failed: " + result.output());
        }
        return new KubernetesManifests(kustomization.toString(), parseStrictly(result.output(), kustomization.toString()));
    }

    /**
     * kubectl renders the overlays. In CI ({@code CI=true}) it is required: a skipped check there would let manifests
     * nobody rendered through, so its absence fails the build. On a developer's machine with only a JDK the checks
     * are skipped instead, with a message saying so, so that {@code ./mvnw verify} still runs everything else.
     */
    static ExternalCommand kubectl() {
        Optional<ExternalCommand> kubectl = ExternalCommand.find("kubectl");
        String missing = "kubectl is not on the PATH, so deploy/kubernetes cannot be rendered and validated. Install "
                + "kubectl 1.32 (it carries Kustomize: `kubectl kustomize`).";
        if (kubectl.isEmpty() && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(missing + " In CI these checks do not skip.");
        }
        Assumptions.assumeTrue(kubectl.isPresent(), missing + " Skipped here; CI requires it.");
        return kubectl.get();
    }

    private static ExternalCommand.Result run(ExternalCommand command, String... arguments) {
        try {
            return command.run(arguments);
        }
        catch (IOException ex) {
            throw new AssertionError("cannot run " + command.executable(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
    }

    /** Every document of a multi-document YAML stream; a duplicated key anywhere is an error. */
    static List<Map<String, Object>> parseStrictly(String yaml, String what) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(options).loadAll(yaml)) {
            if (document != null) {
                documents.add(Yamls.map(document, "a document of " + what));
            }
        }
        return documents;
    }

    String source() {
        return this.source;
    }

    List<Map<String, Object>> objects() {
        return this.objects;
    }

    List<Map<String, Object>> ofKind(String kind) {
        return this.objects.stream().filter(object -> kind.equals(object.get("kind"))).toList();
    }

    Optional<Map<String, Object>> find(String kind, String name) {
        return ofKind(kind).stream().filter(object -> name.equals(Yamls.at(object, "metadata.name"))).findFirst();
    }

    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(this.source + " renders no " + kind + " " + name));
    }

    /** Deployments and StatefulSets: everything that runs pods. */
    List<Map<String, Object>> workloads() {
        return this.objects.stream().filter(object -> "Deployment".equals(object.get("kind")) || "StatefulSet".equals(object.get("kind")))
                .toList();
    }

    static String name(Map<String, Object> object) {
        return String.valueOf(Yamls.at(object, "metadata.name"));
    }

    static Map<String, Object> podSpec(Map<String, Object> workload) {
        return Yamls.map(Yamls.at(workload, "spec.template.spec"), name(workload) + " pod spec");
    }

    static Map<String, Object> podAnnotations(Map<String, Object> workload) {
        return Yamls.mapOrEmpty(Yamls.at(workload, "spec.template.metadata.annotations"), name(workload) + " pod annotations");
    }

    /** The one application container of a workload. */
    static Map<String, Object> container(Map<String, Object> workload) {
        List<Object> containers = Yamls.list(podSpec(workload).get("containers"), name(workload) + " containers");
        if (containers.size() != 1) {
            throw new AssertionError(name(workload) + " should run exactly one container, runs " + containers.size());
        }
        return Yamls.map(containers.get(0), name(workload) + " container");
    }

    /** The container's environment as name → entry (with {@code value} or {@code valueFrom}). */
    static Map<String, Map<String, Object>> environment(Map<String, Object> container) {
        Map<String, Map<String, Object>> variables = new LinkedHashMap<>();
        for (Object entry : Yamls.listOrEmpty(container.get("env"), "env")) {
            Map<String, Object> variable = Yamls.map(entry, "env entry");
            variables.put(String.valueOf(variable.get("name")), variable);
        }
        return variables;
    }

    /** The literal value of a variable, or null when it comes from elsewhere ({@code valueFrom}). */
    static String value(Map<String, Object> container, String variable) {
        Map<String, Object> entry = environment(container).get(variable);
        return entry == null || entry.get("value") == null ? null : String.valueOf(entry.get("value"));
    }
}
