package io.smartgrid.systemtests.deployment;

import java.util.List;
import java.util.Map;

import io.smartgrid.systemtests.ProjectFiles;

import static org.assertj.core.api.Assertions.assertThat;

/** The provisioned Grafana data source that every dashboard panel must name. */
final class GrafanaProvisioning {

    private GrafanaProvisioning() {
    }

    static Map<String, Object> datasource() {
        Map<String, Object> provisioning = ProjectFiles.yaml("monitoring/grafana/provisioning/datasources/prometheus.yml");
        List<Object> datasources = Yamls.list(provisioning.get("datasources"), "datasources");
        assertThat(datasources).as("provisioned data sources").hasSize(1);
        Map<String, Object> datasource = Yamls.map(datasources.get(0), "data source");
        assertThat(datasource.get("type")).isEqualTo("prometheus");
        assertThat(datasource.get("uid")).as("fixed uid, so dashboards never depend on a generated one").isInstanceOf(String.class);
        return datasource;
    }

    static String datasourceUid() {
        return (String) datasource().get("uid");
    }
}
