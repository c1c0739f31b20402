package io.smartgrid.systemtests.deployment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlTests {

    @Test
    void findsSelectedMetricsButNotFunctionsLabelsOrDurations() {
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket"
                + "{application=\"charge-request-service\", uri=\"/charge\"}[1m])))"))
                .containsExactly("http_server_requests_seconds_bucket");
        assertThat(PromQl.metricNames("sum(substation_load_kw) / sum(substation_capacity_kw)"))
                .containsExactly("substation_load_kw", "substation_capacity_kw");
        assertThat(PromQl.metricNames("sum by (substation, outcome) (rate(balancer_assignments_total[$__rate_interval])) offset 5m"))
                .containsExactly("balancer_assignments_total");
        assertThat(PromQl.metricNames("a_total > bool 1e3 and on(substation) group_left(id) b_ratio"))
                .containsExactly("a_total", "b_ratio");
    }
}
