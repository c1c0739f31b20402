package io.smartgrid.systemtests.deployment;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/** The checked-out repository that the deployment files live in, found from wherever the tests run. */
final class Repository {

    private static final Path ROOT = locate();

    private Repository() {
    }

    /** The repository root: the nearest directory up from the working directory with both a compose file and a pom. */
    static Path root() {
        return ROOT;
    }

    static Path file(String relative) {
        return ROOT.resolve(relative);
    }

    static Map<String, Object> yaml(String relative) {
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

    static String text(String relative) {
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
