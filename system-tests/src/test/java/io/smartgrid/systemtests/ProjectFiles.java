package io.smartgrid.systemtests;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/**
 * Files of the project itself (deployment, monitoring, each module's configuration and sources), found from wherever
 * the tests run: the module or the repository root.
 */
public final class ProjectFiles {

    private static final Path ROOT = locate();

    private ProjectFiles() {
    }

    /** The repository root: the nearest directory up from the working directory with both a compose file and a pom. */
    public static Path root() {
        return ROOT;
    }

    public static Path file(String relative) {
        return ROOT.resolve(relative);
    }

    public static Map<String, Object> yaml(String relative) {
        Path path = file(relative);
        try (Reader reader = Files.newBufferedReader(path)) {
            Map<String, Object> document = new Yaml().load(reader);
            if (document == null) {
                throw new IllegalStateException(relative + " is empty");
            }
            return document;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + relative, ex);
        }
    }

    public static String text(String relative) {
        try {
            return Files.readString(file(relative));
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read " + relative, ex);
        }
    }

    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no directory above " + Path.of("").toAbsolutePath()
                + " holds both docker-compose.yml and pom.xml");
    }
}
