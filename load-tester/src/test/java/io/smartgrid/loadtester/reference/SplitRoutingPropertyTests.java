package io.smartgrid.loadtester.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Over random sites and cars: what every routing and policy must keep. */
class SplitRoutingPropertyTests {

	private static final Instant T = Instant.parse("2021-06-01T15:00:00Z");

	@Property(tries = 300)
	void noSiteIsEverAboveItsCapacityAndNoCarGetsMoreThanItAskedFor(
			@ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 40) Integer> siteKw,
			@ForAll("cars") List<ReferenceCar> cars) {
		List<Long> sites = siteKw.stream().map((kw) -> kw * 1_000_000L).toList();
		for (ReferencePolicy policy : ReferencePolicy.values()) {
			for (SplitRouting routing : SplitRouting.values()) {
				ReferenceSimulator.Run run = ReferenceSimulator.run(cars, sites, policy, routing, Duration.ofMinutes(1));

				assertThat(run.outcomes()).hasSize(cars.size());
				for (int i = 0; i < sites.size(); i++) {
					assertThat(run.sitePeaksMicroKw().get(i)).as(policy + " " + routing + " site " + i)
						.isLessThanOrEqualTo(sites.get(i));
				}
				assertThat(run.peakLoadMicroKw()).isLessThanOrEqualTo(sites.stream().mapToLong(Long::longValue).sum());
				assertThat(run.outcomes()).allSatisfy((c) -> assertThat(c.deliveredKwh())
					.isLessThanOrEqualTo(c.requestedKwh() + 1e-9));
			}
		}
	}

	@Provide
	Arbitrary<List<ReferenceCar>> cars() {
		Arbitrary<ReferenceCar> car = Combinators.combine(Arbitraries.integers().between(0, 600),
				Arbitraries.integers().between(5, 600), Arbitraries.integers().between(1, 500),
				Arbitraries.integers().between(1, 5), Arbitraries.integers().between(0, 45),
				Arbitraries.integers().between(-60, 600).injectNull(0.3))
			.as((arrives, stays, decikWh, minKw, extraKw, statedStay) -> {
				Instant arrival = T.plus(Duration.ofMinutes(arrives));
				Instant stated = (statedStay == null) ? null : arrival.plus(Duration.ofMinutes(statedStay));
				return new ReferenceCar("car", arrival, arrival.plus(Duration.ofMinutes(stays)), decikWh / 10.0,
						minKw * 1_000_000L, (minKw + extraKw) * 1_000_000L, stated,
						(stated == null) ? null : decikWh / 5.0);
			});
		return car.list().ofMaxSize(12).map((list) -> {
			List<ReferenceCar> named = new ArrayList<>();
			for (int i = 0; i < list.size(); i++) {
				ReferenceCar c = list.get(i);
				named.add(new ReferenceCar("car" + i, c.arrival(), c.departure(), c.energyKwh(), c.minMicroKw(),
						c.maxMicroKw(), c.statedDeparture(), c.statedEnergyKwh()));
			}
			return named;
		});
	}

}
