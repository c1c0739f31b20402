package io.smartgrid.localgrid;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The local grid's start-up cache, which roughly halves its time to ready (docs/benchmarks.md, "Start-up").
 *
 * <p>{@code java -jar local-grid.jar cache} extracts the jar into {@code local-grid-cache/} beside it (a plain jar with
 * its libraries in {@code lib/}: classes from nested jars cannot be cached) and starts the grid from there once, as a
 * training run that stops as soon as every substation is healthy. The JVM then writes what it loaded and linked: an AOT
 * cache on JDK 25 and later (JEP 483), a CDS archive before that. From then on {@code java -jar local-grid.jar} starts
 * the extracted copy with that cache, in a child JVM it waits for, as long as the jar is the one the cache was trained
 * from (its SHA-256 is kept beside the cache; the build stamps every jar with the same time, so times cannot tell); a
 * rebuilt jar starts without the cache until it is trained again.
 */
final class StartUpCache {

    static final String DIRECTORY = "local-grid-cache";

    /** JVM options that already decide about class data sharing: with one of them, this JVM is left as it is. */
    private static final List<String> DECIDING_OPTIONS = List.of("-XX:AOTCache", "-XX:AOTCacheOutput", "-XX:AOTMode",
            "-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit", "-Xshare");

    private final Path jar;

    private final Path directory;

    private final boolean aotCache;

    StartUpCache(Path jar, int javaFeatureVersion) {
        this.jar = jar.toAbsolutePath();
        this.directory = this.jar.resolveSibling(DIRECTORY);
        this.aotCache = javaFeatureVersion >= 25;
    }

    /** The cache for the jar this JVM runs, if it was started with {@code java -jar}. */
    static Optional<StartUpCache> forThisJvm() {
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.endsWith(".jar") || classPath.contains(java.io.File.pathSeparator)) {
            return Optional.empty();
        }
        Path jar = Path.of(classPath);
        return Files.isRegularFile(jar) ? Optional.of(new StartUpCache(jar, Runtime.version().feature())) : Optional.empty();
    }

    Path file() {
        return this.directory.resolve(this.aotCache ? "local-grid.aot" : "local-grid.jsa");
    }

    Path extractedJar() {
        return this.directory.resolve(this.jar.getFileName());
    }

    Path stamp() {
        return this.directory.resolve("local-grid.sha256");
    }

    /** Trained from this very jar: a cache of an older build would start the old grid. */
    boolean usable() {
        try {
            return Files.isRegularFile(file()) && Files.isRegularFile(extractedJar()) && Files.isRegularFile(stamp())
                    && Files.readString(stamp()).strip().equals(sha256(this.jar));
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every JDK has SHA-256", ex);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The command that starts the extracted jar with the cache: this JVM's options, then the cache's, then the arguments. */
    List<String> startCommand(List<String> jvmOptions, List<String> arguments) {
        String option = this.aotCache ? "-XX:AOTCache=" + file() : "-XX:SharedArchiveFile=" + file();
        return command(jvmOptions, option, arguments);
    }

    /** The command of the training run. */
    List<String> trainingCommand(List<String> jvmOptions, List<String> gridArguments) {
        String option = this.aotCache ? "-XX:AOTCacheOutput=" + file() : "-XX:ArchiveClassesAtExit=" + file();
        List<String> options = new ArrayList<>(jvmOptions);
        // The dump lists every class it leaves out (from signed jars, failing verification): noise to whoever trains it.
        options.add(this.aotCache ? "-Xlog:aot=off,cds=off" : "-Xlog:cds=off");
        List<String> arguments = new ArrayList<>(gridArguments);
        arguments.add(LocalGrid.EXIT_WHEN_READY);
        return command(options, option, arguments);
    }

    private List<String> command(List<String> jvmOptions, String cacheOption, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.add(cacheOption);
        command.add("-jar");
        command.add(extractedJar().toString());
        command.addAll(arguments);
        return command;
    }

    /** The java binary of this JVM, so the child runs on the same JDK the cache is made for. */
    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Extracts the jar and runs the training start; returns its exit code. */
    int train(List<String> gridArguments, PrintStream out) throws IOException, InterruptedException {
        Files.deleteIfExists(stamp());
        Files.deleteIfExists(file());
        out.println("Extracting " + this.jar.getFileName() + " into " + this.directory);
        int extracted = run(List.of(java(), "-Djarmode=tools",
                "-jar", this.jar.toString(), "extract", "--force", "--destination", this.directory.toString()));
        if (extracted != 0) {
            return extracted;
        }
        out.println("Training run: the grid starts once and stops when every substation is healthy");
        int trained = run(trainingCommand(jvmOptions(), gridArguments));
        if (trained == 0 && Files.isRegularFile(file())) {
            Files.writeString(stamp(), sha256(this.jar) + System.lineSeparator());
            out.println("Start-up cache written: " + file() + "; java -jar " + this.jar.getFileName() + " now starts with it");
        }
        return trained != 0 ? trained : Files.isRegularFile(file()) ? 0 : 1;
    }

    /**
     * Starts the grid from the cache in a child JVM and returns its exit code; Ctrl-C reaches both, and stopping this
     * JVM by its PID stops the child too.
     */
    int start(List<String> arguments, PrintStream out) throws IOException, InterruptedException {
        out.println("Starting from the start-up cache " + file());
        return run(startCommand(jvmOptions(), arguments));
    }

    /** Whether this JVM was started without any class-data-sharing option of its own. */
    static boolean undecided() {
        return jvmOptions().stream().noneMatch(option -> DECIDING_OPTIONS.stream().anyMatch(option::startsWith));
    }

    private static List<String> jvmOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments();
    }

    private static int run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        Thread stopChild = new Thread(() -> {
            process.destroy();
            try {
                process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }, "local-grid-stop-child");
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            return process.waitFor();
        }
        finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            }
            catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops the child
            }
        }
    }
}
