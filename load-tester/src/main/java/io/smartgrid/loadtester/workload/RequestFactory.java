package io.smartgrid.loadtester.workload;

import io.smartgrid.loadtester.grid.ChargeRequest;

/**
 * Synthetic charge requests: the same power, minimum and energy for every vehicle, a distinct vehicle id each.
 *
 * @param minPowerKw sent as every request's {@code minPowerKw}; {@code null} leaves it to the substations
 */
public record RequestFactory(String vehiclePrefix, double powerKw, double energyKwh, Double minPowerKw) {

	/** Requests that leave the minimum to the substations. */
	public RequestFactory(String vehiclePrefix, double powerKw, double energyKwh) {
		this(vehiclePrefix, powerKw, energyKwh, null);
	}

	public ChargeRequest create(long sequence) {
		return new ChargeRequest(this.vehiclePrefix + "-" + sequence, this.powerKw, this.energyKwh, this.minPowerKw);
	}

}
