package io.smartgrid.localgrid.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.smartgrid.loadtester.comparison.ComparisonTable;
import io.smartgrid.loadtester.reference.ReferenceCar;
import io.smartgrid.loadtester.workload.AcnTrace;
import io.smartgrid.localgrid.LocalGrid;
import picocli.CommandLine;

/**
 * {@code local-grid compare} on real grids: two cars that come together, on a grid of half their uncontrolled peak.
 * Refusing when full turns one away with nothing; sharing, online as offline, charges both fully.
 */
class CompareCommandTests {

    /**
     * Two cars of 6.6 kW at most, plugged in from 15:00 to 19:00, each taking 6.6 kWh: alone at full power in one
     * hour, sharing 6.6 kW in two. The first says it leaves at 17:00.
     */
    private static final String TWO_CARS = """
            [
              {"sessionID": "a", "connectionTime": "Wed, 02 Jun 2021 15:00:00 GMT",
               "disconnectTime": "Wed, 02 Jun 2021 19:00:00 GMT", "kWhDelivered": 6.6,
               "userInputs": [{"requestedDeparture": "Wed, 02 Jun 2021 17:00:00 GMT", "kWhRequested": 6.6}]},
              {"sessionID": "b", "connectionTime": "Wed, 02 Jun 2021 15:00:30 GMT",
               "disconnectTime": "Wed, 02 Jun 2021 19:00:00 GMT", "kWhDelivered": 6.6}
            ]
            """;

    /** Four hours of trace in about six seconds of each run. */
    private static final double SPEED = 2400;

    @TempDir
    Path dir;

    @Test
    void sharingChargesBothCarsWhereRefusingWhenFullTurnsOneAwayAndNoSubstationGoesAboveItsCapacity() throws Exception {
        List<ReferenceCar> cars = AcnTrace.read(trace()).stream().map(s -> ReferenceCar.of(s, 1.4)).toList();
        PolicyComparison comparison = new PolicyComparison(new PolicyComparison.Options(SPEED, List.of(1.0),
                Duration.ofMinutes(1), Duration.ofMillis(20), 50, Map.of()), line -> { });

        List<ComparisonTable.Row> rows = comparison.run(cars, List.of(0.5));

        assertThat(rows).extracting(r -> r.run() + " " + r.policy()).containsExactly("offline 503-only",
                "offline max-min", "offline least-laxity", "offline least-laxity/stated", "online 503-only",
                "online max-min", "online least-laxity");
        assertThat(rows).allSatisfy(r -> assertThat(r.capacityKw()).isCloseTo(6.6, within(1e-6)));
        ComparisonTable.Row refusing = row(rows, "online", "503-only");
        assertThat(refusing.metrics().turnedAway()).isEqualTo(1);
        assertThat(refusing.refusedOnArrival()).isEqualTo(1);
        assertThat(refusing.metrics().energyDelivered()).isCloseTo(0.5, within(0.02));
        assertThat(refusing.leastServed()).isZero();
        assertThat(refusing.mostServed()).isCloseTo(1, within(0.01));
        for (String policy : List.of("max-min", "least-laxity")) {
            ComparisonTable.Row sharing = row(rows, "online", policy);
            assertThat(sharing.metrics().turnedAway()).as(policy).isZero();
            assertThat(sharing.refusedOnArrival()).as(policy).isZero();
            assertThat(sharing.metrics().energyDelivered()).as(policy).isGreaterThan(0.98);
            assertThat(sharing.leastServed()).as(policy).isGreaterThan(0.98);
            assertThat(sharing.metrics().energyDelivered()).as(policy + " online as offline")
                    .isCloseTo(row(rows, "offline", policy).metrics().energyDelivered(), within(0.02));
        }
        assertThat(rows.stream().filter(r -> r.run().equals("online")))
                .allSatisfy(r -> {
                    assertThat(r.overshoots()).as(r.policy() + " overshoots").isZero();
                    assertThat(r.errors()).as(r.policy() + " errors").isZero();
                    assertThat(r.metrics().peakUtilization()).as(r.policy() + " peak").isBetween(0.9, 1.0 + 1e-9);
                });
    }

