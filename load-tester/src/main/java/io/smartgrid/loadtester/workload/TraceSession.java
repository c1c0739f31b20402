package io.smartgrid.loadtester.workload;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.smartgrid.loadtester.grid.ChargeRequest;

/**
 * One real charging session from the ACN-Data trace.
 *
 * @param sessionId the trace's own id (not a grid session id)
 * @param connection when the car plugged in
 * @param disconnection when it left
 * @param kWhDelivered energy it actually took
 * @param requestedDeparture when the driver said the car would leave ({@code requestedDeparture} of the last user
 * input, else the connection plus its {@code minutesAvailable}; in the Caltech trace the two always agree), or null
 * when the driver gave none
 * @param kWhRequested the energy the driver asked for ({@code kWhRequested} of the last user input), or null
 */
public record TraceSession(String sessionId, String stationId, Instant connection, Instant disconnection,
		double kWhDelivered, Instant requestedDeparture, Double kWhRequested) {

	/** A session without user inputs. */
	public TraceSession(String sessionId, String stationId, Instant connection, Instant disconnection,
			double kWhDelivered) {
		this(sessionId, stationId, connection, disconnection, kWhDelivered, null, null);
	}

	/** Used when the trace gives no usable plugged-in time: a common 32 A single-phase wall box. */
	public static final double DEFAULT_POWER_KW = 6.6;

	static final double MIN_POWER_KW = 1;

	static final double MAX_POWER_KW = 350;

	/** When the driver said the car would leave, if the driver said. */
	public Optional<Instant> statedDeparture() {
		return Optional.ofNullable(this.requestedDeparture);
	}

	public Duration pluggedIn() {
		return Duration.between(this.connection, this.disconnection);
	}

	/**
	 * The average power over the plugged-in time, which is what the car really drew on average, clamped to the
	 * range the public API accepts.
	 */
	public double powerKw() {
		double hours = pluggedIn().toMillis() / 3_600_000.0;
		if (!(hours > 0) || !(this.kWhDelivered > 0)) {
			return DEFAULT_POWER_KW;
		}
		return clamp(this.kWhDelivered / hours, MIN_POWER_KW, MAX_POWER_KW);
	}

	/** The real energy, clamped to the range the public API accepts (0.1 to 200 kWh). */
	public double energyKwh() {
		return clamp(this.kWhDelivered, 0.1, 200);
	}

	/**
	 * @param departureAt the stated departure on the replay's clock, or null to leave it out
	 */
	ChargeRequest toRequest(long sequence, Instant departureAt) {
		return new ChargeRequest("ACN-" + sequence, powerKw(), energyKwh(), null, departureAt);
	}

	private static double clamp(double value, double min, double max) {
		return Math.min(max, Math.max(min, value));
	}

}
