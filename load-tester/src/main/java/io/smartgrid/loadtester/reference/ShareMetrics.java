package io.smartgrid.loadtester.reference;

import java.time.Duration;
import java.util.List;

/**
 * How well a site shared its power among the cars that came: the figures by which ACN-Sim judges a charging
 * schedule (Lee, Li and Low, "ACN-Sim", 2021), plus the cars turned away and the time they waited.
 *
 * @param cars how many cars came
 * @param energyDelivered energy delivered by departure over energy requested, over all cars (0-1)
 * @param fullyServed share of cars that left with at least 99% of what they asked for (0-1)
 * @param jainIndex Jain's fairness index of each car's delivered over requested: 1 when every car got the same
 * share, 1/n when one car got everything; NaN when no car got anything
 * @param peakUtilization the highest load over the capacity (0-1)
 * @param turnedAway cars that never started charging
 * @param meanWait mean time from arrival to the start of charging, over the cars that started
 * @param maxWait the longest of those waits
 */
public record ShareMetrics(int cars, double energyDelivered, double fullyServed, double jainIndex,
		double peakUtilization, int turnedAway, Duration meanWait, Duration maxWait) {

	/** A car counts as fully served from this share of its request on. */
	public static final double FULLY_SERVED = 0.99;

	/**
	 * The figures of {@code outcomes} on a site of {@code capacityKw} whose load peaked at {@code peakLoadKw}.
	 */
	public static ShareMetrics of(List<CarOutcome> outcomes, double capacityKw, double peakLoadKw) {
		if (!(capacityKw > 0)) {
			throw new IllegalArgumentException("capacity must be positive");
		}
		double requested = 0;
		double delivered = 0;
		double shares = 0;
		double squares = 0;
		int full = 0;
		int away = 0;
		long waitedNanos = 0;
		Duration longest = Duration.ZERO;
		for (CarOutcome car : outcomes) {
			requested += car.requestedKwh();
			delivered += Math.min(car.deliveredKwh(), car.requestedKwh());
			double share = car.servedShare();
			shares += share;
			squares += share * share;
			if (share >= FULLY_SERVED) {
				full++;
			}
			if (car.turnedAway()) {
				away++;
			}
			else {
				waitedNanos += car.waited().toNanos();
				longest = (car.waited().compareTo(longest) > 0) ? car.waited() : longest;
			}
		}
		int n = outcomes.size();
		int started = n - away;
		return new ShareMetrics(n, (requested > 0) ? delivered / requested : 1, (n > 0) ? (double) full / n : 1,
				(squares > 0) ? shares * shares / (n * squares) : Double.NaN, peakLoadKw / capacityKw, away,
				(started > 0) ? Duration.ofNanos(waitedNanos / started) : Duration.ZERO, longest);
	}

}
