package io.smartgrid.localgrid;

import io.smartgrid.balancer.LoadBalancerApplication;
import io.smartgrid.charge.ChargeRequestApplication;
import io.smartgrid.substation.SubstationApplication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole grid in one JVM: a Spring context per service, each on its own port, started from the
 * very service classes and configuration keys that the Docker images run.
 */
public final class Grid implements AutoCloseable {

    private final GridSpec spec;
    /** The key of the substations' data directory, {@code grid.substation.data-dir}. */
    public static final String DATA_DIR = "grid.substation.data-dir";

    private final List<Service> substations;
    private final Path temporaryData;
    private final List<Service> balancers;
    private final List<Service> chargeRequests;

    private Grid(GridSpec spec, List<Service> substations, List<Service> balancers, List<Service> chargeRequests,
            Path temporaryData) {
        this.temporaryData = temporaryData;
        this.spec = spec;
        this.substations = substations;
        this.balancers = balancers;
        this.chargeRequests = chargeRequests;
    }

    /**
     * Starts every service in parallel and returns once each has started. Ports are fixed up front,
     * so no service waits for another: the balancer finds the substations by polling them, and the
     * charge-request service answers 503 until the balancer is there.
     */
    public static Grid start(GridSpec spec) {
        // Each Spring application would otherwise reset the one shared logging system while the
        // others start beside it; local-grid's logback.xml configures it once for all of them.
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, System.getProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE));
        JulToLogback.install();
        int count = spec.capacitiesKw().size();
        List<Integer> ports = spec.basePort() == 0 ? freePorts(spec.host(), spec.portCount()) : consecutive(spec.basePort(), spec.portCount());

        // Every substation keeps its database, <id>.db, in one directory: the one given, or a temporary one that the
        // grid deletes when it closes (a grid started by tests must not recover another's sessions).
        Path temporaryData = spec.properties().containsKey(DATA_DIR) ? null : temporaryDirectory();
        String dataDir = temporaryData != null ? temporaryData.toString() : spec.properties().get(DATA_DIR);
        List<Service> substations = new ArrayList<>(count);
        Map<String, String> balancerArgs = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String id = "substation-" + (i + 1);
            int port = ports.get(i + 2);
            Map<String, String> args = new LinkedHashMap<>();
            args.put("grid.substation.id", id);
            args.put("grid.substation.capacity-kw", plain(spec.capacitiesKw().get(i)));
            args.put("grid.substation.clock-speed", plain(spec.clockSpeed()));
            args.put(DATA_DIR, dataDir);
            substations.add(new Service(id, SubstationApplication::application, spec, port, url(spec.host(), port), args));
            balancerArgs.put("grid.balancer.substations[" + i + "].id", id);
            balancerArgs.put("grid.balancer.substations[" + i + "].url", url(spec.host(), port));
        }
        // Replica 1 keeps the first two ports, as the grid always had; every further replica takes
        // the next two after the substations. Each balancer is given the same substations, and each
        // charge-request service knows every balancer: it sends a start that one cannot serve to another.
        List<Service> balancers = new ArrayList<>(spec.balancerReplicas());
        List<Service> chargeRequests = new ArrayList<>(spec.balancerReplicas());
        List<String> balancerUrls = new ArrayList<>(spec.balancerReplicas());
        for (int r = 0; r < spec.balancerReplicas(); r++) {
            int balancerPort = r == 0 ? ports.get(1) : ports.get(count + 2 * r + 1);
            balancerUrls.add(url(spec.host(), balancerPort));
        }
        Map<String, String> chargeArgs = Map.of("grid.charge.balancer-url", String.join(",", balancerUrls));
        for (int r = 0; r < spec.balancerReplicas(); r++) {
            int chargePort = r == 0 ? ports.get(0) : ports.get(count + 2 * r);
            int balancerPort = r == 0 ? ports.get(1) : ports.get(count + 2 * r + 1);
            String suffix = r == 0 ? "" : "-" + (r + 1);
            balancers.add(new Service(LoadBalancerApplication.NAME + suffix, LoadBalancerApplication::application,
                    spec, balancerPort, balancerUrls.get(r), balancerArgs));
            chargeRequests.add(new Service(ChargeRequestApplication.NAME + suffix, ChargeRequestApplication::application,
                    spec, chargePort, url(spec.host(), chargePort), chargeArgs));
        }

        List<Service> all = new ArrayList<>(substations);
        all.addAll(balancers);
        all.addAll(chargeRequests);
        ExecutorService starter = Executors.newFixedThreadPool(all.size());
        try {
            List<Future<?>> started = new ArrayList<>();
            for (Service service : all) {
                started.add(starter.submit(() -> service.start()));
            }
            RuntimeException failure = null;
            for (Future<?> future : started) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    failure = failure != null ? failure : new IllegalStateException("the grid did not start", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = new IllegalStateException("interrupted while starting the grid", e);
                }
            }
            Grid grid = new Grid(spec, List.copyOf(substations), List.copyOf(balancers), List.copyOf(chargeRequests),
                    temporaryData);
            if (failure != null) {
                grid.close();
                throw failure;
            }
            return grid;
        } finally {
            starter.shutdownNow();
        }
    }

    public GridSpec spec() {
        return spec;
    }

    /** The public entry point, e.g. {@code http://127.0.0.1:8080} (of the first replica, if there are several). */
    public String chargeUrl() {
        return chargeRequests.get(0).url();
    }

    /** The public entry point of every replica, in replica order. */
    public List<String> chargeUrls() {
        return chargeRequests.stream().map(Service::url).toList();
    }

    /** The balancer (the first replica, if there are several). */
    public String balancerUrl() {
        return balancers.get(0).url();
    }

    /** Every balancer replica, in replica order; each is in front of every substation. */
    public List<String> balancerUrls() {
        return balancers.stream().map(Service::url).toList();
    }

    public List<Service> substations() {
        return substations;
    }

    public Service substation(String id) {
        return substations.stream().filter(s -> s.name().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no substation " + id));
    }

    /** The balancer (the first replica, if there are several). */
    public Service balancer() {
        return balancers.get(0);
    }

    public List<Service> balancers() {
        return balancers;
    }

    /** The charge-request service (the first replica's, if there are several). */
    public Service chargeRequests() {
        return chargeRequests.get(0);
    }

    public List<Service> chargeRequestServices() {
        return chargeRequests;
    }

    /** Stops the entry points first and the substations last, so that no request is cut off half-way. */
    @Override
    public void close() {
        chargeRequests.forEach(Service::stop);
        balancers.forEach(Service::stop);
        substations.forEach(Service::stop);
        if (temporaryData != null) {
            deleteRecursively(temporaryData);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("local-grid-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a data directory for the substations", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Only temporary files are left behind.
        }
    }

    private static String url(String host, int port) {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%s", value);
    }

    private static List<Integer> consecutive(int base, int count) {
        List<Integer> ports = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ports.add(base + i);
        }
        return ports;
    }

    /** Asks the OS for free ports, holding them all open together so that no two are the same. */
    public static List<Integer> freePorts(String host, int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host));
                socket.setReuseAddress(true);
                sockets.add(socket);
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("no free ports on " + host, e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the port is free again either way
                }
            }
        }
    }

    /** One running service of the grid. */
    public static final class Service {

        private final String name;
        private final Supplier<SpringApplicationBuilder> application;
        private final GridSpec spec;
        private final int port;
        private final String url;
        private final Map<String, String> args;
        private volatile ConfigurableApplicationContext context;

        Service(String name, Supplier<SpringApplicationBuilder> application, GridSpec spec, int port, String url,
                Map<String, String> args) {
            this.name = name;
            this.application = application;
            this.spec = spec;
            this.port = port;
            this.url = url;
            this.args = args;
        }

        public String name() {
            return name;
        }

        public int port() {
            return port;
        }

        public String url() {
            return url;
        }

        public boolean isRunning() {
            ConfigurableApplicationContext running = context;
            return running != null && running.isActive();
        }

        /** The service's Spring context, for tests that look inside (e.g. its meter registry). */
        public ConfigurableApplicationContext context() {
            return context;
        }

        /** Starts the service, or starts it again after {@link #stop()}, on the same port. */
        public synchronized void start() {
            if (isRunning()) {
                return;
            }
            // Command-line arguments outrank the service's own yml and the environment, as they must.
            Map<String, String> all = new LinkedHashMap<>(spec.properties());
            all.putAll(args);
            all.put("server.port", Integer.toString(port));
            all.put("server.address", spec.host());
            all.put("spring.main.banner-mode", "off");
            String[] commandLine = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
            context = application.get().registerShutdownHook(false).run(commandLine);
        }

        /** Stops this service, as a crash or an operator would; the rest of the grid runs on. */
        public synchronized void stop() {
            ConfigurableApplicationContext running = context;
            if (running != null && running.isActive()) {
                running.close();
            }
        }
    }
}
