package io.smartgrid.loadtester.grid;

/** One element of the balancer's {@code GET /substations}: what it believes about a substation. */
public record SubstationState(String id, double capacityKw, double loadKw, int activeSessions, double utilization,
		boolean healthy) {

	/** Load above rating is the one thing the grid must never allow. */
	public boolean overshoots() {
		return this.loadKw > this.capacityKw;
	}

}
