package io.smartgrid.systemtests.observability;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the project itself, found from wherever the tests run (the module or the repository root). */
final class ProjectFiles {

    private ProjectFiles() {
    }

    /** The repository root: the nearest directory up from here with the parent POM and the Maven wrapper or Compose file. */
    static Path root() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml"))
                    && (Files.isRegularFile(dir.resolve("mvnw")) || Files.isRegularFile(dir.resolve("docker-compose.yml")))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (pom.xml with mvnw or docker-compose.yml) above " + start);
    }
}
