package io.smartgrid.loadtester.grid;

import java.time.Instant;

/**
 * The body of {@code POST /charge}, validated against the public contract's ranges.
 *
 * @param minPowerKw the least the car charges at, at most {@code powerKw}; {@code null} (left out) for the
 * substations' default
 * @param departureAt when the driver says the car leaves, on the grid's real clock; {@code null} (left out) when
 * unsaid
 */
public record ChargeRequest(String vehicleId, double powerKw, double energyKwh, Double minPowerKw,
		Instant departureAt) {

	/** A request that leaves the minimum to the substations. */
	public ChargeRequest(String vehicleId, double powerKw, double energyKwh) {
		this(vehicleId, powerKw, energyKwh, null, null);
	}

	/** A request with no departure. */
	public ChargeRequest(String vehicleId, double powerKw, double energyKwh, Double minPowerKw) {
		this(vehicleId, powerKw, energyKwh, minPowerKw, null);
	}

	public ChargeRequest {
		if (vehicleId == null || !vehicleId.matches("[A-Za-z0-9._-]{1,64}")) {
			throw new IllegalArgumentException("vehicleId must be 1-64 of A-Za-z0-9._- but was " + vehicleId);
		}
		if (powerKw < 1 || powerKw > 350) {
			throw new IllegalArgumentException("powerKw must be within 1-350 but was " + powerKw);
		}
		if (energyKwh < 0.1 || energyKwh > 200) {
			throw new IllegalArgumentException("energyKwh must be within 0.1-200 but was " + energyKwh);
		}
		if (minPowerKw != null && !(minPowerKw >= 1 && minPowerKw <= powerKw)) {
			throw new IllegalArgumentException("minPowerKw must be within 1 and powerKw but was " + minPowerKw);
		}
	}

}