    @Test
    void theCommandPrintsOneTableAndPassesWhenNothingOvershotOrFailed() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = command(out).execute("compare", "--trace", trace().toString(), "--cap", "0.5", "--weights", "1,1",
                "--speed", Double.toString(SPEED), "--warm-up", "50", "--online", "503-only,max-min",
                "-P", "logging.level.root=WARN");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(text).isZero();
        assertThat(text).contains("2 cars of two-cars.json", "uncontrolled peak 13.2 kW", "a grid of 2 substations",
                "2 runs");
        // 4 offline, 4 capped, 4 for each of the 3 split routings, the 2 online policies asked for.
        assertThat(text.lines().filter(l -> l.matches(" 50% +6\\.6 kW .*"))).hasSize(22);
        assertThat(text).doesNotContainPattern("online +least-laxity");
        // Split in two, neither substation of 3.3 kW takes a car at its full 6.6 kW; sharing charges both.
        assertThat(text).containsPattern("online +503-only +0\\.0%").containsPattern("online +max-min +(99|100)\\.\\d%");
        // What each online run's answers were, by name, beside the table's one count of errors.
        assertThat(text).contains("50% 503-only: starts answered {503 grid full=2}; stops that failed none",
                "50% max-min: starts answered {201 created=2}; stops that failed none");
    }

    @Test
    void offlineTheSplitRowsShowWhatSplittingCostsWithoutStartingAGrid() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = command(out).execute("compare", "--trace", trace().toString(), "--cap", "0.5", "--weights", "1,1",
                "--routing", "grid,finish", "--offline");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(text).isZero();
        assertThat(text).contains("0 runs").doesNotContainPattern("(?m)^ 50%.* online ");
        assertThat(text.lines().filter(l -> l.matches(" 50% +6\\.6 kW .*"))).hasSize(16);
        // One site of 6.6 kW shares it and charges both in two hours; capped at a part's 3.3 kW, so does it. Split
        // in two parts of 3.3 kW, each car alone on its part at 3.3 kW takes the same two hours.
        assertThat(text).containsPattern("offline +max-min +100\\.0%").containsPattern("capped +max-min +100\\.0%")
                .containsPattern("split/grid +max-min +100\\.0%").containsPattern("split/finish +max-min +100\\.0%")
                .containsPattern("split/grid +503-only +0\\.0%").doesNotContain("split/share");
    }

    @Test
    void aBadCapOrAMissingTraceIsAUsageErrorThatStartsNoGrid() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine command = command(out);
        command.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));

        assertThat(command.execute("compare", "--trace", trace().toString(), "--cap", "0")).isEqualTo(2);
        assertThat(command.execute("compare", "--trace", dir.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(command.execute("compare", "--cap", "0.4")).isEqualTo(2);
        assertThat(command.execute("compare", "--trace", trace().toString(), "--routing", "nearest")).isEqualTo(2);
        assertThat(command.execute("compare", "--trace", trace().toString(), "--online", "fastest")).isEqualTo(2);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--cap takes shares of the uncontrolled peak",
                "missing.json: no such readable file", "Missing required option: '--trace=FILE'",
                "--routing takes grid, share or finish, not nearest",
                "--online takes 503-only, max-min or least-laxity, not fastest");
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("online");
    }

    private Path trace() throws IOException {
        Path trace = dir.resolve("two-cars.json");
        if (!Files.exists(trace)) {
            Files.writeString(trace, TWO_CARS);
        }
        return trace;
    }

    private static CommandLine command(ByteArrayOutputStream out) {
        return LocalGrid.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private static ComparisonTable.Row row(List<ComparisonTable.Row> rows, String run, String policy) {
        return rows.stream().filter(r -> r.run().equals(run) && r.policy().equals(policy)).findFirst().orElseThrow();
    }
}
