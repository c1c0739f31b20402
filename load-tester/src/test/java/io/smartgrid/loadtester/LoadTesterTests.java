package io.smartgrid.loadtester;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import io.smartgrid.loadtester.workload.PoissonArrivals;
import io.smartgrid.loadtester.workload.RateProfile;
import io.smartgrid.loadtester.workload.RequestFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs the real command in this JVM against a fake grid on ephemeral local ports. */
class LoadTesterTests {

	@TempDir
	Path dir;

	@Test
	void closedLoopCountsCreatedAndGridFullAndSpreadsSessions() throws IOException {
		// Two 100 kW substations take ten 10 kW sessions each; the other ten requests find the grid full.
		try (FakeGrid grid = new FakeGrid(FakeGrid.substations("sub-a", 100, "sub-b", 100))) {
			Result result = run(grid, "--requests", "30", "--concurrency", "4", "--power-kw", "10");

			assertThat(result.exitCode()).as(result.out()).isZero();
			JsonNode report = result.json();
			assertThat(report.at("/outcomes/CREATED").asLong()).isEqualTo(20);
			assertThat(report.at("/outcomes/GRID_FULL").asLong()).isEqualTo(10);
			assertThat(report.at("/outcomes/SERVER_ERROR").asLong()).isZero();
			assertThat(report.at("/errors").asLong()).isZero();
			assertThat(report.at("/sessionsPerSubstation/sub-a").asLong()).isEqualTo(10);
			assertThat(report.at("/sessionsPerSubstation/sub-b").asLong()).isEqualTo(10);
			assertThat(report.at("/latencyCorrected").asBoolean()).isFalse();
			assertThat(report.at("/latency/count").asLong()).isEqualTo(30);
			assertThat(report.at("/samples").asInt()).isPositive();
			assertThat(report.at("/overshoots")).isEmpty();
			// The final sample is taken after the run: both substations full, so perfectly balanced.
			assertThat(report.at("/end/spread").asDouble()).isZero();
			assertThat(report.at("/end/totalLoadKw").asDouble()).isEqualTo(200.0);
			assertThat(result.out()).contains("503 grid full", "RESULT: PASS");
			assertThat(grid.activeSessions()).isEqualTo(20);
			assertThat(grid.stopsReceived()).isZero();
		}
	}

	@Test
	void aGivenMinimumPowerIsSentWithEveryRequestAndLeftOutOtherwise() throws IOException {
		try (FakeGrid grid = new FakeGrid(FakeGrid.substations("sub-a", 100))) {
			Result atFullPower = run(grid, "--requests", "3", "--concurrency", "1", "--power-kw", "11",
					"--min-power-kw", "11");
			assertThat(atFullPower.exitCode()).as(atFullPower.out()).isZero();
			assertThat(grid.minimumsReceived()).containsExactly(11.0, 11.0, 11.0);

			Result leftToTheGrid = run(grid, "--requests", "2", "--concurrency", "1");
			assertThat(leftToTheGrid.exitCode()).as(leftToTheGrid.out()).isZero();
			assertThat(grid.minimumsReceived()).hasSize(3);
		}
		assertThat(run(List.of("--power-kw", "11", "--min-power-kw", "12")).exitCode()).isEqualTo(2);
	}

	@Test
	void openLoopSendsExactlyTheScheduleAndStopsEverySession() throws IOException {
		long planned = StreamSupport
			.stream(new PoissonArrivals(RateProfile.constant(60), Duration.ofSeconds(1), 7,
					new RequestFactory("LT", 11, 20)).spliterator(), false)
			.count();
		try (FakeGrid grid = new FakeGrid(FakeGrid.substations("sub-a", 1000, "sub-b", 500))) {
			Result result = run(grid, "--rate", "60", "--duration", "1s", "--seed", "7", "--stop-after", "50ms");

			assertThat(result.exitCode()).as(result.out()).isZero();
			JsonNode report = result.json();
			assertThat(planned).isPositive();
			assertThat(report.at("/requests").asLong()).isEqualTo(planned);
			assertThat(report.at("/outcomes/CREATED").asLong()).isEqualTo(planned);
			assertThat(report.at("/stops/STOPPED").asLong()).isEqualTo(planned);
			assertThat(report.at("/latencyCorrected").asBoolean()).isTrue();
			assertThat(report.at("/sessionsPerSubstation/sub-a").asLong()
					+ report.at("/sessionsPerSubstation/sub-b").asLong()).isEqualTo(planned);
			assertThat(report.at("/workload").asString()).contains("open loop", "Poisson");
			assertThat(grid.activeSessions()).isZero();
			assertThat(grid.stopsReceived()).isEqualTo((int) planned);
		}
	}

