package io.smartgrid.systemtests.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.smartgrid.systemtests.GridHttp;
import io.smartgrid.systemtests.ProjectFiles;

/**
 * The grid's real jars, each in a process of its own, as an operator runs them: so that a test can {@code kill -9}
 * one, freeze it with {@code SIGSTOP}, and start it again on the same port and data. Only the processes started here
 * are ever signalled, by their own PIDs.
 */
final class GridProcesses implements AutoCloseable {

    /** Built by {@code ./mvnw verify} before this module's tests run. */
    static final Path SUBSTATION_JAR = ProjectFiles.file("substation-service/target/substation-service-exec.jar");
    static final Path BALANCER_JAR = ProjectFiles.file("load-balancer/target/load-balancer-exec.jar");
    static final Path CHARGE_JAR = ProjectFiles.file("charge-request-service/target/charge-request-service-exec.jar");

    /** Options that favour a quick start over peak speed: these processes live for a minute or two. */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xmx256m", "-Xss512k", "-XX:CICompilerCount=1");

    private static final GridHttp HTTP = new GridHttp(Duration.ofSeconds(1));

    private final List<Node> nodes = new ArrayList<>();
    private final Path logs;

    GridProcesses(Path logs) {
        this.logs = logs;
    }

    static boolean jarsBuilt() {
        return Files.isRegularFile(SUBSTATION_JAR) && Files.isRegularFile(BALANCER_JAR) && Files.isRegularFile(CHARGE_JAR);
    }

    Node add(String name, Path jar, int port, Map<String, String> properties) {
        Node node = new Node(name, jar, port, properties);
        nodes.add(node);
        return node;
    }

    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).kill();
        }
    }

    /** One service process: started, killed, frozen and thawed, started again with the same arguments. */
    final class Node {

        private final String name;
        private final Path jar;
        private final int port;
        private final Map<String, String> properties;
        private Process process;
        private int starts;

        private Node(String name, Path jar, int port, Map<String, String> properties) {
            this.name = name;
            this.jar = jar;
            this.port = port;
            this.properties = new LinkedHashMap<>(properties);
        }

        String name() {
            return name;
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        Path log() {
            return logs.resolve(name + "-" + starts + ".log");
        }

        void start() {
            starts++;
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.addAll(JVM_OPTIONS);
            command.add("-jar");
            command.add(jar.toString());
            command.add("--server.port=" + port);
            command.add("--server.address=127.0.0.1");
            command.add("--spring.main.banner-mode=off");
            properties.forEach((key, value) -> command.add("--" + key + "=" + value));
            try {
                Files.createDirectories(logs);
                process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(log().toFile()).start();
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot start " + name, e);
            }
        }

        /** Milliseconds until its readiness probe answers 200, from now. */
        long awaitReady(Duration atMost) {
            long from = System.nanoTime();
            long deadline = from + atMost.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log());
                }
                if (ready()) {
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from);
                }
                sleep(100);
            }
            throw new IllegalStateException(name + " was not ready within " + atMost + "; see " + log());
        }

        boolean ready() {
            try {
                return HTTP.get(url() + "/actuator/health/readiness").status() == 200;
            }
            catch (UncheckedIOException e) {
                return false;
            }
        }


        /** {@code kill -9}: no shutdown hook, no drain, no last write. */
        void kill() {
            if (process != null && process.isAlive()) {
                signal("CONT"); // a frozen process would otherwise outlive its SIGKILL until thawed
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                }
                catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** {@code kill -STOP}: the process stays, its sockets stay open, and nothing in it runs. */
        void freeze() {
            signal("STOP");
        }

        void thaw() {
            signal("CONT");
        }

        private void signal(String signal) {
            try {
                Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
                kill.waitFor(5, TimeUnit.SECONDS);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
