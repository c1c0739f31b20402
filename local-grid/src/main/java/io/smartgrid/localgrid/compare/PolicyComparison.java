package io.smartgrid.localgrid.compare;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.smartgrid.loadtester.comparison.ComparisonTable;
import io.smartgrid.loadtester.comparison.LoadSampler;
import io.smartgrid.loadtester.comparison.OnlineReplay;
import io.smartgrid.loadtester.grid.GridClient;
import io.smartgrid.loadtester.reference.ReferenceCar;
import io.smartgrid.loadtester.reference.ReferenceTable;
import io.smartgrid.loadtester.reference.SplitRouting;
import io.smartgrid.localgrid.Grid;
import io.smartgrid.localgrid.GridSpec;
import io.smartgrid.localgrid.LocalGrid;

/**
 * Runs one set of cars through real grids, one per cap and online policy, each grid's substations together as large
 * as the cap's share of the cars' uncontrolled peak, and sets the figures beside the offline reference's.
 *
 * <p>The online policies: {@code 503-only} (cars ask for their full power and do not wait: the grid before power
 * sharing), {@code max-min} and {@code least-laxity} (the substations' {@code grid.substation.allocation}; cars ask with
 * their minimum and ask to wait). Every run gets a new grid, on free ports of 127.0.0.1 with its own temporary data,
 * whose substation clocks run at the replay's speed.
 */
public final class PolicyComparison {

    /** The online policies in the order they are run and printed. */
    public enum OnlinePolicy {

        REFUSE_WHEN_FULL("503-only", null, OnlineReplay.Mode.REFUSE_WHEN_FULL),
        MAX_MIN("max-min", "max-min", OnlineReplay.Mode.SHARE),
        LEAST_LAXITY("least-laxity", "least-laxity", OnlineReplay.Mode.SHARE);

        private final String label;
        private final String allocation;
        private final OnlineReplay.Mode mode;

        OnlinePolicy(String label, String allocation, OnlineReplay.Mode mode) {
            this.label = label;
            this.allocation = allocation;
            this.mode = mode;
        }

        public String label() {
            return label;
        }
    }

