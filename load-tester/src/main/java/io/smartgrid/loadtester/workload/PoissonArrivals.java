package io.smartgrid.loadtester.workload;

import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Arrivals of a Poisson process whose rate follows a {@link RateProfile}, drawn by thinning (Lewis and Shedler):
 * candidates arrive at the peak rate and each is kept with probability {@code rate(t) / peak}, which is exact for
 * any rate curve. Independent requests from many drivers are what a Poisson process models, and its bursts are
 * what a balancer has to absorb; a metronome at the same mean rate would flatter it.
 */
public final class PoissonArrivals implements ArrivalSchedule {

	private final RateProfile profile;

	private final Duration duration;

	private final long seed;

	private final RequestFactory requests;

	public PoissonArrivals(RateProfile profile, Duration duration, long seed, RequestFactory requests) {
		this.profile = profile;
		this.duration = duration;
		this.seed = seed;
		this.requests = requests;
	}

	@Override
	public long expectedCount() {
		return Math.round(this.profile.meanRate() * this.duration.toNanos() / 1e9);
	}

	@Override
	public String description() {
		String shape = "constant".equals(this.profile.name()) ? String.format(Locale.ROOT, "%.1f req/s",
				this.profile.peakRate())
				: String.format(Locale.ROOT, "%s profile peaking at %.1f req/s (mean %.1f)", this.profile.name(),
						this.profile.peakRate(), this.profile.meanRate());
		return String.format(Locale.ROOT, "open loop, Poisson arrivals, %s for %s; %.1f kW / %.1f kWh each", shape,
				Durations.format(this.duration), this.requests.powerKw(), this.requests.energyKwh());
	}

	@Override
	public Iterator<Arrival> iterator() {
		SplittableRandom random = new SplittableRandom(this.seed);
		double durationSeconds = this.duration.toNanos() / 1e9;
		double peak = this.profile.peakRate();
		return new Iterator<>() {

			private double t;

			private long sequence;

			private Arrival next = advance();

			private Arrival advance() {
				while (true) {
					// 1 - nextDouble() is in (0, 1], so the logarithm is finite.
					this.t += -Math.log(1 - random.nextDouble()) / peak;
					if (this.t >= durationSeconds) {
						return null;
					}
					if (random.nextDouble() * peak <= PoissonArrivals.this.profile.rateAt(this.t / durationSeconds)) {
						return new Arrival((long) (this.t * 1e9), PoissonArrivals.this.requests.create(++this.sequence),
								Arrival.NO_STOP);
					}
				}
			}

			@Override
			public boolean hasNext() {
				return this.next != null;
			}

			@Override
			public Arrival next() {
				if (this.next == null) {
					throw new NoSuchElementException();
				}
				Arrival current = this.next;
				this.next = advance();
				return current;
			}

		};
	}

}
