package io.smartgrid.loadtester.reference;

/**
 * Where the offline reference sends a car on arrival when the capacity is split into several sites (substations).
 * Every rule chooses only among the sites that admit the car now (its minimum fits beside the minimums there and
 * nobody waits there; under 503-only its full power fits); a car that no site admits waits, under every rule, where
 * the grid's balancer would place it (see {@link ReferenceSimulator}).
 */
public enum SplitRouting {

	/**
	 * The grid's balancer: the lowest demand over capacity after adding the car, {@code (Σ maximums + maximum) /
	 * capacity}, the maximums as the cars state them (a car's maximum may be above a site's capacity; it then draws
	 * at most the capacity); ties to the first site.
	 */
	GRID("grid"),

	/**
	 * The site where the car's own power, allocated now under the policy together with the cars already there, would
	 * be the largest; ties to the larger capacity, then to the first site.
	 */
	LARGEST_SHARE("share"),

	/**
	 * The grid's rule among the sites where the car, at the power allocated to it now under the policy beside the
	 * cars already there, would have its energy by its departure (both as the policy knows them: real with perfect
	 * knowledge, otherwise stated); the grid's rule among all sites when it can finish at none, or its departure is
	 * not known; ties to the larger capacity, then to the first site.
	 */
	FINISH("finish");

	private final String label;

	SplitRouting(String label) {
		this.label = label;
	}

	public String label() {
		return this.label;
	}

}
