package io.smartgrid.localgrid.compare;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

import io.smartgrid.loadtester.TraceTimeConverter;
import io.smartgrid.loadtester.comparison.ComparisonTable;
import io.smartgrid.loadtester.reference.ReferenceCar;
import io.smartgrid.loadtester.reference.ReferenceSimulator;
import io.smartgrid.loadtester.reference.SplitRouting;
import io.smartgrid.loadtester.workload.AcnTrace;
import io.smartgrid.loadtester.workload.TraceArrivals;
import io.smartgrid.loadtester.workload.TraceSession;
import io.smartgrid.localgrid.compare.PolicyComparison.OnlinePolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code local-grid compare}: the trace through real grids under each policy, beside the offline reference. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Replays an ACN trace through a grid capped at each --cap share of the trace's uncontrolled peak, once "
                        + "per policy (503-only, max-min, least-laxity), each on a new grid in this JVM, and prints "
                        + "the figures beside the offline single-site reference's and, with several substations, "
                        + "beside the offline split under each --routing.",
                "Takes about (trace span / --speed) per run, 3 runs per cap." },
        footer = { "", "Example:",
                "  java -jar local-grid.jar compare --trace acn-caltech-2021.json --cap 0.3,0.4,0.6" })
public final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--trace", paramLabel = "FILE", required = true,
            description = "ACN-Data sessions export (JSON array).")
    Path trace;

    @Option(names = "--trace-from", paramLabel = "TIME",
            description = "Replay only sessions connecting at or after TIME (a date, a local date-time at the site, or an instant).")
    String traceFrom;

    @Option(names = "--trace-to", paramLabel = "TIME",
            description = "Replay only sessions connecting before TIME (a date: until the end of that day).")
    String traceTo;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "Replay at most the first N sessions of the window (0: all). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--cap", paramLabel = "SHARE", split = ",", defaultValue = "0.3,0.4,0.6",
            description = "The grid's capacity as shares of the uncontrolled peak. Default: ${DEFAULT-VALUE}.")
    List<Double> caps;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "15000",
            description = "Simulated seconds per real second, in the replay and the substations: each real millisecond a "
                    + "request takes costs its car this many milliseconds of charging, so faster runs read lower "
                    + "(docs/power-sharing.md). Default: ${DEFAULT-VALUE} (two weeks of trace in about 80 s per run).")
    double speed;

    @Option(names = "--weights", paramLabel = "W", split = ",", defaultValue = "1,2,3",
            description = "One weight per substation: its share of each cap's capacity. Default: ${DEFAULT-VALUE} "
                    + "(as the default grid's 150, 300 and 450 kW).")
    List<Double> weights;

    @Option(names = "--routing", paramLabel = "RULE", split = ",", defaultValue = "grid,share,finish",
            description = "With several substations, the offline split rows' routings: grid (the balancer's lowest "
                    + "demand/capacity after the car), share (where the car's allocation now is largest), finish (the "
                    + "grid's rule among the substations where the car would finish by its departure). Default: "
                    + "${DEFAULT-VALUE}.")
    List<String> routings;

    @Option(names = "--offline", description = "Only the offline rows: start no grid (seconds, not minutes).")
    boolean offlineOnly;

    @Option(names = "--online", paramLabel = "POLICY", split = ",", defaultValue = "503-only,max-min,least-laxity",
            description = "The online policies to run a grid for: 503-only, max-min, least-laxity. Default: "
                    + "${DEFAULT-VALUE}.")
    List<String> onlinePolicies;

    @Option(names = "--min-power-kw", paramLabel = "KW", defaultValue = "1.4",
            description = "Every car's minimum power (IEC 61851-1: 6 A on one phase). Default: ${DEFAULT-VALUE}.")
    double minPowerKw;

    @Option(names = "--step", paramLabel = "SECONDS", defaultValue = "60",
            description = "The offline reference's longest time between two allocations, in seconds. Default: ${DEFAULT-VALUE}.")
    long stepSeconds;

    @Option(names = "--sample-ms", paramLabel = "MS", defaultValue = "20",
            description = "How often every substation's load is read, for the peak and overshoots. Default: ${DEFAULT-VALUE}.")
    long sampleMillis;

    @Option(names = "--warm-up", paramLabel = "N", defaultValue = "500",
            description = "Sessions started and stopped on each new grid before its replay, so that it runs warm. "
                    + "Default: ${DEFAULT-VALUE}.")
    int warmUpRounds;

    @Option(names = "--verbose", description = "Also print the services' own log lines (each run starts a grid).")
    boolean verbose;

    @Option(names = {"-P", "--property"}, paramLabel = "KEY=VALUE",
            description = "Extra Spring property for every service of every grid.")
    Map<String, String> properties = new LinkedHashMap<>();

    private final PrintStream out;

    public CompareCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (caps.isEmpty() || caps.stream().anyMatch(c -> !(c > 0) || c > 10)) {
            throw usage("--cap takes shares of the uncontrolled peak above 0 and at most 10, e.g. 0.3,0.4,0.6");
        }
        if (!(speed > 0)) {
            throw usage("--speed must be positive");
        }
        if (!(minPowerKw >= 1) || minPowerKw > 350) {
            throw usage("--min-power-kw must be within 1 and 350 (what POST /charge accepts)");
        }
        if (stepSeconds < 1 || sampleMillis < 1 || warmUpRounds < 0) {
            throw usage("--step and --sample-ms must be at least 1, --warm-up at least 0");
        }
        if (weights.isEmpty() || weights.stream().anyMatch(w -> !(w > 0))) {
            throw usage("--weights must all be positive");
        }
        List<SplitRouting> routing = byLabel("--routing", routings, SplitRouting.values(), SplitRouting::label);
        Set<OnlinePolicy> online = EnumSet.noneOf(OnlinePolicy.class);
        online.addAll(byLabel("--online", offlineOnly ? List.of() : onlinePolicies, OnlinePolicy.values(),
                OnlinePolicy::label));
        if (!Files.isReadable(trace)) {
            throw usage("--trace " + trace + ": no such readable file");
        }
        List<TraceSession> window = AcnTrace.window(AcnTrace.read(trace), time(traceFrom, false), time(traceTo, true),
                limit);
        if (window.isEmpty()) {
            throw usage("no sessions in " + trace + " within the --trace-from/--trace-to window");
        }
        if (!verbose) {
            // Nine grids' start-up lines would bury the table; their warnings and errors still show.
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.smartgrid"))
                    .setLevel(ch.qos.logback.classic.Level.WARN);
        }
        List<ReferenceCar> cars = window.stream().map(s -> ReferenceCar.of(s, minPowerKw)).toList();
        long peak = ReferenceSimulator.uncontrolledPeakMicroKw(cars);
        PolicyComparison comparison = new PolicyComparison(new PolicyComparison.Options(speed, weights,
                Duration.ofSeconds(stepSeconds), Duration.ofMillis(sampleMillis), warmUpRounds, properties, routing,
                online), out::println);
        Duration span = Duration.between(window.get(0).connection(),
                window.stream().map(TraceSession::disconnection).max(Instant::compareTo).orElseThrow());
        out.printf(Locale.ROOT, "Policy comparison: %d cars of %s (%s to %s), uncontrolled peak %.1f kW%n"
                        + "online: a grid of %d substations (capacity split %s), clocks at %.0fx, about %d s per run, "
                        + "%d runs; departures sent when stated and at least %d ms of real time ahead%n%n",
                cars.size(), trace.getFileName(), window.get(0).connection(), window.get(window.size() - 1).connection(),
                peak / 1_000_000.0, weights.size(), weights, speed, Math.round(span.toSeconds() / speed),
                caps.size() * online.size(), TraceArrivals.DEPARTURE_LEAD.toMillis());
        List<ComparisonTable.Row> rows = comparison.run(cars, caps);
        out.println();
        ComparisonTable.print(rows, out);
        out.println();
        out.println("offline: one site of the whole capacity (least-laxity told every real departure and energy, "
                + "least-laxity/stated what drivers stated); capped: the same with each car's maximum cut to the "
                + "largest substation's capacity; split/RULE: offline, the capacity split as the grid's, each car "
                + "sent on arrival to a substation by RULE and kept there; online: the grid, told each car's maximum, minimum, "
                + "energy and stated departure. energy: delivered by departure over requested; served: cars with at "
                + "least 99% of their request; Jain: fairness of delivered/requested; peak: highest load over the "
                + "cap (online: the sum of the substations' loads read together); refused: never started; 503: refused on "
                + "arrival (the other cars that never started left the waitlist); least/most: "
                + "the least and the most served car's share; over: samples with a substation above its capacity; "
                + "errors: answers the grid failed");
        out.flush();
        boolean clean = rows.stream().allMatch(r -> (r.overshoots() == null || r.overshoots() == 0)
                && (r.errors() == null || r.errors() == 0));
        return clean ? 0 : 1;
    }

    /** The values named in {@code names}, each by its label; a usage error that lists the labels for any other. */
    private <T> List<T> byLabel(String option, List<String> names, T[] values, Function<T, String> label) {
        List<String> labels = Arrays.stream(values).map(label).toList();
        List<T> named = new ArrayList<>();
        for (String name : names) {
            int index = labels.indexOf(name);
            if (index < 0) {
                throw usage(option + " takes " + String.join(", ", labels.subList(0, labels.size() - 1)) + " or "
                        + labels.get(labels.size() - 1) + ", not " + name);
            }
            named.add(values[index]);
        }
        return named;
    }

    private Instant time(String value, boolean endOfDay) {
        if (value == null) {
            return null;
        }
        try {
            return TraceTimeConverter.parse(value, endOfDay);
        } catch (RuntimeException e) {
            throw usage(e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
