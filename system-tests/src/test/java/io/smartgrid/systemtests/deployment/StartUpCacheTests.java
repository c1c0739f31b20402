package io.smartgrid.systemtests.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.smartgrid.systemtests.ProjectFiles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The images' start-up cache, trained the way the Dockerfile trains it: {@code docker/start-up-cache.sh} on the
 * service's jar extracted as the image holds it. The JDK running this test decides which kind of cache it makes (an
 * AOT cache from JDK 25, a CDS archive before it); a start that insists on using it must then succeed.
 */
class StartUpCacheTests {

    @Test
    void theTrainedCacheIsOneAStartCanUse(@TempDir Path app) throws Exception {
        Path jar = ProjectFiles.file("substation-service/target/substation-service-exec.jar");
        assumeTrue(Files.isRegularFile(jar), "the substation's executable jar is not built yet");
        Path javaHome = Path.of(System.getProperty("java.home"));
        ExternalCommand java = new ExternalCommand(javaHome.resolve("bin/java"));

        ExternalCommand.Result extracted = java.run("-Djarmode=tools", "-jar", jar.toString(), "extract",
                "--application-filename", "app.jar", "--destination", app.toString());
        assertThat(extracted.exitCode()).as(extracted.output()).isZero();

        Map<String, String> path = Map.of("PATH", javaHome.resolve("bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        ExternalCommand.Result trained = new ExternalCommand(Path.of("/bin/sh")).run(path,
                ProjectFiles.file("docker/start-up-cache.sh").toString(), app.resolve("app.jar").toString(), "-XX:+UseParallelGC");
        assertThat(trained.exitCode()).as(trained.output()).isZero();

        String option = Files.readString(app.resolve("cache.options")).strip();
        boolean aotCache = Runtime.version().feature() >= 25;
        assertThat(option).isEqualTo(aotCache ? "-XX:AOTCache=" + app.resolve("app.aot") : "-XX:SharedArchiveFile=" + app.resolve("app.jsa"));
        assertThat(app.resolve(aotCache ? "app.aot" : "app.jsa")).isNotEmptyFile();

        // -Xshare:on / -XX:AOTMode=on: the JVM refuses to start unless it can map the cache it is given.
        String strict = aotCache ? "-XX:AOTMode=on" : "-Xshare:on";
        ExternalCommand.Result started = java.run(Map.of("GRID_SUBSTATION_DATADIR", app.resolve("run").toString()),
                "@" + app.resolve("cache.options"), strict, "-XX:+UseParallelGC", "-Dspring.context.exit=onRefresh", "-jar",
                app.resolve("app.jar").toString());
        assertThat(started.exitCode()).as(started.output()).isZero();
    }
}