	@Test
	void rushHourProfileRunsAsAnOpenLoop() throws IOException {
		try (FakeGrid grid = new FakeGrid(FakeGrid.substations("sub-a", 5000))) {
			Result result = run(grid, "--profile", "rush-hour", "--rate", "80", "--duration", "1s", "--stop-after",
					"10ms");

			assertThat(result.exitCode()).as(result.out()).isZero();
			JsonNode report = result.json();
			assertThat(report.at("/workload").asString()).contains("rush-hour");
			assertThat(report.at("/requests").asLong()).isPositive()
				.isEqualTo(report.at("/outcomes/CREATED").asLong());
		}
	}

	@Test
	void serverErrorsAboveTheLimitFailTheRun() throws IOException {
		try (FakeGrid grid = new FakeGrid(FakeGrid.substations("sub-a", 1000)).failingEvery(5)) {
			Result result = run(grid, "--requests", "20", "--concurrency", "2");

			assertThat(result.exitCode()).isEqualTo(1);
			JsonNode report = result.json();
			assertThat(report.at("/outcomes/SERVER_ERROR").asLong()).isEqualTo(4);
			assertThat(report.at("/outcomes/CREATED").asLong()).isEqualTo(16);
			assertThat(report.at("/errorRate").asDouble()).isEqualTo(0.2);
			assertThat(report.at("/passed").asBoolean()).isFalse();
			assertThat(result.out()).contains("FAIL: error rate 20.00%", "RESULT: FAIL");
		}
	}

	@Test
	void errorsWithinAGenerousLimitPass() throws IOException {
		try (FakeGrid grid = new FakeGrid(FakeGrid.substations("sub-a", 1000)).failingEvery(5)) {
			Result result = run(grid, "--requests", "20", "--concurrency", "2", "--max-error-rate", "0.25");

			assertThat(result.exitCode()).isZero();
		}
	}

	@Test
	void aCapacityOvershootFailsTheRunAndIsListed() throws IOException {
		try (FakeGrid grid = new FakeGrid(FakeGrid.substations("sub-a", 100, "sub-b", 100)).reportingExtraLoad(150)) {
			Result result = run(grid, "--requests", "5", "--concurrency", "1");

			assertThat(result.exitCode()).isEqualTo(1);
			JsonNode report = result.json();
			assertThat(report.at("/errors").asLong()).isZero();
			assertThat(report.at("/overshoots")).isNotEmpty();
			assertThat(report.at("/overshoots/0/loadKw").asDouble())
				.isGreaterThan(report.at("/overshoots/0/capacityKw").asDouble());
			assertThat(result.out()).contains("FAIL: capacity exceeded");
		}
	}

