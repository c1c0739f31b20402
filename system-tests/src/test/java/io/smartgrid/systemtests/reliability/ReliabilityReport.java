package io.smartgrid.systemtests.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Figures the reliability tests measure (counts, recovery times): printed, and appended to
 * {@code target/reliability/figures.txt}, from where docs/reliability.md takes them. Never asserted as timings.
 */
final class ReliabilityReport {

    private static final Path FILE = Path.of("target", "reliability", "figures.txt");

    private ReliabilityReport() {
    }

    static synchronized void record(String scenario, String figures) {
        String line = Instant.now() + "  " + scenario + ": " + figures;
        System.out.println("[reliability] " + line);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
