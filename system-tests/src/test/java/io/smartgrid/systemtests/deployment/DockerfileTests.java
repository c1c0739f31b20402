package io.smartgrid.systemtests.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smartgrid.systemtests.ProjectFiles;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Dockerfiles copy only what exists (in the repository, or what the build itself produces), run as a non-root
 * user, have a health check, and unpack the Boot jar's layers in the order Spring Boot defines.
 */
class DockerfileTests {

    private static final String WORKSPACE = "/workspace/";

    private static final List<String> BOOT_LAYERS = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies", "application");

    private static final Pattern EXTRACTED_LAYER = Pattern.compile(WORKSPACE + "extracted/([^/]+)/?");

    private static final Pattern TARGET_JAR = Pattern.compile(WORKSPACE + "([^/]+)/target/([^/]+)\\.jar");

    private final ComposeFile compose = ComposeFile.load();

    @Test
    void composeBuildsOnlyFromDockerfilesInTheRepository() {
        assertThat(dockerfiles()).containsOnlyKeys("Dockerfile", "docker/load-tester.Dockerfile");
    }

    @Test
    void everyPathCopiedFromTheBuildContextExistsAndIsNotIgnored() {
        List<String> ignored = ProjectFiles.text(".dockerignore").lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        dockerfiles().forEach((path, modules) -> {
            Dockerfile dockerfile = Dockerfile.read(path);
            List<String> copied = new ArrayList<>();
            for (Dockerfile.Instruction copy : dockerfile.all("COPY")) {
                if (copy.from() == null) {
                    copy.sources().forEach(source -> modules.forEach(module -> copied.add(source.replace("${MODULE}", module))));
                }
            }
            assertThat(dockerfile.all("ADD")).as("%s: COPY says what it does; ADD also fetches and unpacks", path).isEmpty();
            assertThat(copied).as("%s copies from the build context", path).isNotEmpty().allSatisfy(source -> {
                assertThat(source).doesNotContain("$");
                assertThat(ProjectFiles.file(source)).as("%s copies %s", path, source).exists();
                assertThat(ignored).as("%s copies %s, which .dockerignore leaves out of the context", path, source)
                        .noneMatch(pattern -> excludes(pattern, source));
            });
        });
    }

    @Test
    void everyPathCopiedFromTheBuilderIsWhatTheBuildProduces() {
        dockerfiles().forEach((path, modules) -> {
            List<String> layers = new ArrayList<>();
            for (Dockerfile.Instruction copy : Dockerfile.read(path).all("COPY")) {
                if (copy.from() == null) {
                    continue;
                }
                for (String source : copy.sources()) {
                    Matcher layer = EXTRACTED_LAYER.matcher(source);
                    Matcher jar = TARGET_JAR.matcher(source);
                    if (layer.matches()) {
                        layers.add(layer.group(1));
                    }
                    else if (jar.matches()) {
                        assertThat(builtJarNames(jar.group(1))).as("%s copies %s", path, source).contains(jar.group(2));
                    }
                    else {
                        throw new AssertionError(path + " copies " + source + " from the builder, which the build does not produce");
                    }
                }
            }
            if (!layers.isEmpty()) {
                assertThat(layers).as("%s copies the Boot layers from the least to the most often changed", path).isEqualTo(BOOT_LAYERS);
                String run = String.join("\n", Dockerfile.read(path).all("RUN").stream().map(Dockerfile.Instruction::arguments).toList());
                assertThat(run).contains("-Djarmode=tools", "extract --layers --application-filename app.jar --destination " + WORKSPACE + "extracted");
                modules.forEach(module -> assertThat(builtJarNames(module)).contains(module + "-exec"));
            }
        });
    }

