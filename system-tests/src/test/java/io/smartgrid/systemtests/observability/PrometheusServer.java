package io.smartgrid.systemtests.observability;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.smartgrid.systemtests.GridHttp;

import tools.jackson.databind.JsonNode;

/**
 * A real Prometheus server run as a child process of the tests, on a free port of 127.0.0.1 with
 * its own data directory, and ended through its own process handle.
 */
final class PrometheusServer implements AutoCloseable {

    /** Debian's package puts it here, on developers' machines and in CI alike; {@code -Dprometheus.binary} overrides. */
    static final Path BINARY = Path.of(System.getProperty("prometheus.binary", "/usr/bin/prometheus"));

    private final Process process;
    private final String url;
    private final Path log;
    private final GridHttp http;

    private PrometheusServer(Process process, String url, Path log, GridHttp http) {
        this.process = process;
        this.url = url;
        this.log = log;
        this.http = http;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Writes {@code config} into {@code dir}, starts Prometheus on it and waits until it is ready. */
    static PrometheusServer start(Path dir, String config, GridHttp http) throws IOException {
        Path configFile = Files.writeString(dir.resolve("prometheus.yml"), config);
        Path data = Files.createDirectories(dir.resolve("data"));
        Path log = dir.resolve("prometheus.log");
        String address = "127.0.0.1:" + freePort();
        Process process = new ProcessBuilder(List.of(BINARY.toString(),
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + data,
                "--storage.tsdb.retention.time=1h",
                "--web.listen-address=" + address,
                "--log.level=warn"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, "http://" + address, log, http);
        try {
            await("Prometheus is ready at " + address).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Prometheus exited with " + process.exitValue() + ":\n" + server.log());
                        }
                        return http.get(server.url + "/-/ready").status() == 200;
                    });
        } catch (RuntimeException e) {
            server.close();
            throw new IllegalStateException("Prometheus did not start:\n" + server.log(), e);
        }
        return server;
    }

    String url() {
        return url;
    }

    /** An instant query: the whole API answer ({@code status}, {@code data.result}, or {@code error}). */
    JsonNode query(String promql) {
        return http.get(url + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).body();
    }

    /** The active scrape targets with their job, URL, health and last error. */
    JsonNode activeTargets() {
        return http.get(url + "/api/v1/targets?state=active").body().path("data").path("activeTargets");
    }

    /** What Prometheus has logged so far, for failure messages. */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
