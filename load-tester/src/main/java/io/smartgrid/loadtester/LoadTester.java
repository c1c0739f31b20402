package io.smartgrid.loadtester;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import io.smartgrid.loadtester.grid.GridClient;
import io.smartgrid.loadtester.reference.ReferenceCar;
import io.smartgrid.loadtester.reference.ReferenceSimulator;
import io.smartgrid.loadtester.reference.ReferenceTable;
import io.smartgrid.loadtester.report.HtmlReport;
import io.smartgrid.loadtester.report.JsonReport;
import io.smartgrid.loadtester.report.ReportBuilder;
import io.smartgrid.loadtester.report.RunRecorder;
import io.smartgrid.loadtester.report.RunReport;
import io.smartgrid.loadtester.report.TextReport;
import io.smartgrid.loadtester.report.UtilizationSampler;
import io.smartgrid.loadtester.workload.AcnTrace;
import io.smartgrid.loadtester.workload.ArrivalSchedule;
import io.smartgrid.loadtester.workload.ClosedLoop;
import io.smartgrid.loadtester.workload.Durations;
import io.smartgrid.loadtester.workload.OpenLoop;
import io.smartgrid.loadtester.workload.PoissonArrivals;
import io.smartgrid.loadtester.workload.RateProfile;
import io.smartgrid.loadtester.workload.RequestFactory;
import io.smartgrid.loadtester.workload.SessionLauncher;
import io.smartgrid.loadtester.workload.TraceArrivals;
import io.smartgrid.loadtester.workload.TraceSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The load-tester command line: drives the grid's public API and reports outcomes, latency and balance. */
@Command(name = "load-tester", mixinStandardHelpOptions = true, version = "load-tester 1.0",
		sortOptions = false, usageHelpAutoWidth = true,
		description = { "Sends charge requests to a running smart grid and reports what happened: outcomes, "
				+ "throughput, latency percentiles, sessions per substation, utilisation over time, balance, "
				+ "and any moment a substation exceeded its capacity.", "",
				"Workloads (pick one):",
				"  --requests N --concurrency C     closed loop (default: 100, 10 at once)",
				"  --rate R --duration D            open loop, Poisson arrivals at R/s",
				"  --profile rush-hour --rate R --duration D",
				"                                   morning peak shape, R/s at the top",
				"  --trace FILE [--speed S] [--trace-from T] [--trace-to T] [--limit N]",
				"                                   replay real EV sessions",
				"  --trace FILE --reference [--cap 0.3,0.4,0.6]",
				"                                   offline: the trace through one simulated site",
				"                                   under 503-only, max-min and least laxity; no grid",
				"" },
		footerHeading = "%nExamples:%n",
		footer = { "  # 1000 requests, 50 at a time, as fast as the grid answers",
				"  java -jar load-tester.jar --requests 1000 --concurrency 50",
				"  # 200 arrivals/s for a minute, each session stopped 20 s after it started",
				"  java -jar load-tester.jar --rate 200 --duration 60s --stop-after 20s \\",
				"      --html report.html",
				"  # what happens at 8 a.m.: five minutes shaped like the morning peak",
				"  java -jar load-tester.jar --profile rush-hour --rate 300 --duration 5m \\",
				"      --stop-after 30s --report report.json --html report.html",
				"  # one real day of the Caltech trace, ten minutes of trace per second",
				"  java -jar load-tester.jar --trace acn-caltech-2021.json \\",
				"      --trace-from 2021-09-10 --trace-to 2021-09-10 --speed 600",
				"  # the offline reference: the whole trace on one site capped at 40%% of its peak",
				"  java -jar load-tester.jar --trace acn-caltech-2021.json --reference --cap 0.4" },
		exitCodeListHeading = "%nExit codes:%n",
		exitCodeList = { "0:the run passed", "1:error rate above --max-error-rate, or a capacity overshoot",
				"2:invalid command line", "3:could not run (unreadable trace, unwritable report)",
				"130:interrupted by Ctrl-C (the report so far is still printed and written)" })
