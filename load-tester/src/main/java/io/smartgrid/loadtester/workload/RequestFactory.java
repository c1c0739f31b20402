package io.smartgrid.loadtester.workload;

import io.smartgrid.loadtester.grid.ChargeRequest;

/** Synthetic charge requests: the same power and energy for every vehicle, a distinct vehicle id each. */
public record RequestFactory(String vehiclePrefix, double powerKw, double energyKwh) {

	public ChargeRequest create(long sequence) {
		return new ChargeRequest(this.vehiclePrefix + "-" + sequence, this.powerKw, this.energyKwh);
	}

}
