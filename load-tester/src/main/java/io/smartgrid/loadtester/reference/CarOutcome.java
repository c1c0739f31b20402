package io.smartgrid.loadtester.reference;

import java.time.Duration;
import java.time.Instant;

/**
 * What one car got: the energy it asked for and the energy it had when it left.
 *
 * @param admittedAt when it started charging, or null when it never did (turned away, or left while waiting)
 */
public record CarOutcome(String id, double requestedKwh, double deliveredKwh, Instant arrival, Instant admittedAt) {

	/** Delivered over requested, at most 1; a car that asked for nothing is fully served. */
	public double servedShare() {
		return (this.requestedKwh > 0) ? Math.min(1, this.deliveredKwh / this.requestedKwh) : 1;
	}

	public boolean turnedAway() {
		return this.admittedAt == null;
	}

	/** How long it waited for its charge to start; zero when it never started. */
	public Duration waited() {
		return turnedAway() ? Duration.ZERO : Duration.between(this.arrival, this.admittedAt);
	}

}
