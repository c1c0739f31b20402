package io.smartgrid.loadtester.workload;

/** A plan of arrivals in time order, computed up front and independent of how the grid answers. */
public interface ArrivalSchedule extends Iterable<Arrival> {

	/** How many arrivals to expect, for the progress bar; exact for a trace, the mean for a Poisson process. */
	long expectedCount();

	String description();

}
