package io.smartgrid.systemtests.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.smartgrid.systemtests.ProjectFiles;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.yaml.snakeyaml.error.YAMLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every overlay of {@code deploy/kubernetes} renders with {@code kubectl kustomize}, and every object it renders is valid
 * against the Kubernetes 1.32 API schema, strictly: a duplicated key, an unknown field or a wrong type fails. No cluster
 * is needed; the checks that the manifests agree with the services' code are in {@link KubernetesConsistencyTests}.
 */
class KubernetesSchemaTests {

    /** Skips the whole class, loudly, where kubectl is missing outside CI (see {@link KubernetesManifests#kubectl}). */
    @BeforeAll
    static void kubectlIsThere() {
        KubernetesManifests.kubectl();
    }

    static final List<String> OVERLAYS = KubernetesManifests.OVERLAYS;

    private static final String VALID_DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: probe
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app: probe
              template:
                metadata:
                  labels:
                    app: probe
                spec:
                  containers:
                    - name: probe
                      image: example/probe:1
                      ports:
                        - containerPort: 8080
            """;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyOverlayRendersAndEveryObjectMatchesTheSchema(String overlay) {
        KubernetesManifests manifests = KubernetesManifests.overlay(overlay);
        assertThat(manifests.objects()).as("objects rendered by %s", overlay).isNotEmpty();
        manifests.objects().forEach(KubernetesSchema::validate);
        assertThat(manifests.objects().stream().map(object -> object.get("kind")))
                .contains("Deployment", "StatefulSet", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy",
                        "ConfigMap");
    }

    @Test
    void everyManifestFileParsesWithoutDuplicateKeys() throws IOException {
        try (Stream<Path> files = Files.walk(ProjectFiles.file(KubernetesManifests.ROOT))) {
            List<Path> yamls = files.filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml")).toList();
            assertThat(yamls).hasSizeGreaterThan(5);
            yamls.forEach(file -> assertThatCode(() -> KubernetesManifests.parseStrictly(Files.readString(file), file.toString()))
                    .as("%s", file).doesNotThrowAnyException());
        }
    }

    @Test
    void theValidatorAcceptsAValidObject() {
        assertThatCode(() -> KubernetesSchema.validate(parse(VALID_DEPLOYMENT))).doesNotThrowAnyException();
    }

    @Test
    void aDuplicatedKeyIsRejected() {
        String duplicated = VALID_DEPLOYMENT.replace("  replicas: 2\n", "  replicas: 2\n  replicas: 3\n");
        assertThatThrownBy(() -> parse(duplicated)).isInstanceOf(YAMLException.class).hasMessageContaining("duplicate key replicas");
    }

    @Test
    void anUnknownFieldIsRejectedAtAnyDepth() {
        String topLevel = VALID_DEPLOYMENT.replace("  replicas: 2\n", "  replicas: 2\n  replica: 3\n");
        assertThatThrownBy(() -> KubernetesSchema.validate(parse(topLevel))).hasMessageContaining("`replica`")
                .hasMessageContaining("V1DeploymentSpec");
        String nested = VALID_DEPLOYMENT.replace("- containerPort: 8080", "- containerPort: 8080\n              hostPortt: 80");
        assertThatThrownBy(() -> KubernetesSchema.validate(parse(nested))).hasMessageContaining("`hostPortt`")
                .hasMessageContaining("V1ContainerPort");
    }

    @Test
    void aWrongTypeIsRejected() {
        String word = VALID_DEPLOYMENT.replace("replicas: 2", "replicas: two");
        assertThatThrownBy(() -> KubernetesSchema.validate(parse(word))).hasMessageContaining("does not match the Kubernetes 1.32 schema");
        String quotedNumber = VALID_DEPLOYMENT.replace("replicas: 2", "replicas: \"2\"");
        assertThatThrownBy(() -> KubernetesSchema.validate(parse(quotedNumber))).hasMessageContaining(".spec.replicas is a string");
        String numericLabel = VALID_DEPLOYMENT.replace("    app: probe\n    spec:", "    app: probe\n        version: 1\n    spec:");
        assertThatThrownBy(() -> KubernetesSchema.validate(parse(numericLabel))).hasMessageContaining("labels.version is a number");
        String listForObject = VALID_DEPLOYMENT.replace("  selector:\n    matchLabels:\n      app: probe\n", "  selector: [app]\n");
        assertThatThrownBy(() -> KubernetesSchema.validate(parse(listForObject))).hasMessageContaining("does not match");
        String stringForBoolean = VALID_DEPLOYMENT.replace("  replicas: 2\n", "  replicas: 2\n  paused: \"no\"\n");
        assertThatThrownBy(() -> KubernetesSchema.validate(parse(stringForBoolean))).hasMessageContaining("does not match");
    }

    @Test
    void aMissingRequiredFieldIsRejected() {
        String noSelector = VALID_DEPLOYMENT.replace("  selector:\n    matchLabels:\n      app: probe\n", "");
        assertThatThrownBy(() -> KubernetesSchema.validate(parse(noSelector))).hasMessageContaining("required field `selector`");
    }

    /** The whole pipeline, on a kustomization holding one broken manifest: kustomize, the strict parse, the schema. */
    @Test
    void aBrokenManifestFailsThePipeline(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("kustomization.yaml"), "resources:\n  - deployment.yaml\n");
        Files.writeString(dir.resolve("deployment.yaml"), VALID_DEPLOYMENT.replace("  replicas: 2\n", "  replicas: 2\n  replica: 3\n"));
        assertThatThrownBy(() -> KubernetesManifests.render(dir).objects().forEach(KubernetesSchema::validate))
                .hasMessageContaining("`replica`");

        Files.writeString(dir.resolve("deployment.yaml"), VALID_DEPLOYMENT.replace("  replicas: 2\n", "  replicas: 2\n  replicas: 3\n"));
        assertThatThrownBy(() -> KubernetesManifests.render(dir).objects().forEach(KubernetesSchema::validate))
                .hasMessageContaining("replicas");

        Files.writeString(dir.resolve("deployment.yaml"), VALID_DEPLOYMENT.replace("replicas: 2", "replicas: \"2\""));
        assertThatThrownBy(() -> KubernetesManifests.render(dir).objects().forEach(KubernetesSchema::validate))
                .hasMessageContaining(".spec.replicas is a string");

        Files.writeString(dir.resolve("deployment.yaml"), VALID_DEPLOYMENT);
        assertThat(KubernetesManifests.render(dir).objects()).hasSize(1).allSatisfy(KubernetesSchema::validate);
    }

    private static Map<String, Object> parse(String yaml) {
        List<Map<String, Object>> documents = KubernetesManifests.parseStrictly(yaml, "test manifest");
        assertThat(documents).hasSize(1);
        return documents.get(0);
    }
}