	@Test
	void anUnreachableGridIsAllTransportErrors() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		String nowhere = "http://127.0.0.1:" + closedPort;
		Result result = run(List.of("--url", nowhere, "--balancer-url", nowhere, "--requests", "3", "--concurrency",
				"1", "--connect-timeout", "500ms"));

		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.json().at("/outcomes/TRANSPORT_ERROR").asLong()).isEqualTo(3);
		assertThat(result.out()).contains("WARNING: no balancer samples");
	}

	@Test
	void writesTheHtmlReportAndDrawsProgress() throws IOException {
		try (FakeGrid grid = new FakeGrid(FakeGrid.substations("sub-a", 100))) {
			Path html = this.dir.resolve("report.html");
			List<String> args = new ArrayList<>(List.of("--url", grid.chargeUrl(), "--balancer-url",
					grid.balancerUrl(), "--requests", "5", "--concurrency", "1", "--html", html.toString()));
			Result result = run(args);

			assertThat(result.exitCode()).isZero();
			assertThat(html).content().contains("sub-a", "<svg", "PASS").doesNotContain("http://", "https://");
			assertThat(result.err()).contains("charge", "201 5");
		}
	}

	@Test
	void replaysOneRealDayOfTheTraceAndStopsEachSessionAtItsDisconnectTime() throws IOException {
		String shared = System.getProperty("grid.shared.dir");
		Path trace = (shared != null) ? Path.of(shared, "traces", "acn-caltech-2021.json") : null;
		Assumptions.assumeTrue(trace != null && Files.isReadable(trace),
				"shared EV trace not found (system property grid.shared.dir=" + shared + "): skipped");
		try (FakeGrid grid = new FakeGrid(FakeGrid.substations("sub-a", 150, "sub-b", 100))) {
			// 41 sessions on 2021-09-10 (site time); a day at 43,200x takes two seconds.
			Result result = run(grid, "--trace", trace.toString(), "--trace-from", "2021-09-10", "--trace-to",
					"2021-09-10", "--speed", "43200");

			assertThat(result.exitCode()).as(result.out()).isZero();
			JsonNode report = result.json();
			assertThat(report.at("/requests").asLong()).isEqualTo(41);
			assertThat(report.at("/outcomes/CREATED").asLong() + report.at("/outcomes/GRID_FULL").asLong())
				.isEqualTo(41);
			assertThat(report.at("/stops/STOPPED").asLong()).isEqualTo(report.at("/outcomes/CREATED").asLong());
			assertThat(report.at("/workload").asString()).contains("trace replay of 41 sessions");
			assertThat(grid.activeSessions()).isZero();
		}
	}

	@Test
	void conflictingOrIncompleteWorkloadsAreUsageErrors() {
		assertThat(run(List.of("--rate", "10")).exitCode()).isEqualTo(2);
		assertThat(run(List.of("--rate", "10", "--duration", "1s", "--requests", "5")).exitCode()).isEqualTo(2);
		assertThat(run(List.of("--profile", "lunch", "--rate", "10", "--duration", "1s")).exitCode()).isEqualTo(2);
		assertThat(run(List.of("--speed", "10")).exitCode()).isEqualTo(2);
		assertThat(run(List.of("--power-kw", "400")).exitCode()).isEqualTo(2);
		assertThat(run(List.of("--trace", "x.json", "--stop-after", "1s")).exitCode()).isEqualTo(2);
		Result missingTrace = run(List.of("--trace", this.dir.resolve("missing.json").toString()));
		assertThat(missingTrace.exitCode()).isEqualTo(2);
		assertThat(missingTrace.err()).contains("no such readable file", "--help");
	}

	@Test
	void theOfflineReferencePrintsEveryPolicyAtEveryCapWithoutAGrid() throws IOException {
		// Two cars of 6.6 kW at once: an uncontrolled peak of 13.2 kW; at half of it only one fits at full power.
		Path trace = Files.writeString(this.dir.resolve("two-cars.json"), """
				[
				  {"sessionID": "a", "connectionTime": "Wed, 02 Jun 2021 15:00:00 GMT",
				   "disconnectTime": "Wed, 02 Jun 2021 19:00:00 GMT", "kWhDelivered": 6.6},
				  {"sessionID": "b", "connectionTime": "Wed, 02 Jun 2021 15:00:00 GMT",
				   "disconnectTime": "Wed, 02 Jun 2021 19:00:00 GMT", "kWhDelivered": 6.6}
				]
				""");
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exitCode;
		try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
				PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
			// No grid listens on this URL; the reference never calls it.
			exitCode = LoadTester.run(outStream, errStream, "--url", "http://127.0.0.1:9", "--trace", trace.toString(),
					"--reference", "--cap", "0.5,1");
		}
		String table = out.toString(StandardCharsets.UTF_8);

		assertThat(exitCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
		assertThat(table).contains("2 cars", "uncontrolled peak 13.2 kW");
		assertThat(table.lines().filter((line) -> line.matches("^ *50%.*"))).hasSize(4);
		assertThat(table).containsPattern(" 50% +6\\.6 kW +503-only +50\\.0% +50\\.0% +0\\.500 +100\\.0% +1 ")
			.containsPattern(" 50% +6\\.6 kW +max-min +100\\.0% +100\\.0% +1\\.000 +100\\.0% +0 ")
			.containsPattern("100% +13\\.2 kW +least-laxity +100\\.0% +100\\.0% +1\\.000 +100\\.0% +0 ")
			.containsPattern(" 50% +6\\.6 kW +least-laxity/stated +100\\.0% +100\\.0% +1\\.000 +100\\.0% +0 ");
	}

	@Test
	void referenceOptionsAreUsageErrorsOutsideAReference() {
		assertThat(run(List.of("--reference")).exitCode()).isEqualTo(2);
		assertThat(run(List.of("--cap", "0.4")).exitCode()).isEqualTo(2);
		Result withWorkload = run(List.of("--trace", "x.json", "--reference", "--rate", "5"));
		assertThat(withWorkload.exitCode()).isEqualTo(2);
		assertThat(withWorkload.err()).contains("drop --rate");
	}

	@Test
	void aTraceThatCannotBeReadIsExitThree() throws IOException {
		Path notATrace = Files.writeString(this.dir.resolve("not-a-trace.json"), "this is not JSON");

		Result result = run(List.of("--trace", notATrace.toString()));

		assertThat(result.exitCode()).isEqualTo(3);
		assertThat(result.err()).contains("not valid JSON");
	}

	@Test
	void aReportThatCannotBeWrittenIsExitThreeAfterPrintingIt() throws IOException {
		try (FakeGrid grid = new FakeGrid(FakeGrid.substations("sub-a", 100))) {
			Path unwritable = this.dir.resolve("no-such-directory").resolve("report.html");
			Result result = run(grid, "--requests", "2", "--concurrency", "1", "--html", unwritable.toString(),
					"--no-progress");

			assertThat(result.exitCode()).isEqualTo(3);
			assertThat(result.out()).contains("RESULT: PASS");
			assertThat(result.err()).contains("could not write the report");
		}
	}

	@Test
	void helpDescribesEveryWorkload() {
		Result result = run(List.of("--help"));

		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).contains("--requests", "--rate", "--profile", "--trace", "--speed", "--stop-after",
				"--max-error-rate", "--html", "--reference", "--cap", "Exit codes");
	}

	private Result run(FakeGrid grid, String... workload) {
		List<String> args = new ArrayList<>(List.of("--url", grid.chargeUrl(), "--balancer-url", grid.balancerUrl(),
				"--sample-interval", "20ms"));
		args.addAll(List.of(workload));
		return run(args);
	}

	private Result run(List<String> arguments) {
		List<String> args = new ArrayList<>(arguments);
		Path json = this.dir.resolve("report-" + System.nanoTime() + ".json");
		if (!args.contains("--help")) {
			args.addAll(List.of("--report", json.toString()));
			if (!args.contains("--html")) {
				args.add("--no-progress");
			}
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int exitCode;
		try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
				PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
			exitCode = LoadTester.run(outStream, errStream, args.toArray(String[]::new));
		}
		return new Result(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), json);
	}

	record Result(int exitCode, String out, String err, Path jsonFile) {

		JsonNode json() throws IOException {
			assertThat(this.jsonFile).as("JSON report; output was:%n%s%n%s", this.out, this.err).exists();
			return JsonMapper.builder().build().readTree(Files.readString(this.jsonFile));
		}

	}

}