    /**
     * How to run.
     *
     * @param speed simulated seconds per real second, in the replay and in the substations
     * @param weights each substation's share of a cap's capacity, e.g. 1, 2, 3 as in the default grid
     * @param step the offline reference's longest time between two allocations
     * @param sampleInterval how often every substation's load is read for the peak and the overshoots
     * @param warmUpRounds sessions started and stopped on each new grid before its replay, so that it runs warm: on a
     *     clock this fast the first requests' cold latency would otherwise cost their cars hours of charging
     * @param properties extra Spring properties for every service of every grid
     * @param routings the routings of the offline split rows (none when there is one substation)
     * @param online the online policies to run a grid for, in {@link OnlinePolicy}'s order; none for only the offline
     *     rows
     */
    public record Options(double speed, List<Double> weights, Duration step, Duration sampleInterval,
            int warmUpRounds, Map<String, String> properties, List<SplitRouting> routings, Set<OnlinePolicy> online) {

        /** Every routing's offline split rows, and every online policy's run. */
        public Options(double speed, List<Double> weights, Duration step, Duration sampleInterval, int warmUpRounds,
                Map<String, String> properties) {
            this(speed, weights, step, sampleInterval, warmUpRounds, properties, List.of(SplitRouting.values()),
                    EnumSet.allOf(OnlinePolicy.class));
        }

        public Options {
            if (!(speed > 0)) {
                throw new IllegalArgumentException("the speed must be positive");
            }
            if (weights.isEmpty() || weights.stream().anyMatch(w -> !(w > 0))) {
                throw new IllegalArgumentException("every substation's weight must be positive: " + weights);
            }
            weights = List.copyOf(weights);
            properties = Map.copyOf(properties);
            routings = List.copyOf(routings);
            online = online.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(online));
        }
    }

    private final Options options;
    private final Consumer<String> progress;

    public PolicyComparison(Options options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * Every cap: the offline reference's rows (one site), and with several substations the offline rows of one site
     * with each car's maximum cut to the largest substation's capacity ({@code capped}) and of the split under each
     * routing ({@code split/<routing>}); then each online policy's.
     */
    public List<ComparisonTable.Row> run(List<ReferenceCar> cars, List<Double> caps) throws InterruptedException {
        List<ComparisonTable.Row> rows = new ArrayList<>();
        List<ReferenceTable.Row> reference = ReferenceTable.compute(cars, caps, options.step());
        boolean split = options.weights().size() > 1;
        List<ReferenceTable.Row> capped = split ? ReferenceTable.computeCapped(cars, caps, options.weights(),
                options.step()) : List.of();
        List<ReferenceTable.Row> splitRows = split ? ReferenceTable.computeSplit(cars, caps, options.weights(),
                options.routings(), options.step()) : List.of();
        for (double cap : caps) {
            List<ReferenceTable.Row> offline = reference.stream().filter(r -> r.capShare() == cap).toList();
            offline.forEach(row -> rows.add(ComparisonTable.Row.offline(row)));
            capped.stream().filter(r -> r.capShare() == cap)
                    .forEach(row -> rows.add(ComparisonTable.Row.offline(row, "capped")));
            splitRows.stream().filter(r -> r.capShare() == cap)
                    .forEach(row -> rows.add(ComparisonTable.Row.offline(row)));
            // Every row of a cap has its capacity: the cap's share of the cars' uncontrolled peak.
            double capacityKw = offline.get(0).capacityKw();
            for (OnlinePolicy policy : options.online()) {
                progress.accept(String.format(Locale.ROOT, "%.0f%% (%.1f kW): %s online…", cap * 100,
                        capacityKw, policy.label()));
                rows.add(online(cars, cap, capacityKw, policy));
            }
        }
        return rows;
    }

    /** The substations' capacities: {@code capacityKw} split by the weights, as the offline split rows split it. */
    public List<Double> capacities(double capacityKw) {
        return ReferenceTable.split(Math.round(capacityKw * 1_000_000), options.weights()).stream()
                .map(microKw -> microKw / 1_000_000.0).toList();
    }

    private ComparisonTable.Row online(List<ReferenceCar> cars, double cap, double capacityKw, OnlinePolicy policy)
            throws InterruptedException {
        Map<String, String> properties = new LinkedHashMap<>(options.properties());
        if (policy.allocation != null) {
            properties.put("grid.substation.allocation", policy.allocation);
        }
        GridSpec spec = new GridSpec(capacities(capacityKw), options.speed(), "127.0.0.1", 0, properties);
        try (Grid grid = Grid.start(spec)) {
            if (!LocalGrid.awaitSubstationsHealthy(grid, Duration.ofSeconds(30))) {
                throw new IllegalStateException("the grid's substations did not all become healthy within 30 s");
            }
            List<String> substations = grid.substations().stream().map(Grid.Service::url).toList();
            try (GridClient client = new GridClient(URI.create(grid.chargeUrl()), URI.create(grid.balancerUrl()),
                    Duration.ofSeconds(2), Duration.ofSeconds(10));
                    LoadSampler sampler = new LoadSampler(substations, options.sampleInterval())) {
                OnlineReplay replay = new OnlineReplay(client, options.speed(), policy.mode);
                replay.warmUp(options.warmUpRounds());
                OnlineReplay.Result result = replay.run(cars);
                // The table has one count of errors; what each was is said here.
                progress.accept(String.format(Locale.ROOT, "%.0f%% %s: %s", cap * 100, policy.label(),
                        result.describe()));
                return ComparisonTable.Row.online(cap, capacityKw, policy.label(), result, sampler.peaks());
            }
        }
    }
}
