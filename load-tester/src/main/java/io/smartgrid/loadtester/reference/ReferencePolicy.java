package io.smartgrid.loadtester.reference;

import io.smartgrid.substation.allocation.AllocationPolicy;

/** How the offline site treats its cars. */
public enum ReferencePolicy {

	/** Today's grid: a car is admitted only at its full power and otherwise refused (503); no sharing. */
	REFUSE_WHEN_FULL("503-only", null),

	/** Admission by minimums, a waitlist, and max-min water-filling; departures unknown. */
	MAX_MIN("max-min", AllocationPolicy.MAX_MIN),

	/** Admission by minimums, a waitlist, and least laxity first with every real departure and energy known. */
	LEAST_LAXITY("least-laxity", AllocationPolicy.LEAST_LAXITY),

	/**
	 * The same, told only what each driver stated: the stated departure, and the stated energy less what the car has
	 * taken; a car whose driver stated neither is shared max-min with the others like it.
	 */
	LEAST_LAXITY_STATED("least-laxity/stated", AllocationPolicy.LEAST_LAXITY);

	private final String label;

	private final AllocationPolicy allocation;

	ReferencePolicy(String label, AllocationPolicy allocation) {
		this.label = label;
		this.allocation = allocation;
	}

	public String label() {
		return this.label;
	}

	/** The allocator's policy, or null when the site does not share. */
	AllocationPolicy allocation() {
		return this.allocation;
	}

}
