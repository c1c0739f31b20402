package io.smartgrid.systemtests;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Prometheus metric names of the public contract (the design's metrics table), which dashboards may query.
 * {@code deployment.ContractMetricsTests} keeps this list equal to the design document wherever that document is at hand.
 */
public final class ContractMetrics {

    public static final Set<String> NAMES = Set.of(
            "substation_load",
            "substation_load_kw",
            "substation_capacity_kw",
            "substation_utilization_ratio",
            "substation_sessions_started_total",
            "substation_sessions_completed_total",
            "substation_admissions_rejected_total",
            "substation_energy_delivered_kwh_total",
            "substation_demand_kw",
            "substation_sessions_waiting",
            "balancer_assignments_total",
            "balancer_decision_seconds",
            "balancer_substation_healthy",
            "balancer_substation_utilization_ratio",
            "balancer_load_age_seconds",
            "charge_requests_total",
            "http_server_requests_seconds");

    /** The substations' own metrics: each substation exposes every one of them once, labelled with its id. */
    public static final Set<String> OF_SUBSTATIONS = NAMES.stream().filter(name -> name.startsWith("substation_"))
            .collect(Collectors.toUnmodifiableSet());

    /** What the balancer believes about each substation: one series of each per substation. */
    public static final Set<String> OF_BALANCER_PER_SUBSTATION = Set.of("balancer_substation_healthy",
            "balancer_substation_utilization_ratio", "balancer_load_age_seconds");

    /**
     * Metrics of a design row still marked "(next)" that are built: they join the contract, while the rest of that
     * row waits for its work.
     */
    public static final Set<String> BUILT_OF_NEXT = Set.of("substation_demand_kw", "substation_sessions_waiting");

    /**
     * Metrics an issue asks for beyond the design's table, which dashboards may query as well: issue 15's "gauge of
     * allocation against request" (power given over power asked for, and the least served session's share).
     */
    public static final Set<String> ASKED_BY_ISSUES = Set.of("substation_allocation_ratio", "substation_allocation_min_ratio");

    /** Histograms: Prometheus exposes them as these series. */
    private static final Set<String> HISTOGRAMS = Set.of("balancer_decision_seconds", "http_server_requests_seconds");

    private static final Set<String> HISTOGRAM_SUFFIXES = Set.of("_bucket", "_count", "_sum", "_max");

    private ContractMetrics() {
    }

    public static boolean isContractSeries(String name) {
        if ((NAMES.contains(name) || ASKED_BY_ISSUES.contains(name)) && !HISTOGRAMS.contains(name)) {
            return true;
        }
        return HISTOGRAMS.stream().anyMatch(histogram -> HISTOGRAM_SUFFIXES.stream().anyMatch(suffix -> name.equals(histogram + suffix)));
    }
}
