package io.smartgrid.systemtests.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.kubernetes.client.openapi.JSON;

/**
 * Strict validation of Kubernetes objects against the API schema of Kubernetes {@value #KUBERNETES_VERSION}, through the
 * models of the official Kubernetes Java client ({@code io.kubernetes:client-java-api} 24.0.0), which are generated from
 * that version's OpenAPI document.
 * <p>
 * Each model rejects, while it reads an object, any field its schema does not define and any required field that is
 * missing, at every depth. Reading also fails on a value it cannot convert (an object where a string belongs, a word
 * where a number belongs, a string where a boolean belongs). What reading alone lets through, because the JSON library
 * converts it, is caught by writing the model back and comparing: a quoted number in an integer field, or a number in a
 * string field (a label value), comes back as another JSON type, and a field that did not survive the round trip was not
 * part of the schema. Stricter than the API server in one point: quantities (cpu, memory, storage) must be written as
 * strings, as everywhere in this repository.
 */
final class KubernetesSchema {

    static final String KUBERNETES_VERSION = "1.32";

    private static final String MODELS = "io.kubernetes.client.openapi.models.";

    /** The API versions these manifests may use (the served, stable versions of 1.32), by kind. */
    private static final Map<String, String> API_VERSIONS = Map.ofEntries(
            Map.entry("Namespace", "v1"),
            Map.entry("ConfigMap", "v1"),
            Map.entry("Secret", "v1"),
            Map.entry("Service", "v1"),
            Map.entry("ServiceAccount", "v1"),
            Map.entry("PersistentVolumeClaim", "v1"),
            Map.entry("Pod", "v1"),
            Map.entry("Deployment", "apps/v1"),
            Map.entry("StatefulSet", "apps/v1"),
            Map.entry("HorizontalPodAutoscaler", "autoscaling/v2"),
            Map.entry("PodDisruptionBudget", "policy/v1"),
            Map.entry("NetworkPolicy", "networking.k8s.io/v1"));

    private static final Gson GSON = new Gson();

    private KubernetesSchema() {
    }

    /** Validates one object; the error names the object and what is wrong with it. */
    static void validate(Map<String, Object> object) {
        String kind = String.valueOf(object.get("kind"));
        String what = kind + " " + Yamls.at(object, "metadata.name");
        String apiVersion = API_VERSIONS.get(kind);
        if (apiVersion == null) {
            throw new AssertionError(what + ": kind " + kind + " is not one these checks know; known: " + API_VERSIONS.keySet());
        }
        if (!apiVersion.equals(object.get("apiVersion"))) {
            throw new AssertionError(what + ": apiVersion " + object.get("apiVersion") + ", expected " + apiVersion);
        }
        Class<?> model = model(apiVersion, kind);
        JsonElement input = GSON.toJsonTree(object);
        Object read;
        try {
            read = JSON.deserialize(input.toString(), model);
        }
        catch (RuntimeException ex) {
            throw new AssertionError(what + " does not match the Kubernetes " + KUBERNETES_VERSION + " schema of " + model.getSimpleName()
                    + ": " + rootMessage(ex), ex);
        }
        List<String> differences = new ArrayList<>();
        compare("", input, JSON.getGson().toJsonTree(read), differences);
        if (!differences.isEmpty()) {
            throw new AssertionError(what + " does not match the Kubernetes " + KUBERNETES_VERSION + " schema of "
                    + model.getSimpleName() + ": " + String.join("; ", differences));
        }
    }

    /** {@code apps/v1} + {@code Deployment} → {@code V1Deployment}: the client's naming of its models. */
    private static Class<?> model(String apiVersion, String kind) {
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String name = MODELS + Character.toUpperCase(version.charAt(0)) + version.substring(1) + kind;
        try {
            return Class.forName(name);
        }
        catch (ClassNotFoundException ex) {
            throw new AssertionError("no model " + name + " in the Kubernetes client", ex);
        }
    }

    /** Every value of the input must come back from the model at the same place and with the same JSON type. */
    private static void compare(String path, JsonElement input, JsonElement output, List<String> differences) {
        if (input.isJsonNull()) {
            return;
        }
        if (output == null || output.isJsonNull()) {
            differences.add(path + " is not a field of the schema (it did not survive reading)");
        }
        else if (input.isJsonObject()) {
            if (!output.isJsonObject()) {
                differences.add(path + " should not be an object");
                return;
            }
            JsonObject written = output.getAsJsonObject();
            input.getAsJsonObject().entrySet().forEach(entry ->
                    compare(path + "." + entry.getKey(), entry.getValue(), written.get(entry.getKey()), differences));
        }
        else if (input.isJsonArray()) {
            if (!output.isJsonArray() || output.getAsJsonArray().size() != input.getAsJsonArray().size()) {
                differences.add(path + " should not be a list");
                return;
            }
            for (int i = 0; i < input.getAsJsonArray().size(); i++) {
                compare(path + "[" + i + "]", input.getAsJsonArray().get(i), output.getAsJsonArray().get(i), differences);
            }
        }
        else if (!output.isJsonPrimitive() || !sameType(input.getAsJsonPrimitive(), output.getAsJsonPrimitive())) {
            differences.add(path + " is " + type(input) + " " + input + " where the schema has " + type(output));
        }
    }

    private static boolean sameType(JsonPrimitive input, JsonPrimitive output) {
        return input.isNumber() == output.isNumber() && input.isString() == output.isString() && input.isBoolean() == output.isBoolean();
    }

    private static String type(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return "nothing";
        }
        if (element.isJsonObject()) {
            return "an object";
        }
        if (element.isJsonArray()) {
            return "a list";
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        return primitive.isNumber() ? "a number" : primitive.isBoolean() ? "a boolean" : "a string";
    }

    private static String rootMessage(Throwable ex) {
        Throwable cause = ex;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        // The client appends the whole object's JSON to an unknown-field message: keep the sentence.
        int json = message == null ? -1 : message.indexOf(" JSON: ");
        return json < 0 ? String.valueOf(message) : message.substring(0, json);
    }
}