    @Test
    void everyImageBuildsOnOneSharedDependencyLayer() {
        Map<String, List<Dockerfile.Instruction>> upToDependencies = new LinkedHashMap<>();
        Set<String> modules = new TreeSet<>();
        dockerfiles().forEach((path, built) -> {
            List<Dockerfile.Instruction> instructions = Dockerfile.read(path).instructions();
            int goOffline = 0;
            while (goOffline < instructions.size() && !instructions.get(goOffline).arguments().contains("dependency:go-offline")) {
                goOffline++;
            }
            assertThat(goOffline).as("%s resolves its dependencies in a layer of their own", path).isLessThan(instructions.size());
            upToDependencies.put(path, instructions.subList(0, goOffline + 1));
            built.stream().filter(module -> !module.isEmpty()).forEach(modules::add);
        });
        modules.add("load-tester");
        // The same instructions, none of them depending on MODULE, make the same layers: one download for all images.
        upToDependencies.forEach((path, instructions) -> {
            assertThat(instructions).as("%s up to its dependency layer", path).isEqualTo(upToDependencies.values().iterator().next());
            assertThat(instructions).as("%s up to its dependency layer", path).noneMatch(instruction -> instruction.arguments().contains("MODULE"));
        });
        List<Dockerfile.Instruction> shared = upToDependencies.values().iterator().next();
        String goOffline = shared.get(shared.size() - 1).arguments();
        Matcher projects = Pattern.compile("-pl (\\S+)").matcher(goOffline);
        assertThat(projects.find()).as("the dependency layer names its modules: %s", goOffline).isTrue();
        assertThat(projects.group(1).split(",")).as("modules whose dependencies the shared layer resolves").containsExactlyInAnyOrderElementsOf(modules);
    }

    @Test
    void bootJarsOfferExactlyTheLayersTheImageCopies() throws Exception {
        List<Path> jars = this.compose.applicationModules().values().stream().distinct()
                .map(module -> ProjectFiles.file(module + "/target/" + module + "-exec.jar")).toList();
        assumeTrue(jars.stream().allMatch(Files::isRegularFile), "the services' executable jars are not built yet");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (Path jar : jars) {
            ExternalCommand.Result listed = new ExternalCommand(Path.of(java)).run("-Djarmode=tools", "-jar",
                    jar.toString(), "list-layers");
            String output = listed.output();
            assertThat(listed.exitCode()).as("list-layers of %s: %s", jar, output).isZero();
            assertThat(output.lines().map(String::strip).filter(line -> !line.isEmpty()).toList()).as("layers of %s", jar)
                    .isEqualTo(BOOT_LAYERS);
        }
    }

    @Test
    void imagesRunAsNonRootWithAHealthCheckAndContainerSizedMemory() {
        Dockerfile service = Dockerfile.read("Dockerfile");
        List<Dockerfile.Instruction> runtime = service.finalStage();
        assertThat(runtime).filteredOn(instruction -> instruction.keyword().equals("USER")).singleElement()
                .extracting(Dockerfile.Instruction::arguments).asString().doesNotStartWith("root").doesNotStartWith("0");
        assertThat(runtime).filteredOn(instruction -> instruction.keyword().equals("HEALTHCHECK")).singleElement()
                .extracting(Dockerfile.Instruction::arguments).asString()
                .contains("curl -fsS \"http://localhost:${SERVER_PORT}/actuator/health/readiness\"");
        assertThat(runtime).filteredOn(instruction -> instruction.keyword().equals("ENTRYPOINT")).singleElement()
                .extracting(Dockerfile.Instruction::arguments).asString()
                .contains("\"@/app/cache.options\"", "\"-XX:MaxRAMPercentage=75\"", "\"-XX:+ExitOnOutOfMemoryError\"", "\"-jar\", \"/app/app.jar\"");
        // The start-up cache is trained in the image, after the application's layers it holds, with the same options.
        assertThat(runtime).filteredOn(instruction -> instruction.keyword().equals("RUN"))
                .extracting(Dockerfile.Instruction::arguments).last().asString()
                .isEqualTo("sh /usr/local/bin/start-up-cache.sh /app/app.jar -XX:MaxRAMPercentage=75 -XX:+UseParallelGC");

        Dockerfile loadTester = Dockerfile.read("docker/load-tester.Dockerfile");
        assertThat(loadTester.finalStage()).filteredOn(instruction -> instruction.keyword().equals("USER")).singleElement()
                .extracting(Dockerfile.Instruction::arguments).asString().doesNotStartWith("root").doesNotStartWith("0");
    }

