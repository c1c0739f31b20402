package io.smartgrid.systemtests.dashboard;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Chromium run headless as a child process: it loads a page, lets its scripts run for a
 * few seconds of virtual time (timers and fetches included) and prints the rendered DOM or saves a
 * screenshot. A fresh profile every time, and no network but the page's own origin.
 */
final class HeadlessChromium {

    static final Path BINARY = Path.of("/usr/bin/chromium");

    /** Virtual time the page gets to run: ten polls of the dashboard at 500 ms. */
    private static final int VIRTUAL_TIME_BUDGET_MS = 5000;

    /** Generous, for a loaded 2-core machine; Chromium normally finishes in a few seconds. */
    private static final Duration LIMIT = Duration.ofSeconds(90);

    private HeadlessChromium() {
    }

    /** Skips the calling test, saying why, where Chromium is not installed. */
    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(BINARY),
                "Chromium is not installed at " + BINARY + " (Debian package 'chromium'), so the dashboard's browser tests are skipped");
    }

    /** The page's DOM after its scripts have run, as Chromium serialises it. */
    static String dumpDom(String url) {
        Path out = run(List.of("--dump-dom", url), null);
        try {
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(out);
        }
    }

    /** A PNG of the page as a 1280×900 window shows it. */
    static void screenshot(String url, Path png) {
        deleteQuietly(run(List.of("--window-size=1280,900", "--hide-scrollbars", "--screenshot=" + png.toAbsolutePath(), url), png));
    }

    private static Path run(List<String> arguments, Path expectedFile) {
        Path profile = null;
        Path out = null;
        Path err = null;
        try {
            profile = Files.createTempDirectory("dashboard-chromium-profile-");
            out = Files.createTempFile("dashboard-chromium-", ".out");
            err = Files.createTempFile("dashboard-chromium-", ".err");
            List<String> command = new ArrayList<>(List.of(BINARY.toString(),
                    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                    "--user-data-dir=" + profile, "--virtual-time-budget=" + VIRTUAL_TIME_BUDGET_MS));
            command.addAll(arguments);
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                // Its renderer and GPU helpers first, then Chromium itself: nothing of ours is left running.
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("Chromium did not finish within " + LIMIT + ":\n" + tail(err));
            }
            if (process.exitValue() != 0) {
                throw new AssertionError("Chromium exited with " + process.exitValue() + ":\n" + tail(err));
            }
            if (expectedFile != null && !Files.exists(expectedFile)) {
                throw new AssertionError("Chromium wrote no " + expectedFile + ":\n" + tail(err));
            }
            Path result = out;
            out = null;
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Chromium ran", e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
            deleteQuietly(profile);
        }
    }

    private static String tail(Path err) {
        try {
            List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no error output: " + e.getMessage() + ")";
        }
    }

    /** Best effort: a temporary file left behind must not fail a test that passed. */
    private static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // left for the OS to clean up with the rest of the temporary directory
        }
    }
}
