package io.smartgrid.localgrid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Which cache a JDK gets, how the grid is started from it, and when a cache no longer belongs to the jar. */
class StartUpCacheTests {

    @Test
    void jdk25AndLaterGetAnAotCacheEarlierOnesACdsArchive(@TempDir Path dir) {
        Path jar = dir.resolve("local-grid.jar");
        StartUpCache aot = new StartUpCache(jar, 25);
        StartUpCache cds = new StartUpCache(jar, 21);
        Path extracted = dir.resolve("local-grid-cache/local-grid.jar");

        assertThat(aot.file()).isEqualTo(dir.resolve("local-grid-cache/local-grid.aot"));
        assertThat(aot.startCommand(List.of("-Xmx256m"), List.of("--substations", "2"))).endsWith("-Xmx256m",
                "-XX:AOTCache=" + aot.file(), "-jar", extracted.toString(), "--substations", "2");
        assertThat(aot.trainingCommand(List.of(), List.of("--base-port=0"))).contains("-XX:AOTCacheOutput=" + aot.file())
                .endsWith("-jar", extracted.toString(), "--base-port=0", LocalGrid.EXIT_WHEN_READY);

        assertThat(cds.file()).isEqualTo(dir.resolve("local-grid-cache/local-grid.jsa"));
        assertThat(cds.startCommand(List.of(), List.of())).endsWith("-XX:SharedArchiveFile=" + cds.file(), "-jar", extracted.toString());
        assertThat(cds.trainingCommand(List.of(), List.of())).contains("-XX:ArchiveClassesAtExit=" + cds.file());
    }

    @Test
    void aCacheIsUsedOnlyWithTheJarItWasTrainedFrom(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("local-grid.jar"), "the build of today");
        StartUpCache cache = new StartUpCache(jar, 25);
        Files.createDirectories(cache.extractedJar().getParent());
        Files.writeString(cache.extractedJar(), "extracted");
        assertThat(cache.usable()).as("not trained").isFalse();

        Files.writeString(cache.file(), "cache");
        Files.writeString(cache.stamp(), "d0b0e0f1c3d8c2c71d4d2c1b9d5b7a1f3e0a9e0e1b0c2d3e4f5a6b7c8d9e0f1a2\n");
        assertThat(cache.usable()).as("trained from another jar").isFalse();

        Files.writeString(cache.stamp(), sha256("the build of today") + "\n");
        assertThat(cache.usable()).isTrue();

        Files.writeString(jar, "the build of tomorrow");
        assertThat(cache.usable()).as("the jar was rebuilt").isFalse();
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes()));
    }
}