    @Test
    void baseImagesArePinnedToATag() {
        dockerfiles().keySet().forEach(path -> {
            Dockerfile dockerfile = Dockerfile.read(path);
            Map<String, String> defaults = new LinkedHashMap<>();
            dockerfile.all("ARG").stream().map(Dockerfile.Instruction::arguments).filter(argument -> argument.contains("="))
                    .forEach(argument -> defaults.put(argument.substring(0, argument.indexOf('=')), argument.substring(argument.indexOf('=') + 1)));
            for (Dockerfile.Instruction from : dockerfile.all("FROM")) {
                String image = from.words().get(0);
                String resolved = image.startsWith("${") ? defaults.get(image.substring(2, image.length() - 1)) : image;
                assertThat(resolved).as("%s: FROM %s", path, image).isNotNull().matches("eclipse-temurin:(21-jdk|25-jre)(-[a-z]+)?");
            }
        });
    }

    /** Dockerfiles that docker-compose.yml builds, each with the MODULE values it is built with. */
    private Map<String, Set<String>> dockerfiles() {
        Map<String, Set<String>> dockerfiles = new LinkedHashMap<>();
        this.compose.services().forEach((service, definition) -> {
            Object build = Yamls.map(definition, service).get("build");
            if (build != null) {
                Map<String, Object> settings = Yamls.map(build, service + ".build");
                assertThat(settings.get("context")).as("%s build context", service).isEqualTo(".");
                String path = String.valueOf(settings.getOrDefault("dockerfile", "Dockerfile"));
                assertThat(ProjectFiles.file(path)).as("%s dockerfile", service).isRegularFile();
                Set<String> modules = dockerfiles.computeIfAbsent(path, key -> new TreeSet<>());
                this.compose.buildArgs(service).map(args -> args.get("MODULE")).ifPresent(module -> modules.add(String.valueOf(module)));
            }
        });
        dockerfiles.replaceAll((path, modules) -> modules.isEmpty() ? Set.of("") : modules);
        return dockerfiles;
    }

    /** Jar names (without .jar) that a module's pom produces in target/: its final name, plus its repackage classifier. */
    private static List<String> builtJarNames(String module) {
        String pom;
        try {
            pom = Files.readString(ProjectFiles.file(module + "/pom.xml"));
        }
        catch (IOException ex) {
            throw new AssertionError("no module " + module, ex);
        }
        assertThat(pom).as("%s/pom.xml names its jar after the module", module)
                .contains("<artifactId>" + module + "</artifactId>", "<finalName>${project.artifactId}</finalName>");
        List<String> names = new ArrayList<>(List.of(module));
        Matcher classifier = Pattern.compile("<classifier>([^<]+)</classifier>").matcher(pom);
        while (classifier.find()) {
            names.add(module + "-" + classifier.group(1));
        }
        return names;
    }

    /** .dockerignore patterns as this repository writes them: a path with {@code *} and a leading {@code **}/, no negation. */
    private static boolean excludes(String pattern, String source) {
        String normalized = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
        String path = pattern.startsWith("/") ? pattern.substring(1) : pattern;
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            if (path.startsWith("**/", i)) {
                regex.append("(?:.*/)?");
                i += 2;
            }
            else if (path.charAt(i) == '*') {
                regex.append("[^/]*");
            }
            else {
                regex.append(Pattern.quote(String.valueOf(path.charAt(i))));
            }
        }
        return Pattern.compile(regex + "(?:/.*)?").matcher(normalized).matches();
    }
}