public final class LoadTester implements Callable<Integer> {

	static final int EXIT_PASS = 0;

	static final int EXIT_FAIL = 1;

	static final int EXIT_CANNOT_RUN = 3;

	@Spec
	private CommandSpec spec;

	@Option(names = "--url", paramLabel = "URL", defaultValue = "http://localhost:8080",
			description = "Base URL of the charge-request service (POST/DELETE /charge). Default: ${DEFAULT-VALUE}")
	private URI url;

	@Option(names = "--balancer-url", paramLabel = "URL", defaultValue = "http://localhost:8081",
			description = "Base URL of the load balancer, sampled at GET /substations. Default: ${DEFAULT-VALUE}")
	private URI balancerUrl;

	@Option(names = "--requests", paramLabel = "N", defaultValue = "100",
			description = "Closed loop: how many charge requests to send in all. Default: ${DEFAULT-VALUE}")
	private int requests;

	@Option(names = "--concurrency", paramLabel = "C", defaultValue = "10",
			description = "Closed loop: how many requests in flight at once. Default: ${DEFAULT-VALUE}")
	private int concurrency;

	@Option(names = "--rate", paramLabel = "R",
			description = "Open loop: mean arrivals per second (the peak with --profile).")
	private Double rate;

	@Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
			description = "Open loop: how long to keep sending, e.g. 30s, 5m, 1h.")
	private Duration duration;

	@Option(names = "--profile", paramLabel = "NAME",
			description = "Shape of the arrival rate over --duration: 'rush-hour' ramps up to --rate and back "
					+ "down like the 05:00-12:30 morning peak of real EV arrivals.")
	private String profile;

	@Option(names = "--trace", paramLabel = "FILE",
			description = "Replay an ACN-Data sessions JSON: each real session charges its real kWhDelivered and "
					+ "is stopped at its real disconnectTime, on a clock sped up by --speed.")
	private Path trace;

	@Option(names = "--speed", paramLabel = "S", defaultValue = "60",
			description = "Trace: how many trace seconds pass per real second. Default: ${DEFAULT-VALUE} "
					+ "(the substations' default clock speed, so sessions charge in step with the replay)")
	private double speed;

	@Option(names = "--trace-from", paramLabel = "TIME",
			description = "Trace: first connection time to replay: 2021-09-10, 2021-09-10T06:00 (site time) "
					+ "or 2021-09-10T13:00:00Z.")
	private String traceFrom;

	@Option(names = "--trace-to", paramLabel = "TIME",
			description = "Trace: replay connections before this time; a plain date includes that whole day.")
	private String traceTo;

	@Option(names = "--limit", paramLabel = "N", defaultValue = "0",
			description = "Trace: replay at most N sessions (0: all in the window).")
	private int limit;

	@Option(names = "--reference",
			description = "Trace, offline: charge the trace's cars through one simulated site capped at --cap of their "
					+ "uncontrolled peak, under 503-only, max-min and least laxity (told every real departure and "
					+ "energy, and told only what drivers stated), and print the figures. Contacts no grid.")
	private boolean reference;

	@Option(names = "--cap", paramLabel = "SHARE", split = ",", defaultValue = "0.3,0.4,0.6",
			description = "Reference: the site's capacity as shares of the uncontrolled peak (every car at its "
					+ "maximum from arrival until its energy is delivered). Default: ${DEFAULT-VALUE}")
	private List<Double> caps;

	@Option(names = "--step", paramLabel = "D", defaultValue = "1m", converter = DurationConverter.class,
			description = "Reference: the longest simulated time between two allocations. Default: ${DEFAULT-VALUE}")
	private Duration step;

	@Option(names = "--min-power-kw", paramLabel = "KW", defaultValue = "1.4",
			description = "Each car's minimum power; 1.4 kW is 6 A at 230 V, the least a charger may signal "
					+ "(IEC 61851-1). Reference: default ${DEFAULT-VALUE}. Synthetic workloads: sent as every request's "
					+ "minPowerKw, at most --power-kw (equal to it, a car charges at its full power or not at all); "
					+ "left to the substations when not given")
	private double minPowerKw;

	@Option(names = "--power-kw", paramLabel = "KW", defaultValue = "11",
			description = "Synthetic workloads: power of every session, 1-350. Default: ${DEFAULT-VALUE}")
	private double powerKw;

	@Option(names = "--energy-kwh", paramLabel = "KWH", defaultValue = "20",
			description = "Synthetic workloads: energy of every session, 0.1-200. Default: ${DEFAULT-VALUE}")
	private double energyKwh;

	@Option(names = "--vehicle-prefix", paramLabel = "TEXT", defaultValue = "LT",
			description = "Synthetic workloads: vehicle ids are TEXT-1, TEXT-2, ... Default: ${DEFAULT-VALUE}")
	private String vehiclePrefix;

	@Option(names = "--stop-after", paramLabel = "D", converter = DurationConverter.class,
			description = "Synthetic workloads: stop (DELETE) each session D after it started. "
					+ "Without it sessions are left to complete on their own.")
	private Duration stopAfter;

	@Option(names = "--seed", paramLabel = "N", defaultValue = "1",
			description = "Open loop: seed of the random arrivals, for repeatable runs. Default: ${DEFAULT-VALUE}")
	private long seed;

	@Option(names = "--sample-interval", paramLabel = "D", defaultValue = "250ms", converter = DurationConverter.class,
			description = "How often to sample the balancer's GET /substations. Default: ${DEFAULT-VALUE}")
	private Duration sampleInterval;

	@Option(names = "--no-sampling", description = "Do not sample the balancer (no utilisation, balance or "
			+ "overshoot figures).")
	private boolean noSampling;

	@Option(names = "--connect-timeout", paramLabel = "D", defaultValue = "2s", converter = DurationConverter.class,
			description = "TCP connect timeout. Default: ${DEFAULT-VALUE}")
	private Duration connectTimeout;

	@Option(names = "--request-timeout", paramLabel = "D", defaultValue = "10s", converter = DurationConverter.class,
			description = "Timeout of each request; past it the request counts as a transport error. "
					+ "Default: ${DEFAULT-VALUE}")
	private Duration requestTimeout;

	@Option(names = "--max-error-rate", paramLabel = "RATIO", defaultValue = "0.01",
			description = "Fail (exit 1) when errors / requests exceeds this. Errors are 5xx, 503 grid-unavailable, "
					+ "unexpected 4xx and transport errors; 503 grid-full is not an error. Default: ${DEFAULT-VALUE}")
	private double maxErrorRate;

	@Option(names = "--report", paramLabel = "FILE", description = "Also write the report as JSON to FILE.")
	private Path jsonReport;

	@Option(names = "--html", paramLabel = "FILE",
			description = "Also write the report as a self-contained HTML page with charts (works offline).")
	private Path htmlReport;

	@Option(names = "--no-progress", description = "Do not draw the progress bar.")
	private boolean noProgress;

	private final PrintStream out;

	private final PrintStream err;

	private final AtomicBoolean published = new AtomicBoolean();

	LoadTester(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	public static void main(String... args) {
		System.exit(run(System.out, System.err, args));
	}

	/**
	 * Runs the command in this JVM and returns its exit code; the report goes to {@code out}, progress and
	 * problems to {@code err}.
	 */
	public static int run(PrintStream out, PrintStream err, String... args) {
		LoadTester command = new LoadTester(out, err);
		CommandLine commandLine = new CommandLine(command);
		commandLine.setOut(new PrintWriter(out, true));
		commandLine.setErr(new PrintWriter(err, true));
		// A usage mistake gets its message and a pointer to --help, not two screens of options.
		commandLine.setParameterExceptionHandler((ex, cliArgs) -> {
			CommandLine cl = ex.getCommandLine();
			cl.getErr().println("load-tester: " + ex.getMessage());
			cl.getErr().println("Run 'load-tester --help' for the options.");
			return cl.getCommandSpec().exitCodeOnInvalidInput();
		});
		commandLine.setExecutionExceptionHandler((ex, cl, parseResult) -> {
			cl.getErr().println("load-tester: " + ex.getMessage());
			return EXIT_CANNOT_RUN;
		});
		return commandLine.execute(args);
	}

	/** {@link #run(PrintStream, PrintStream, String...)} to the standard streams. */
	public static int run(String... args) {
		return run(System.out, System.err, args);
	}

	@Override
	public Integer call() throws Exception {
		if (this.reference) {
			return reference();
		}
		if (given("--cap") || given("--step")) {
			throw usage("--cap and --step need --reference");
		}
		validateCommon();
		ArrivalSchedule schedule = schedule();
		boolean openLoop = schedule != null;
		String workload = openLoop ? schedule.description()
				: String.format(java.util.Locale.ROOT, "closed loop, %d requests, %d in flight; %.1f kW / %.1f kWh each",
						this.requests, this.concurrency, this.powerKw, this.energyKwh);
		if (this.stopAfter != null && this.trace == null) {
			workload += "; each session stopped " + Durations.format(this.stopAfter) + " after it started";
		}
		ReportBuilder.Context context = new ReportBuilder.Context(workload, this.url.toString(),
				this.balancerUrl.toString(), Instant.now().toString(), false, openLoop, this.maxErrorRate);

		try (GridClient client = new GridClient(this.url, this.balancerUrl, this.connectTimeout, this.requestTimeout)) {
			client.warmUp();
			return execute(client, schedule, context);
		}
	}

	private int execute(GridClient client, ArrivalSchedule schedule, ReportBuilder.Context context)
			throws InterruptedException {
		boolean openLoop = schedule != null;
		long start = System.nanoTime();
		RunRecorder recorder = new RunRecorder(start);
		try (UtilizationSampler sampler = new UtilizationSampler(client, start);
				SessionLauncher launcher = new SessionLauncher(client, recorder,
						(this.trace == null) ? this.stopAfter : null)) {
			if (!this.noSampling) {
				sampler.start(this.sampleInterval);
			}
			ProgressDisplay progress = this.noProgress ? null
					: new ProgressDisplay(recorder, openLoop ? schedule.expectedCount() : this.requests, this.err);
			// Ctrl-C: close the bar and publish what ran so far; the JVM then exits with 130.
			Thread onInterrupt = new Thread(() -> {
				if (progress != null) {
					progress.close();
				}
				publish(ReportBuilder.build(withInterrupted(context), recorder.snapshot(System.nanoTime()),
						sampler.samples(), sampler.failures()));
			}, "report-on-interrupt");
			Runtime.getRuntime().addShutdownHook(onInterrupt);
			try {
				if (openLoop) {
					OpenLoop.run(schedule, launcher, start);
				}
				else {
					ClosedLoop.run(this.requests, this.concurrency, requestFactory(), launcher);
				}
				launcher.awaitQuiet();
			}
			finally {
				try {
					Runtime.getRuntime().removeShutdownHook(onInterrupt);
				}
				catch (IllegalStateException shuttingDown) {
					// The hook is running or has run; it publishes the report.
				}
			}
			if (progress != null) {
				progress.finish();
			}
			sampler.close();
			if (!this.noSampling) {
				// One last look after everything settled: the "end" balance figures.
				sampler.sampleNow();
			}
			RunReport report = ReportBuilder.build(context, recorder.snapshot(System.nanoTime()), sampler.samples(),
					sampler.failures());
			if (!publish(report)) {
				return EXIT_CANNOT_RUN;
			}
			return report.passed() ? EXIT_PASS : EXIT_FAIL;
		}
	}

	/** The offline reference: no grid, no sampling, one table. */
	private int reference() throws IOException {
		if (this.trace == null) {
			throw usage("--reference needs --trace");
		}
		for (String option : List.of("--requests", "--concurrency", "--rate", "--duration", "--profile", "--speed",
				"--stop-after", "--report", "--html")) {
			if (given(option)) {
				throw usage("--reference runs offline on the trace alone: drop " + option);
			}
		}
		if (this.caps.isEmpty() || this.caps.stream().anyMatch((c) -> !(c > 0) || c > 10)) {
			throw usage("--cap takes shares of the uncontrolled peak above 0 and at most 10, e.g. 0.3,0.4,0.6");
		}
		if (this.step.getSeconds() < 1) {
			throw usage("--step must be at least 1s");
		}
		if (!(this.minPowerKw > 0) || this.minPowerKw > 350) {
			throw usage("--min-power-kw must be above 0 and at most 350");
		}
		List<TraceSession> window = traceWindow();
		List<ReferenceCar> cars = window.stream().map((s) -> ReferenceCar.of(s, this.minPowerKw)).toList();
		long peak = ReferenceSimulator.uncontrolledPeakMicroKw(cars);
		this.out.printf(java.util.Locale.ROOT,
				"Offline reference: %d cars of %s (%s to %s) through one site%n"
						+ "uncontrolled peak %.1f kW (every car at its maximum from arrival until its energy is "
						+ "delivered)%n"
						+ "cars: maximum %.1f kW (or their own average power where higher, up to %.0f kW), minimum %.1f kW; "
						+ "least-laxity is told each real departure and energy, least-laxity/stated what the driver "
						+ "stated; allocation at least every %s%n%n",
				cars.size(), this.trace.getFileName(), window.get(0).connection(),
				window.get(window.size() - 1).connection(), peak / 1_000_000.0, TraceSession.DEFAULT_POWER_KW,
				ReferenceCar.MAX_POWER_KW, this.minPowerKw, Durations.format(this.step));
		ReferenceTable.print(ReferenceTable.compute(cars, this.caps, this.step), this.out);
		this.out.println();
		this.out.println("energy: delivered by departure over requested; served: cars with at least 99% of their "
				+ "request; Jain: fairness of delivered/requested over cars; peak: highest load over the cap; "
				+ "refused: never started (503-only: refused on arrival; sharing: left while waiting)");
		this.out.flush();
		return EXIT_PASS;
	}

	private List<TraceSession> traceWindow() throws IOException {
		if (!Files.isReadable(this.trace)) {
			throw usage("--trace " + this.trace + ": no such readable file");
		}
		List<TraceSession> window = AcnTrace.window(AcnTrace.read(this.trace),
				(this.traceFrom != null) ? traceTime(this.traceFrom, false, "--trace-from") : null,
				(this.traceTo != null) ? traceTime(this.traceTo, true, "--trace-to") : null, this.limit);
		if (window.isEmpty()) {
			throw usage("no sessions in " + this.trace + " within the --trace-from/--trace-to window");
		}
		return window;
	}

	private static ReportBuilder.Context withInterrupted(ReportBuilder.Context context) {
		return new ReportBuilder.Context(context.workload(), context.target(), context.balancer(), context.startedAt(),
				true, context.latencyCorrected(), context.maxErrorRate());
	}

	/** Prints and writes the report once, whichever comes first of the normal end and Ctrl-C. */
	private boolean publish(RunReport report) {
		if (!this.published.compareAndSet(false, true)) {
			return true;
		}
		TextReport.print(report, this.out);
		boolean written = true;
		try {
			if (this.jsonReport != null) {
				JsonReport.write(report, this.jsonReport);
				this.out.println("JSON report: " + this.jsonReport.toAbsolutePath());
			}
			if (this.htmlReport != null) {
				HtmlReport.write(report, this.htmlReport);
				this.out.println("HTML report: " + this.htmlReport.toAbsolutePath());
			}
		}
		catch (IOException ex) {
			this.err.println("load-tester: could not write the report: " + ex.getMessage());
			written = false;
		}
		this.out.flush();
		return written;
	}

	private RequestFactory requestFactory() {
		return new RequestFactory(this.vehiclePrefix, this.powerKw, this.energyKwh,
				given("--min-power-kw") ? this.minPowerKw : null);
	}

	/** The open-loop plan, or null for the closed loop. */
	private ArrivalSchedule schedule() throws IOException {
		boolean requestsGiven = given("--requests") || given("--concurrency");
		if (this.trace != null) {
			if (requestsGiven || this.rate != null || this.duration != null || this.profile != null) {
				throw usage("--trace replays the trace's own arrivals: drop --requests, --concurrency, --rate, "
						+ "--duration and --profile");
			}
			if (this.stopAfter != null) {
				throw usage("--trace stops each session at its real disconnect time: drop --stop-after");
			}
			if (!(this.speed > 0)) {
				throw usage("--speed must be positive");
			}
			return new TraceArrivals(traceWindow(), this.speed, this.trace.getFileName().toString());
		}
		if (this.traceFrom != null || this.traceTo != null || given("--limit") || given("--speed")) {
			throw usage("--speed, --trace-from, --trace-to and --limit need --trace");
		}
		if (this.rate == null && this.duration == null && this.profile == null) {
			if (this.requests < 1 || this.concurrency < 1) {
				throw usage("--requests and --concurrency must be at least 1");
			}
			return null;
		}
		if (requestsGiven) {
			throw usage("--requests/--concurrency (closed loop) and --rate/--duration/--profile (open loop) "
					+ "cannot be combined");
		}
		if (this.rate == null || this.duration == null) {
			throw usage("an open-loop run needs both --rate and --duration");
		}
		if (!(this.rate > 0) || this.duration.isZero() || this.duration.isNegative()) {
			throw usage("--rate and --duration must be positive");
		}
		RateProfile shape;
		if (this.profile == null) {
			shape = RateProfile.constant(this.rate);
		}
		else if ("rush-hour".equals(this.profile)) {
			shape = RateProfile.rushHour(this.rate);
		}
		else {
			throw usage("--profile '" + this.profile + "' is unknown; the profile is 'rush-hour'");
		}
		return new PoissonArrivals(shape, this.duration, this.seed, requestFactory());
	}

	private void validateCommon() {
		try {
			requestFactory().create(1);
		}
		catch (IllegalArgumentException ex) {
			throw usage("--power-kw, --energy-kwh, --min-power-kw or --vehicle-prefix: " + ex.getMessage());
		}
		if (this.maxErrorRate < 0 || this.maxErrorRate > 1) {
			throw usage("--max-error-rate must be within 0-1");
		}
		if (this.sampleInterval.isZero() || this.sampleInterval.isNegative()) {
			throw usage("--sample-interval must be positive");
		}
		if (this.stopAfter != null && this.stopAfter.isNegative()) {
			throw usage("--stop-after must not be negative");
		}
		for (URI uri : List.of(this.url, this.balancerUrl)) {
			if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
				throw usage("'" + uri + "' is not an http(s) URL");
			}
		}
	}

	private Instant traceTime(String value, boolean endOfDay, String option) {
		try {
			return TraceTimeConverter.parse(value, endOfDay);
		}
		catch (CommandLine.TypeConversionException ex) {
			throw usage(option + ": " + ex.getMessage());
		}
	}

	private boolean given(String option) {
		return this.spec.commandLine().getParseResult().hasMatchedOption(option);
	}

	private ParameterException usage(String message) {
		return new ParameterException(this.spec.commandLine(), message);
	}

}
