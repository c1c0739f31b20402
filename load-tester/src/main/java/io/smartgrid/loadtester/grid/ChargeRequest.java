package io.smartgrid.loadtester.grid;

/** The body of {@code POST /charge}, validated against the public contract's ranges. */
public record ChargeRequest(String vehicleId, double powerKw, double energyKwh) {

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
	}

}
