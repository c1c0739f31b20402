package io.smartgrid.systemtests.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.smartgrid.localgrid.Grid;
import io.smartgrid.localgrid.GridSpec;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.LoggerContext;

import io.smartgrid.systemtests.ContractMetrics;
import io.smartgrid.systemtests.Exposition;
import io.smartgrid.systemtests.Exposition.Sample;
import io.smartgrid.systemtests.GridHttp;

/**
 * Every metric that the design names, scraped from {@code /actuator/prometheus} of the real services
 * after a known mix of traffic: the name and labels that dashboards and alerts depend on, and
 * values that agree with what the traffic did.
 */
class MetricsContractTests {

    static final String SUBSTATION_SERVICE = "substation-service";
    static final String BALANCER_SERVICE = "load-balancer";
    static final String CHARGE_SERVICE = "charge-request-service";

    private static final GridHttp http = new GridHttp();
    private static Grid grid;
    private static Traffic.Result traffic;

    @BeforeAll
    static void startGridAndDriveTraffic() {
        grid = Grid.start(GridSpec.onFreePorts(GridSpec.DEFAULT_CAPACITIES_KW, 60)
                .with("grid.balancer.poll-interval", "200ms"));
        http.awaitAllHealthy(grid);
        traffic = new Traffic(grid, http).drive(3, 3);
        // The balancer's gauges are what it last heard; let it hear the full grid before checking them.
        await("the balancer sees the grid full").atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                http.get(grid.balancerUrl() + "/substations").body())
                .allSatisfy(s -> assertThat(s.get("utilization").asDouble()).isEqualTo(1.0)));
    }

    @AfterAll
    static void stopGrid() {
        if (grid != null) {
            grid.close();
        }
    }

    @Test
    void everySampleOfEveryServiceIsLabelledWithItsApplication() {
        for (Grid.Service substation : grid.substations()) {
            assertThat(http.scrape(substation.url()).samples()).isNotEmpty()
                    .allSatisfy(s -> assertThat(s.label("application")).as("%s", s).isEqualTo(SUBSTATION_SERVICE));
        }
        assertThat(http.scrape(grid.balancerUrl()).samples()).isNotEmpty()
                .allSatisfy(s -> assertThat(s.label("application")).as("%s", s).isEqualTo(BALANCER_SERVICE));
        assertThat(http.scrape(grid.chargeUrl()).samples()).isNotEmpty()
                .allSatisfy(s -> assertThat(s.label("application")).as("%s", s).isEqualTo(CHARGE_SERVICE));
    }

    /**
     * Logback's event counter is a turbo filter that Logback consults before every level check, and Jetty checks
     * hundreds of times a request: no service installs it (the grid runs in this JVM, so its Logback is this one's).
     */
    @Test
    void noServiceCountsLogEventsWithAFilterBeforeEveryLevelCheck() {
        assertThat(((LoggerContext) LoggerFactory.getILoggerFactory()).getTurboFilterList()).isEmpty();
        for (Grid.Service substation : grid.substations()) {
            assertThat(http.scrape(substation.url()).samples("logback_events_total")).as(substation.name()).isEmpty();
        }
        assertThat(http.scrape(grid.balancerUrl()).samples("logback_events_total")).isEmpty();
        assertThat(http.scrape(grid.chargeUrl()).samples("logback_events_total")).isEmpty();
    }

    @Test
    void everySubstationExposesEachOfItsMetricsOnceLabelledWithItsOwnId() {
        for (Grid.Service substation : grid.substations()) {
            Exposition scrape = http.scrape(substation.url());
            for (String metric : ContractMetrics.OF_SUBSTATIONS) {
                assertThat(scrape.samples(metric)).as("%s on %s", metric, substation.name())
                        .singleElement()
                        .satisfies(s -> assertThat(s.label("substation")).isEqualTo(substation.name()));
            }
        }
    }

    @Test
    void substationGaugesShowCapacityAndTheLoadOfTheSessionsStillCharging() {
        List<Double> capacities = grid.spec().capacitiesKw();
        for (int i = 0; i < capacities.size(); i++) {
            Grid.Service substation = grid.substations().get(i);
            String id = substation.name();
            Exposition scrape = http.scrape(substation.url());
            int charging = traffic.charging().getOrDefault(id, 0);
            double capacity = capacities.get(i);

            assertThat(value(scrape, "substation_capacity_kw", id)).as("capacity of %s", id).isEqualTo(capacity);
            assertThat(value(scrape, "substation_load", id)).as("EVs charging at %s", id).isEqualTo(charging);
            assertThat(value(scrape, "substation_load_kw", id)).as("load of %s", id)
                    .isEqualTo(charging * Traffic.FILL_POWER_KW);
            assertThat(value(scrape, "substation_utilization_ratio", id)).as("utilisation of %s", id)
                    .isCloseTo(charging * Traffic.FILL_POWER_KW / capacity, within(1e-9));
        }
        // 150, 300 and 450 kW are each a whole number of 150 kW sessions: the fill leaves no headroom.
        assertThat(grid.substations()).allSatisfy(s ->
                assertThat(value(http.scrape(s.url()), "substation_utilization_ratio", s.name())).isEqualTo(1.0));
    }

    @Test
    void substationCountersCountTheSessionsThatLandedThereAndTheEnergyTheyDrew() {
        double energy = 0;
        for (Grid.Service substation : grid.substations()) {
            String id = substation.name();
            Exposition scrape = http.scrape(substation.url());
            assertThat(value(scrape, "substation_sessions_started_total", id)).as("sessions started at %s", id)
                    .isEqualTo((double) traffic.created().getOrDefault(id, 0));
            assertThat(value(scrape, "substation_sessions_completed_total", id)).as("sessions completed at %s", id)
                    .isEqualTo((double) traffic.completed().getOrDefault(id, 0));
            assertThat(value(scrape, "substation_admissions_rejected_total", id)).as("rejections at %s", id)
                    .isGreaterThanOrEqualTo(0);
            double delivered = value(scrape, "substation_energy_delivered_kwh_total", id);
            assertThat(delivered).as("energy delivered at %s", id)
                    .isGreaterThanOrEqualTo(traffic.completed().getOrDefault(id, 0) * Traffic.FAST_ENERGY_KWH - 1e-9);
            energy += delivered;
        }
        assertThat(energy).as("energy delivered by the whole grid")
                .isGreaterThanOrEqualTo(traffic.completedTotal() * Traffic.FAST_ENERGY_KWH - 1e-9);
    }

    @Test
    void balancerCountsEveryAssignmentBySubstationAndOutcome() {
        Exposition scrape = http.scrape(grid.balancerUrl());
        List<Sample> assignments = scrape.samples("balancer_assignments_total");
        assertThat(assignments).as("balancer_assignments_total").isNotEmpty()
                .allSatisfy(s -> assertThat(s.labels()).as("%s", s).containsKeys("substation", "outcome"));
        for (Grid.Service substation : grid.substations()) {
            String id = substation.name();
            assertThat(scrape.sum("balancer_assignments_total", Map.of("substation", id, "outcome", "assigned")))
                    .as("sessions assigned to %s in %s", id, assignments)
                    .isEqualTo((double) traffic.created().getOrDefault(id, 0));
            // Every outcome of every substation is scraped from the start, as 0 until it happens.
            assertThat(assignments).filteredOn(s -> id.equals(s.label("substation"))).extracting(s -> s.label("outcome"))
                    .contains("assigned", "full", "failed");
        }
        // The balancer knew the grid was full, so it turned those requests away without asking a substation.
        assertThat(scrape.sum("balancer_assignments_total", Map.of("substation", "none", "outcome", "rejected")))
                .as("requests placed nowhere in %s", assignments).isEqualTo(traffic.gridFull());
    }

    /**
     * One public request, one balancer call: a client under it that repeats a POST (an HTTP client's
     * automatic retry of a 503, say) would double every count on the balancer and make a full grid
     * answer slowly, just when it is busiest.
     */
    @Test
    void everyPublicChargeRequestReachesTheBalancerExactlyOnce() {
        Map<String, String> post = Map.of("method", "POST");
        double publicPosts = http.scrape(grid.chargeUrl()).sum("http_server_requests_seconds_count",
                Map.of("method", "POST", "uri", "/charge"));
        Exposition balancer = http.scrape(grid.balancerUrl());
        List<Sample> balancerPosts = balancer.samples("http_server_requests_seconds_count",
                s -> s.labels().entrySet().containsAll(post.entrySet()) && "/sessions".equals(s.label("uri")));

        assertThat(publicPosts).isEqualTo(traffic.createdTotal() + traffic.gridFull());
        assertThat(balancerPosts.stream().mapToDouble(Sample::value).sum())
                .as("POST /sessions reaching the balancer for %s public POST /charge: %s", publicPosts, balancerPosts)
                .isEqualTo(publicPosts);
    }

    @Test
    void balancerDecisionTimeIsAHistogramThatCountsEveryDecision() {
        Exposition scrape = http.scrape(grid.balancerUrl());
        assertThat(scrape.types()).containsEntry("balancer_decision_seconds", "histogram");
        List<Sample> buckets = scrape.samples("balancer_decision_seconds_bucket");
        assertThat(buckets).hasSizeGreaterThan(2).allSatisfy(b -> assertThat(b.labels()).containsKey("le"));
        assertThat(buckets).extracting(Sample::value).isSorted();
        double count = scrape.sum("balancer_decision_seconds_count", Map.of());
        assertThat(buckets).filteredOn(b -> b.label("le").equals("+Inf")).singleElement()
                .satisfies(b -> assertThat(b.value()).isEqualTo(count));
        // Every request that reached the balancer needed at least one decision, the 503s included.
        assertThat(count).isGreaterThanOrEqualTo(traffic.createdTotal() + traffic.gridFull());
        assertThat(scrape.samples("balancer_decision_seconds_sum")).singleElement()
                .satisfies(s -> assertThat(s.value()).isPositive());
    }

    @Test
    void balancerGaugesShowWhatItBelievesAboutEverySubstationAndHowFreshItIs() {
        Exposition scrape = http.scrape(grid.balancerUrl());
        for (String metric : ContractMetrics.OF_BALANCER_PER_SUBSTATION) {
            assertThat(scrape.samples(metric)).as(metric).extracting(s -> s.label("substation"))
                    .containsExactlyInAnyOrderElementsOf(grid.substations().stream().map(Grid.Service::name).toList());
        }
        for (Grid.Service substation : grid.substations()) {
            String id = substation.name();
            assertThat(value(scrape, "balancer_substation_healthy", id)).as("%s healthy", id).isEqualTo(1.0);
            assertThat(value(scrape, "balancer_substation_utilization_ratio", id)).as("%s utilisation", id)
                    .isEqualTo(1.0);
            // Polled every 200 ms: a reading seconds old would mean the poller had stopped.
            assertThat(value(scrape, "balancer_load_age_seconds", id)).as("%s load age", id).isBetween(0.0, 5.0);
        }
    }

    @Test
    void chargeRequestsAreCountedByOutcome() {
        Exposition scrape = http.scrape(grid.chargeUrl());
        assertThat(scrape.samples("charge_requests_total")).isNotEmpty()
                .allSatisfy(s -> assertThat(s.labels()).as("%s", s).containsKey("outcome"));
        assertThat(scrape.sum("charge_requests_total", Map.of("outcome", "created"))).isEqualTo(traffic.createdTotal());
        assertThat(scrape.sum("charge_requests_total", Map.of("outcome", "grid_full"))).isEqualTo(traffic.gridFull());
        assertThat(scrape.sum("charge_requests_total", Map.of("outcome", "stopped"))).isEqualTo(traffic.stopped());
    }

    @Test
    void everyServiceTimesItsHttpRequestsAsHistograms() {
        assertHttpHistogram(grid.chargeUrl(), "/charge");
        assertHttpHistogram(grid.balancerUrl(), "/sessions");
        for (Grid.Service substation : grid.substations()) {
            if (traffic.created().containsKey(substation.name())) {
                assertHttpHistogram(substation.url(), "/sessions");
            }
        }
    }

    /**
     * A substation that is full while the balancer still thinks otherwise turns the request away and
     * counts it. A balancer that polls once an hour cannot know about a session started behind its
     * back, which makes the rejection certain rather than a race.
     */
    @Test
    void aSubstationThatTurnsARequestAwayCountsTheRejection() {
        try (Grid stale = Grid.start(GridSpec.onFreePorts(List.of(100.0), 60).with("grid.balancer.poll-interval", "1h"))) {
            // The services start side by side, so the balancer's one poll may have come before the
            // substation listened; started again now, its first poll finds the substation up.
            stale.balancer().stop();
            stale.balancer().start();
            http.awaitAllHealthy(stale);
            Grid.Service substation = stale.substations().get(0);
            GridHttp.Reply direct = http.post(substation.url() + "/sessions", GridHttp.fullPowerBody("EV-direct", 100, 200));
            assertThat(direct.status()).as("POST /sessions on the substation: %s", direct.body()).isEqualTo(201);

            GridHttp.Reply refused = http.charge(stale.chargeUrl(), "EV-refused", 50, 20);

            assertThat(refused.status()).as("POST /charge: %s", refused.body()).isEqualTo(503);
            Exposition substationScrape = http.scrape(substation.url());
            assertThat(value(substationScrape, "substation_admissions_rejected_total", substation.name())).isEqualTo(1.0);
            assertThat(value(substationScrape, "substation_sessions_started_total", substation.name())).isEqualTo(1.0);
            Exposition balancerScrape = http.scrape(stale.balancerUrl());
            List<Sample> assignments = balancerScrape.samples("balancer_assignments_total");
            assertThat(balancerScrape.sum("balancer_assignments_total", Map.of("substation", substation.name(), "outcome", "full")))
                    .as("attempts that found %s full in %s", substation.name(), assignments).isEqualTo(1.0);
            assertThat(balancerScrape.sum("balancer_assignments_total", Map.of("substation", "none", "outcome", "rejected")))
                    .as("requests placed nowhere in %s", assignments).isEqualTo(1.0);
            assertThat(http.scrape(stale.chargeUrl()).sum("charge_requests_total", Map.of("outcome", "grid_full")))
                    .isEqualTo(1.0);
        }
    }

    private static void assertHttpHistogram(String serviceUrl, String uri) {
        Exposition scrape = http.scrape(serviceUrl);
        assertThat(scrape.types()).as("types at %s", serviceUrl).containsEntry("http_server_requests_seconds", "histogram");
        List<Sample> buckets = scrape.samples("http_server_requests_seconds_bucket", s -> uri.equals(s.label("uri")));
        assertThat(buckets).as("http_server_requests_seconds_bucket{uri=%s} at %s", uri, serviceUrl)
                .hasSizeGreaterThan(2)
                .allSatisfy(b -> assertThat(b.labels()).containsKeys("le", "method", "status", "outcome", "application"));
        assertThat(buckets).anySatisfy(b -> assertThat(b.label("le")).isEqualTo("+Inf"));
    }

    private static double value(Exposition scrape, String metric, String substation) {
        List<Sample> samples = scrape.samples(metric, s -> substation.equals(s.label("substation")));
        assertThat(samples).as("%s{substation=%s}", metric, substation).hasSize(1);
        return samples.get(0).value();
    }
}
