package io.smartgrid.loadtester.workload;

import java.util.Arrays;

/**
 * Arrival rate over the course of a run: {@code peakRate} times a shape sampled at equally spaced points
 * across the run and interpolated linearly between them.
 */
public record RateProfile(String name, double peakRate, double[] shape) {

	/**
	 * Arrivals per half hour from 05:00 to 12:30 local time in the ACN-Data Caltech sessions of 2021 (Lee, Li and
	 * Low, e-Energy 2019), smoothed with a 1-2-1 kernel and scaled to a peak of 1: a slow start, the steep climb
	 * to 08:30, then the long tail of late arrivals down to the lunchtime trough.
	 */
	static final double[] MORNING_PEAK = { 0.04, 0.10, 0.21, 0.30, 0.37, 0.63, 0.96, 1.00, 0.83, 0.73, 0.71, 0.64,
			0.54, 0.50, 0.49, 0.46 };

	public RateProfile {
		if (!(peakRate > 0)) {
			throw new IllegalArgumentException("rate must be positive");
		}
		if (shape.length < 2) {
			throw new IllegalArgumentException("a shape needs at least two points");
		}
		shape = shape.clone();
	}

	public static RateProfile constant(double rate) {
		return new RateProfile("constant", rate, new double[] { 1, 1 });
	}

	public static RateProfile rushHour(double peakRate) {
		return new RateProfile("rush-hour", peakRate, MORNING_PEAK);
	}

	/** Arrivals per second at {@code fraction} (0 to 1) of the way through the run. */
	public double rateAt(double fraction) {
		double position = Math.min(1, Math.max(0, fraction)) * (this.shape.length - 1);
		int low = (int) Math.floor(position);
		int high = Math.min(low + 1, this.shape.length - 1);
		double weight = position - low;
		return this.peakRate * (this.shape[low] * (1 - weight) + this.shape[high] * weight);
	}

	/** The average rate over the run: exact for a piecewise-linear shape (trapezoids). */
	public double meanRate() {
		double area = 0;
		for (int i = 1; i < this.shape.length; i++) {
			area += (this.shape[i - 1] + this.shape[i]) / 2;
		}
		return this.peakRate * area / (this.shape.length - 1);
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof RateProfile that) && this.name.equals(that.name) && this.peakRate == that.peakRate
				&& Arrays.equals(this.shape, that.shape);
	}

	@Override
	public int hashCode() {
		return 31 * this.name.hashCode() + Arrays.hashCode(this.shape) + Double.hashCode(this.peakRate);
	}

	@Override
	public String toString() {
		return this.name + " peak " + this.peakRate + "/s";
	}

}
