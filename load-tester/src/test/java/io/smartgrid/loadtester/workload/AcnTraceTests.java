package io.smartgrid.loadtester.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcnTraceTests {

	@TempDir
	Path dir;

	/** The shared ACN-Data file beside the checkout, or null (and the test skipped) when it is not there. */
	static Path sharedTrace() {
		String shared = System.getProperty("grid.shared.dir");
		Path trace = (shared != null) ? Path.of(shared, "traces", "acn-caltech-2021.json") : null;
		Assumptions.assumeTrue(trace != null && Files.isReadable(trace),
				"shared EV trace not found (system property grid.shared.dir=" + shared + "): skipped");
		return trace;
	}

	@Test
	void readsTheWholeCaltechTraceWithPlausibleEnergy() throws IOException {
		List<TraceSession> sessions = AcnTrace.read(sharedTrace());

		// The data set's own description: 2,114 sessions, mean 12.4 kWh, median 6.8 kWh, plugged in 3.2 h on average.
		assertThat(sessions).hasSize(2114);
		double[] energy = sessions.stream().mapToDouble(TraceSession::kWhDelivered).sorted().toArray();
		assertThat(java.util.Arrays.stream(energy).average().orElseThrow()).isCloseTo(12.4, within(0.05));
		assertThat(energy[energy.length / 2]).isCloseTo(6.8, within(0.05));
		double meanHours = sessions.stream().mapToLong((s) -> s.pluggedIn().toSeconds()).average().orElseThrow()
				/ 3600;
		assertThat(meanHours).isCloseTo(3.2, within(0.1));
		assertThat(sessions).isSortedAccordingTo((a, b) -> a.connection().compareTo(b.connection()));
		assertThat(sessions.get(0).connection()).isEqualTo(Instant.parse("2021-05-01T20:42:47Z"));
		// Every session becomes a request the public API accepts.
		assertThat(sessions).allSatisfy((s) -> {
			assertThat(s.powerKw()).isBetween(1.0, 350.0);
			assertThat(s.energyKwh()).isBetween(0.1, 200.0);
		});
		double[] power = sessions.stream().mapToDouble(TraceSession::powerKw).sorted().toArray();
		assertThat(power[power.length / 2]).isCloseTo(3.3, within(0.2));
	}

	@Test
	void aWindowOfOneLocalDay() throws IOException {
		List<TraceSession> sessions = AcnTrace.read(sharedTrace());
		LocalDate day = LocalDate.parse("2021-09-10");

		List<TraceSession> window = AcnTrace.window(sessions, day.atStartOfDay(AcnTrace.ZONE).toInstant(),
				day.plusDays(1).atStartOfDay(AcnTrace.ZONE).toInstant(), 0);

		assertThat(window).hasSize(41)
			.allMatch((s) -> s.connection().atZone(AcnTrace.ZONE).toLocalDate().equals(day));
		assertThat(AcnTrace.window(sessions, null, null, 25)).hasSize(25);
	}

	@Test
	void powerIsTheAverageOverThePluggedInTimeClampedToTheApiRange() {
		Instant at = Instant.parse("2021-06-01T15:00:00Z");
		assertThat(new TraceSession("a", "s", at, at.plus(Duration.ofHours(2)), 13.2).powerKw()).isEqualTo(6.6);
		assertThat(new TraceSession("b", "s", at, at.plus(Duration.ofHours(10)), 2).powerKw()).isEqualTo(1.0);
		assertThat(new TraceSession("c", "s", at, at.plus(Duration.ofMinutes(1)), 70).powerKw()).isEqualTo(350.0);
		assertThat(new TraceSession("d", "s", at, at, 5).powerKw()).isEqualTo(TraceSession.DEFAULT_POWER_KW);
		assertThat(new TraceSession("e", "s", at, at.plus(Duration.ofHours(1)), 0.01).energyKwh()).isEqualTo(0.1);
	}

	@Test
	void readsRfc1123TimesAndDropsSessionsThatCannotBeReplayed() throws IOException {
		Path file = this.dir.resolve("trace.json");
		Files.writeString(file, """
				[
				  {"sessionID": "late", "connectionTime": "Wed, 02 Jun 2021 16:00:00 GMT",
				   "disconnectTime": "Wed, 02 Jun 2021 18:00:00 GMT", "kWhDelivered": 10.0, "stationID": "x"},
				  {"sessionID": "early", "connectionTime": "Wed, 02 Jun 2021 15:00:00 GMT",
				   "disconnectTime": "Wed, 02 Jun 2021 15:30:00 GMT", "kWhDelivered": 3.3, "userInputs": []},
				  {"sessionID": "no-energy", "connectionTime": "Wed, 02 Jun 2021 15:00:00 GMT",
				   "disconnectTime": "Wed, 02 Jun 2021 15:30:00 GMT"},
				  {"sessionID": "backwards", "connectionTime": "Wed, 02 Jun 2021 15:00:00 GMT",
				   "disconnectTime": "Wed, 02 Jun 2021 14:00:00 GMT", "kWhDelivered": 1.0},
				  {"sessionID": "bad-date", "connectionTime": "yesterday",
				   "disconnectTime": "Wed, 02 Jun 2021 14:00:00 GMT", "kWhDelivered": 1.0}
				]
				""");

		List<TraceSession> sessions = AcnTrace.read(file);

		assertThat(sessions).extracting(TraceSession::sessionId).containsExactly("early", "late");
		assertThat(sessions.get(0).powerKw()).isCloseTo(6.6, within(1e-9));
		assertThat(sessions.get(1).powerKw()).isCloseTo(5.0, within(1e-9));
	}

	@Test
	void keepsTheDriversStatedDepartureAndRequestedEnergyFromTheLastUserInput() throws IOException {
		Path file = this.dir.resolve("inputs.json");
		Files.writeString(file, """
				[
				  {"sessionID": "stated", "connectionTime": "Wed, 02 Jun 2021 15:00:00 GMT",
				   "disconnectTime": "Wed, 02 Jun 2021 18:00:00 GMT", "kWhDelivered": 10.0,
				   "userInputs": [
				     {"kWhRequested": 30.0, "minutesAvailable": 600, "requestedDeparture": "Thu, 03 Jun 2021 01:00:00 GMT"},
				     {"kWhRequested": 12.5, "minutesAvailable": 120, "requestedDeparture": "Wed, 02 Jun 2021 17:00:00 GMT"}
				   ]},
				  {"sessionID": "minutes-only", "connectionTime": "Wed, 02 Jun 2021 16:00:00 GMT",
				   "disconnectTime": "Wed, 02 Jun 2021 18:00:00 GMT", "kWhDelivered": 5.0,
				   "userInputs": [{"minutesAvailable": 90}]},
				  {"sessionID": "silent", "connectionTime": "Wed, 02 Jun 2021 17:00:00 GMT",
				   "disconnectTime": "Wed, 02 Jun 2021 18:00:00 GMT", "kWhDelivered": 5.0, "userInputs": null}
				]
				""");

		List<TraceSession> sessions = AcnTrace.read(file);

		assertThat(sessions.get(0).statedDeparture()).contains(Instant.parse("2021-06-02T17:00:00Z"));
		assertThat(sessions.get(0).kWhRequested()).isEqualTo(12.5);
		assertThat(sessions.get(1).statedDeparture()).contains(Instant.parse("2021-06-02T17:30:00Z"));
		assertThat(sessions.get(1).kWhRequested()).isNull();
		assertThat(sessions.get(2).statedDeparture()).isEmpty();
		assertThat(sessions.get(2).kWhRequested()).isNull();
	}

	@Test
	void mostCaltechDriversStatedADepartureAndAnEnergy() throws IOException {
		List<TraceSession> sessions = AcnTrace.read(sharedTrace());

		// 1,911 of the 2,114 sessions carry user inputs, each with a departure; one asked for 0 kWh, which is no request.
		assertThat(sessions.stream().filter((s) -> s.requestedDeparture() != null)).hasSize(1911);
		assertThat(sessions.stream().filter((s) -> s.kWhRequested() != null)).hasSize(1910);
		TraceSession first = sessions.get(0);
		assertThat(first.statedDeparture()).contains(Instant.parse("2021-05-02T08:43:47Z"));
		assertThat(first.kWhRequested()).isEqualTo(71.5);
	}

	@Test
	void aFileThatIsNotATraceIsAnIoError() throws IOException {
		Path file = this.dir.resolve("not-a-trace.json");
		Files.writeString(file, "{\"hello\": 1}");

		assertThatThrownBy(() -> AcnTrace.read(file)).isInstanceOf(IOException.class).hasMessageContaining("array");
	}

	@Test
	void replayCompressesArrivalsAndDisconnectionsBySpeed() {
		Instant origin = Instant.parse("2021-06-02T15:00:00Z");
		List<TraceSession> sessions = List.of(
				new TraceSession("a", "s", origin, origin.plus(Duration.ofHours(2)), 10),
				new TraceSession("b", "s", origin.plus(Duration.ofMinutes(60)), origin.plus(Duration.ofHours(5)), 20));

		TraceArrivals replay = new TraceArrivals(sessions, 60, "trace.json");
		List<Arrival> arrivals = new ArrayList<>();
		replay.forEach(arrivals::add);

		// At 60x, an hour of trace is a minute of replay.
		assertThat(arrivals).extracting(Arrival::atNanos).containsExactly(0L, Duration.ofMinutes(1).toNanos());
		assertThat(arrivals).extracting(Arrival::stopAtNanos)
			.containsExactly(Duration.ofMinutes(2).toNanos(), Duration.ofMinutes(5).toNanos());
		assertThat(arrivals.get(1).request().energyKwh()).isEqualTo(20.0);
		assertThat(arrivals.get(1).request().powerKw()).isCloseTo(5.0, within(1e-9));
		assertThat(replay.replayDuration()).isEqualTo(Duration.ofMinutes(5));
		assertThat(replay.expectedCount()).isEqualTo(2);
		assertThat(replay.description()).contains("2 sessions", "60x");
	}

	@Test
	void replaySendsEachStatedDepartureCompressedOntoTheRealClockAndLeavesOutOneTooCloseOrUnsaid() {
		Instant origin = Instant.parse("2021-06-02T15:00:00Z");
		List<TraceSession> sessions = List.of(
				// Said 17:00: two hours of trace, two minutes of replay at 60x.
				new TraceSession("a", "s", origin, origin.plus(Duration.ofHours(3)), 10,
						origin.plus(Duration.ofHours(2)), 10.0),
				// Said a second after arriving: a sixtieth of a second of replay, closer than the lead.
				new TraceSession("b", "s", origin, origin.plus(Duration.ofHours(3)), 10, origin.plusSeconds(1), 10.0),
				// Said before arriving.
				new TraceSession("c", "s", origin, origin.plus(Duration.ofHours(3)), 10, origin.minusSeconds(60), 10.0),
				new TraceSession("d", "s", origin, origin.plus(Duration.ofHours(3)), 10));

		Instant before = Instant.now();
		List<Arrival> arrivals = new ArrayList<>();
		new TraceArrivals(sessions, 60, "trace.json").forEach(arrivals::add);
		Instant after = Instant.now();

		assertThat(arrivals.get(0).request().departureAt()).isBetween(before.plus(Duration.ofMinutes(2)),
				after.plus(Duration.ofMinutes(2)));
		assertThat(arrivals.subList(1, 4)).extracting((a) -> a.request().departureAt()).containsOnlyNulls();
		assertThat(TraceArrivals.DEPARTURE_LEAD).isGreaterThan(Duration.ofSeconds(1).dividedBy(60));
	}

}
