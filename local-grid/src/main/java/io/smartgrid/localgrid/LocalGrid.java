package io.smartgrid.localgrid;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.smartgrid.localgrid.compare.CompareCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar local-grid.jar}: the whole grid on this machine until Ctrl-C, no Docker needed. */
@Command(name = "local-grid", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Starts the charge-request service, the load balancer and N substations in one JVM.")
public final class LocalGrid implements Callable<Integer> {

    @Option(names = "--substations", paramLabel = "N", defaultValue = "3",
            description = "Number of substations (capacities cycle through 150, 300, 450 kW). Default: ${DEFAULT-VALUE}.")
    int substations;

    @Option(names = "--capacities", paramLabel = "KW", split = ",",
            description = "Explicit substation capacities in kW, e.g. 150,300,450 (overrides --substations).")
    List<Double> capacities;

    @Option(names = "--balancers", paramLabel = "N", defaultValue = "1",
            description = "Number of balancer replicas, each in front of every substation, and as many charge-request "
                    + "services, each sending to every balancer (a start one cannot serve goes to another); replicas "
                    + "after the first take the two ports after the substations'. Default: ${DEFAULT-VALUE}.")
    int balancers;

    @Option(names = "--clock-speed", paramLabel = "X", defaultValue = "60",
            description = "Simulated seconds per real second in the substations. Default: ${DEFAULT-VALUE}.")
    double clockSpeed;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address every service binds to. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--base-port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port of the charge-request service; the balancer takes the next, substations the ones after. Default: ${DEFAULT-VALUE}.")
    int basePort;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "local-grid-data",
            description = "Where the substations keep their databases (<id>.db), so that a restarted grid recovers every session. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = {"-P", "--property"}, paramLabel = "KEY=VALUE",
            description = "Extra Spring property for every service, e.g. -P grid.balancer.poll-interval=1s.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = EXIT_WHEN_READY, hidden = true,
            description = "Stop once every substation is healthy: the start-up cache's training run.")
    boolean exitWhenReady;

    static final String EXIT_WHEN_READY = "--exit-when-ready";

    private final PrintStream out;
    private final CountDownLatch stopped = new CountDownLatch(1);

    LocalGrid(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        boolean training = args.length > 0 && args[0].equals(CacheCommand.NAME);
        Optional<StartUpCache> cache = StartUpCache.forThisJvm();
        // usable() reads the whole jar for its hash: asked last, only when the cache would be used.
        if (!training && StartUpCache.undecided() && cache.isPresent() && cache.get().usable()) {
            System.exit(cache.get().start(List.of(args), System.out));
        }
        int exit = commandLine(System.out).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /** The command, with its {@code compare} and {@code cache} subcommands. */
    public static CommandLine commandLine(PrintStream out) {
        return new CommandLine(new LocalGrid(out)).addSubcommand("compare", new CompareCommand(out))
                .addSubcommand(CacheCommand.NAME, new CacheCommand(out));
    }

    @Override
    public Integer call() throws InterruptedException {
        GridSpec spec = spec();
        long began = System.nanoTime();
        Grid grid = Grid.start(spec);
        if (exitWhenReady) {
            boolean ready = awaitSubstationsHealthy(grid, Duration.ofSeconds(60));
            grid.close();
            return ready ? 0 : 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping the grid…");
            grid.close();
            out.println("Stopped.");
            stopped.countDown();
        }, "local-grid-shutdown"));
        boolean allSeen = awaitSubstationsHealthy(grid, Duration.ofSeconds(15));
        Duration startup = Duration.ofNanos(System.nanoTime() - began);
        printUrls(grid, startup, allSeen);
        stopped.await();
        return 0;
    }

    GridSpec spec() {
        List<Double> kw = capacities != null && !capacities.isEmpty() ? capacities : GridSpec.defaultCapacities(substations);
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.putIfAbsent(Grid.DATA_DIR, dataDir.toAbsolutePath().toString());
        return new GridSpec(kw, clockSpeed, host, basePort, all, balancers);
    }

    /** Waits until the balancer has heard from every substation, so the first request finds them all. */
    public static boolean awaitSubstationsHealthy(Grid grid, Duration limit) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(grid.balancerUrl() + "/substations"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + limit.toNanos();
        int expected = grid.substations().size();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && countHealthy(response.body()) >= expected) {
                    return true;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static int countHealthy(String json) {
        int count = 0;
        for (int i = json.indexOf("\"healthy\":true"); i >= 0; i = json.indexOf("\"healthy\":true", i + 1)) {
            count++;
        }
        return count;
    }

    private void printUrls(Grid grid, Duration startup, boolean allSeen) {
        out.println();
        out.printf("Smart Grid is up in %.1f s%s%n", startup.toMillis() / 1000.0,
                allSeen ? "" : " (some substations are not healthy yet: see GET /substations)");
        out.printf("  %-28s %s%n", "charge requests (public)", grid.chargeUrl() + "/charge");
        out.printf("  %-28s %s%n", "balancer: substations", grid.balancerUrl() + "/substations");
        out.printf("  %-28s %s%n", "balancer: live dashboard", grid.balancerUrl() + "/");
        for (int r = 1; r < grid.balancerUrls().size(); r++) {
            out.printf("  %-28s %s%n", "balancer " + (r + 1) + ", its entry", grid.balancerUrls().get(r) + "/substations, "
                    + grid.chargeUrls().get(r) + "/charge");
        }
        for (Grid.Service substation : grid.substations()) {
            out.printf("  %-28s %s  (%s kW)%n", substation.name(), substation.url() + "/load",
                    grid.spec().capacitiesKw().get(grid.substations().indexOf(substation)));
        }
        out.printf("  %-28s %s%n", "metrics", "/actuator/prometheus on every port above");
        out.printf("  %-28s %s%n", "sessions kept in", grid.spec().properties().get(Grid.DATA_DIR));
        out.println("Try: curl -i -X POST " + grid.chargeUrl() + "/charge -H 'Content-Type: application/json' -d '{\"vehicleId\":\"EV-42\"}'");
        out.println("Ctrl-C stops everything.");
    }
}
