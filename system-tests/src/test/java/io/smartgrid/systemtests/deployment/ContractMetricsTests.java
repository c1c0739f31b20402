package io.smartgrid.systemtests.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smartgrid.systemtests.ContractMetrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ContractMetricsTests {

    private static final Pattern METRIC = Pattern.compile("`([a-z][a-z0-9_]*)(?:\\{[^`]*})?`");

    @Test
    void namesAreExactlyTheOnesTheDesignLists() throws Exception {
        String sharedDir = System.getProperty("grid.shared.dir");
        Path design = sharedDir == null ? null : Path.of(sharedDir, "DESIGN.md");
        assumeTrue(design != null && Files.isRegularFile(design), "the design document is not beside the checkout");

        String text = Files.readString(design);
        int start = text.indexOf("\n## Metrics");
        assertThat(start).as("the design has a Metrics section").isNotNegative();
        int end = text.indexOf("\n## ", start + 1);
        Set<String> listed = new LinkedHashSet<>();
        for (String line : text.substring(start, end < 0 ? text.length() : end).lines().toList()) {
            // A row marked "(next)" names metrics of work not built yet; each joins the contract once it is built.
            boolean next = line.contains("(next)");
            if (line.startsWith("|")) {
                Matcher matcher = METRIC.matcher(line);
                while (matcher.find()) {
                    String name = matcher.group(1);
                    if (name.contains("_") && (!next || ContractMetrics.BUILT_OF_NEXT.contains(name))) {
                        listed.add(name);
                    }
                }
            }
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(ContractMetrics.NAMES);
    }

    @Test
    void histogramsAreQueriedThroughTheirSeries() {
        assertThat(ContractMetrics.isContractSeries("http_server_requests_seconds_bucket")).isTrue();
        assertThat(ContractMetrics.isContractSeries("balancer_decision_seconds_count")).isTrue();
        assertThat(ContractMetrics.isContractSeries("http_server_requests_seconds")).isFalse();
        assertThat(ContractMetrics.isContractSeries("substation_load_kw")).isTrue();
        assertThat(ContractMetrics.isContractSeries("substation_load_kw_bucket")).isFalse();
        assertThat(ContractMetrics.isContractSeries("substation_allocation_ratio")).isTrue();
        assertThat(ContractMetrics.isContractSeries("substation_allocation_ratio_bucket")).isFalse();
        assertThat(ContractMetrics.isContractSeries("jvm_memory_used_bytes")).isFalse();
    }
}
