package io.smartgrid.systemtests.deployment;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smartgrid.systemtests.ProjectFiles;

/** The parts of {@code docker-compose.yml} the consistency checks read, without interpolating {@code .env}. */
final class ComposeFile {

    private static final Pattern PORT_MAPPING = Pattern.compile("(?:(?:[\\d.]+):)?(\\d+):(\\d+)(?:/tcp)?");

    private final Map<String, Object> document;

    private ComposeFile(Map<String, Object> document) {
        this.document = document;
    }

    static ComposeFile load() {
        return new ComposeFile(ProjectFiles.yaml("docker-compose.yml"));
    }

    Map<String, Object> document() {
        return this.document;
    }

    Map<String, Object> services() {
        return Yamls.map(this.document.get("services"), "services");
    }

    Map<String, Object> service(String name) {
        return Yamls.map(services().get(name), "service " + name);
    }

    /** The services built from this repository's Dockerfile with a {@code MODULE} argument, by service name. */
    Map<String, String> applicationModules() {
        Map<String, String> modules = new LinkedHashMap<>();
        services().forEach((name, definition) -> buildArgs(name).flatMap(args -> Optional.ofNullable(args.get("MODULE")))
                .ifPresent(module -> modules.put(name, String.valueOf(module))));
        return modules;
    }

    List<String> servicesOfModule(String module) {
        return applicationModules().entrySet().stream().filter(entry -> entry.getValue().equals(module))
                .map(Map.Entry::getKey).toList();
    }

    Optional<Map<String, Object>> buildArgs(String name) {
        Object build = service(name).get("build");
        if (!(build instanceof Map<?, ?>)) {
            return Optional.empty();
        }
        return Optional.of(Yamls.mapOrEmpty(Yamls.map(build, name + ".build").get("args"), name + ".build.args"));
    }

    /** The environment in either Compose notation (mapping or {@code KEY=value} list), values uninterpolated. */
    Map<String, String> environment(String name) {
        Object environment = service(name).get("environment");
        Map<String, String> variables = new LinkedHashMap<>();
        if (environment instanceof List<?> list) {
            for (Object entry : list) {
                String text = String.valueOf(entry);
                int equals = text.indexOf('=');
                variables.put(equals < 0 ? text : text.substring(0, equals), equals < 0 ? "" : text.substring(equals + 1));
            }
        }
        else {
            Yamls.mapOrEmpty(environment, name + ".environment").forEach((key, value) -> variables.put(key, String.valueOf(value)));
        }
        return variables;
    }

    /** Published ports as host port → container port. */
    Map<Integer, Integer> publishedPorts(String name) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (Object entry : Yamls.listOrEmpty(service(name).get("ports"), name + ".ports")) {
            Matcher matcher = PORT_MAPPING.matcher(String.valueOf(entry));
            if (!matcher.matches()) {
                throw new AssertionError(name + " publishes '" + entry + "'; write ports as \"HOST:CONTAINER\"");
            }
            ports.put(Integer.valueOf(matcher.group(1)), Integer.valueOf(matcher.group(2)));
        }
        return ports;
    }

    /** The port an application container listens on: {@code SERVER_PORT} from its environment, else from its build. */
    int serverPort(String name) {
        String fromEnvironment = environment(name).get("SERVER_PORT");
        if (fromEnvironment != null) {
            return Integer.parseInt(fromEnvironment);
        }
        Object fromBuild = buildArgs(name).map(args -> args.get("SERVER_PORT"))
                .orElseThrow(() -> new AssertionError(name + " has no SERVER_PORT, neither in its environment nor its build args"));
        return Integer.parseInt(String.valueOf(fromBuild));
    }

    /** Resolves a URL's host to a Compose service, failing clearly when it names none. */
    String serviceAt(URI url, String what) {
        if (url.getHost() == null || !services().containsKey(url.getHost())) {
            throw new AssertionError(what + " (" + url + ") does not name a compose service; services are " + services().keySet());
        }
        return url.getHost();
    }
}
