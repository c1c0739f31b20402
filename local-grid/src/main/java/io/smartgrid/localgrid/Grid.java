package io.smartgrid.localgrid;

import io.smartgrid.balancer.LoadBalancerApplication;
import io.smartgrid.charge.ChargeRequestApplication;
import io.smartgrid.substation.SubstationApplication;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole grid in one JVM: a Spring context per service, each on its own port, started from the
 * very service classes and configuration keys that the Docker images run.
 */
public final class Grid implements AutoCloseable {

    private final GridSpec spec;
    private final List<Service> substations;
    private final Service balancer;
    private final Service chargeRequests;

    private Grid(GridSpec spec, List<Service> substations, Service balancer, Service chargeRequests) {
        this.spec = spec;
        this.substations = substations;
        this.balancer = balancer;
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
        int count = spec.capacitiesKw().size();
        List<Integer> ports = spec.basePort() == 0 ? freePorts(spec.host(), count + 2) : consecutive(spec.basePort(), count + 2);
        String chargeUrl = url(spec.host(), ports.get(0));
        String balancerUrl = url(spec.host(), ports.get(1));

        List<Service> substations = new ArrayList<>(count);
        Map<String, String> balancerArgs = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String id = "substation-" + (i + 1);
            int port = ports.get(i + 2);
            Map<String, String> args = new LinkedHashMap<>();
            args.put("grid.substation.id", id);
            args.put("grid.substation.capacity-kw", plain(spec.capacitiesKw().get(i)));
            args.put("grid.substation.clock-speed", plain(spec.clockSpeed()));
            substations.add(new Service(id, SubstationApplication::application, spec, port, url(spec.host(), port), args));
            balancerArgs.put("grid.balancer.substations[" + i + "].id", id);
            balancerArgs.put("grid.balancer.substations[" + i + "].url", url(spec.host(), port));
        }
        Service balancer = new Service(LoadBalancerApplication.NAME, LoadBalancerApplication::application,
                spec, ports.get(1), balancerUrl, balancerArgs);
        Service chargeRequests = new Service(ChargeRequestApplication.NAME, ChargeRequestApplication::application,
                spec, ports.get(0), chargeUrl, Map.of("grid.charge.balancer-url", balancerUrl));

        List<Service> all = new ArrayList<>(substations);
        all.add(balancer);
        all.add(chargeRequests);
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
            Grid grid = new Grid(spec, Collections.unmodifiableList(substations), balancer, chargeRequests);
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

    /** The public entry point, e.g. {@code http://127.0.0.1:8080}. */
    public String chargeUrl() {
        return chargeRequests.url();
    }

    public String balancerUrl() {
        return balancer.url();
    }

    public List<Service> substations() {
        return substations;
    }

    public Service substation(String id) {
        return substations.stream().filter(s -> s.name().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no substation " + id));
    }

    public Service balancer() {
        return balancer;
    }

    public Service chargeRequests() {
        return chargeRequests;
    }

    /** Stops the entry point first and the substations last, so that no request is cut off half-way. */
    @Override
    public void close() {
        chargeRequests.stop();
        balancer.stop();
        substations.forEach(Service::stop);
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
    private static List<Integer> freePorts(String host, int count) {
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
