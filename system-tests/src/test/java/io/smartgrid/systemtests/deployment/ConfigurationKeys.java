package io.smartgrid.systemtests.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.smartgrid.systemtests.ProjectFiles;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * The configuration keys one service really reads: every key of its {@code <module>.yml} plus every property of
 * its {@code @ConfigurationProperties} records, found on the classpath. Environment variables are matched to them
 * the way Spring's relaxed binding does ({@code GRID_BALANCER_SUBSTATIONS_0_URL} → {@code grid.balancer.substations[0].url}).
 */
final class ConfigurationKeys {

    private static final String PROJECT_PACKAGE = "io.smartgrid";

    private final String module;

    private final Set<String> keys;

    private final Set<Pattern> environmentPatterns;

    private ConfigurationKeys(String module, Set<String> keys) {
        this.module = module;
        this.keys = keys;
        this.environmentPatterns = keys.stream().map(ConfigurationKeys::environmentPattern).collect(Collectors.toSet());
    }

    static ConfigurationKeys of(String module) {
        Set<String> keys = new LinkedHashSet<>(Yamls.flatten(ProjectFiles.yaml(module + "/src/main/resources/" + module + ".yml")).keySet());
        keys.addAll(propertiesKeys(basePackage(module)));
        // Every service runs grid-http's edge, which binds its own keys (the operator token, the body limit).
        keys.addAll(propertiesKeys("io.smartgrid.http"));
        return new ConfigurationKeys(module, keys);
    }

    Set<String> keys() {
        return this.keys;
    }

    boolean bindsEnvironmentVariable(String variable) {
        String candidate = variable.toLowerCase(Locale.ROOT).replace('_', '.');
        return this.environmentPatterns.stream().anyMatch(pattern -> pattern.matcher(candidate).matches());
    }

    @Override
    public String toString() {
        return this.module + " " + this.keys;
    }

    /** The package of the module's {@code @SpringBootApplication}, read from its sources. */
    static String basePackage(String module) {
        Path sources = ProjectFiles.file(module + "/src/main/java");
        try (Stream<Path> files = Files.walk(sources)) {
            Path application = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(ConfigurationKeys::declaresSpringBootApplication)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(module + " has no @SpringBootApplication class under " + sources));
            return sources.relativize(application.getParent()).toString().replace(application.getFileSystem().getSeparator(), ".");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static boolean declaresSpringBootApplication(Path file) {
        try {
            return Files.readString(file).contains("@SpringBootApplication");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static Set<String> propertiesKeys(String basePackage) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Set<String> keys = new LinkedHashSet<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
            Class<?> type = ClassUtils.resolveClassName(candidate.getBeanClassName(), ConfigurationKeys.class.getClassLoader());
            MergedAnnotation<ConfigurationProperties> annotation = MergedAnnotations.from(type).get(ConfigurationProperties.class);
            String prefix = annotation.getString("prefix");
            collect(prefix.isEmpty() ? annotation.getString("value") : prefix, type, keys);
        }
        return keys;
    }

    private static void collect(String prefix, Class<?> type, Set<String> keys) {
        if (!type.isRecord()) {
            throw new AssertionError(type.getName() + " binds '" + prefix + "' but is not a record; "
                    + "the deployment checks read configuration from record components");
        }
        for (RecordComponent component : type.getRecordComponents()) {
            property(prefix + "." + kebab(component.getName()), component.getType(), component.getGenericType(), keys);
        }
    }

    private static void property(String name, Class<?> type, Type genericType, Set<String> keys) {
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            keys.add(name);
            Optional<Class<?>> element = type.isArray() ? Optional.of(type.getComponentType()) : typeArgument(genericType, 0);
            element.ifPresentOrElse(value -> property(name + "[*]", value, value, keys), () -> keys.add(name + "[*]"));
        }
        else if (Map.class.isAssignableFrom(type)) {
            typeArgument(genericType, 1).ifPresentOrElse(value -> property(name + ".*", value, value, keys), () -> keys.add(name + ".*"));
        }
        else if (type.isRecord() && type.getName().startsWith(PROJECT_PACKAGE)) {
            collect(name, type, keys);
        }
        else {
            keys.add(name);
        }
    }

    private static Optional<Class<?>> typeArgument(Type genericType, int index) {
        if (genericType instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments().length > index
                && parameterized.getActualTypeArguments()[index] instanceof Class<?> argument) {
            return Optional.of(argument);
        }
        return Optional.empty();
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /**
     * Relaxed binding from the environment: dashes vanish, dots and list indexes become underscores, case is ignored.
     * So {@code grid.balancer.substations[*].url} accepts {@code grid.balancer.substations.0.url}.
     */
    static Pattern environmentPattern(String key) {
        StringBuilder regex = new StringBuilder();
        for (String segment : key.replace("[*]", ".[*]").replaceAll("\\[(\\d+)]", ".$1").split("\\.")) {
            if (!regex.isEmpty()) {
                regex.append("\\.");
            }
            switch (segment) {
                case "[*]" -> regex.append("\\d+");
                case "*" -> regex.append("[a-z0-9]+");
                default -> regex.append(Pattern.quote(segment.replace("-", "").toLowerCase(Locale.ROOT)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
