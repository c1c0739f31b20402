package io.smartgrid.systemtests.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.smartgrid.systemtests.ProjectFiles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code java -jar local-grid.jar cache} trains a start-up cache; the next {@code java -jar local-grid.jar} starts the
 * grid from it in a child JVM, which stops with its parent; a jar that is not the one trained starts without it.
 */
class LocalGridCacheTests {

    private static final long LIMIT_SECONDS = 120;

    @Test
    void theGridStartsFromTheCacheTrainedForItsJar(@TempDir Path dir) throws Exception {
        Path built = ProjectFiles.file("local-grid/target/local-grid.jar");
        assumeTrue(Files.isRegularFile(built), "local-grid.jar is not built yet");
        Path jar = Files.copy(built, dir.resolve("local-grid.jar"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> grid = List.of("--base-port=0", "--substations=1", "--data-dir=" + dir.resolve("data"));

        Process training = start(dir, "training.log", java, "-jar", jar.toString(), "cache", grid.get(0), grid.get(1), grid.get(2));
        assertThat(training.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)).as("training run ends").isTrue();
        String trainingLog = Files.readString(dir.resolve("training.log"));
        assertThat(training.exitValue()).as(trainingLog).isZero();
        assertThat(trainingLog).contains("Start-up cache written");
        Path cacheDir = dir.resolve("local-grid-cache");
        assertThat(cacheDir.resolve("local-grid.sha256")).isNotEmptyFile();
        assertThat(cacheDir.resolve(Runtime.version().feature() >= 25 ? "local-grid.aot" : "local-grid.jsa")).isNotEmptyFile();

        String cached = runUntilUp(dir, "cached.log", java, jar, grid);
        assertThat(cached).contains("Starting from the start-up cache " + cacheDir);

        Files.writeString(cacheDir.resolve("local-grid.sha256"), "0".repeat(64));
        String uncached = runUntilUp(dir, "uncached.log", java, jar, grid);
        assertThat(uncached).doesNotContain("Starting from the start-up cache");
    }

    /** Starts the grid, waits until it is up, stops the launcher by its PID and checks that nothing it started outlives it. */
    private static String runUntilUp(Path dir, String logName, String java, Path jar, List<String> grid) throws Exception {
        Process launcher = start(dir, logName, java, "-jar", jar.toString(), grid.get(0), grid.get(1), grid.get(2));
        Path log = dir.resolve(logName);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
            while (!Files.readString(log).contains("Smart Grid is up") && launcher.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(Files.readString(log)).as("%s", logName).contains("Smart Grid is up");
            List<ProcessHandle> started = launcher.descendants().toList();
            launcher.destroy();
            assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).as("the launcher stops").isTrue();
            for (ProcessHandle child : started) {
                assertThat(child.onExit().get(60, TimeUnit.SECONDS).isAlive()).as("child %s stops with the launcher", child.pid()).isFalse();
            }
            return Files.readString(log);
        }
        finally {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    private static Process start(Path dir, String logName, String... command) throws IOException {
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(logName).toFile()).start();
    }
}
