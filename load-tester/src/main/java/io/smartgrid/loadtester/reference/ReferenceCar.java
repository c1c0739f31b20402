package io.smartgrid.loadtester.reference;

import java.time.Instant;

import io.smartgrid.loadtester.workload.TraceSession;

/**
 * One car of the offline reference: what really happened, which a scheduler of perfect knowledge is told, and what
 * its driver stated, which is all an online scheduler would be told.
 *
 * @param arrival when it plugged in
 * @param departure when it really left
 * @param energyKwh the energy it really took (clamped as the replay clamps it)
 * @param minMicroKw the least power it charges at
 * @param maxMicroKw the most it can take
 * @param statedDeparture when its driver said it would leave, or null
 * @param statedEnergyKwh the energy its driver asked for, or null
 */
public record ReferenceCar(String id, Instant arrival, Instant departure, double energyKwh, long minMicroKw,
		long maxMicroKw, Instant statedDeparture, Double statedEnergyKwh) {

	/** A car whose driver stated nothing. */
	public ReferenceCar(String id, Instant arrival, Instant departure, double energyKwh, long minMicroKw,
			long maxMicroKw) {
		this(id, arrival, departure, energyKwh, minMicroKw, maxMicroKw, null, null);
	}

	/**
	 * The fastest a car charges at the Caltech site: its DC fast charger's sessions average up to 47 kW; only two of
	 * its 618 records are above 50 kW (77 and 809 kW on average, 34 kWh in two and a half minutes), which no such
	 * charger delivers.
	 */
	public static final double MAX_POWER_KW = 50;

	/**
	 * The car of a trace session. Its maximum is that of the site's level-2 stations (32 A at 208 V, about 6.6 kW),
	 * or the session's own average power where that is higher (at most {@link #MAX_POWER_KW}), so that at its
	 * maximum every car but those two gets its energy before it leaves; its minimum is {@code minKw}, or the maximum
	 * if lower.
	 */
	public static ReferenceCar of(TraceSession session, double minKw) {
		long max = microKw(Math.min(MAX_POWER_KW, Math.max(TraceSession.DEFAULT_POWER_KW, session.powerKw())));
		return new ReferenceCar(session.sessionId(), session.connection(), session.disconnection(),
				session.energyKwh(), Math.min(max, microKw(minKw)), max, session.requestedDeparture(),
				session.kWhRequested());
	}

	/** This car, able to draw at most {@code microKw}: its maximum, and its minimum, cut to that. */
	public ReferenceCar cappedAt(long microKw) {
		return new ReferenceCar(this.id, this.arrival, this.departure, this.energyKwh,
				Math.min(this.minMicroKw, microKw), Math.min(this.maxMicroKw, microKw), this.statedDeparture,
				this.statedEnergyKwh);
	}

	static long microKw(double kw) {
		return Math.round(kw * 1_000_000);
	}

}
