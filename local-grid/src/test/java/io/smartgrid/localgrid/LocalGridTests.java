package io.smartgrid.localgrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class LocalGridTests {

    private final LocalGrid launcher = new LocalGrid(new PrintStream(new ByteArrayOutputStream()));

    @Test
    void defaultsAreThreeUnequalSubstationsOnPorts8080To8084() {
        new CommandLine(launcher).parseArgs();

        GridSpec spec = launcher.spec();

        assertThat(spec.capacitiesKw()).containsExactly(150.0, 300.0, 450.0);
        assertThat(spec.basePort()).isEqualTo(8080);
        assertThat(spec.clockSpeed()).isEqualTo(60);
        assertThat(spec.balancerReplicas()).isEqualTo(1);
    }

    @Test
    void balancersOptionStartsReplicasOnTheTwoPortsAfterTheSubstations() {
        new CommandLine(launcher).parseArgs("--balancers=2");

        GridSpec spec = launcher.spec();

        assertThat(spec.balancerReplicas()).isEqualTo(2);
        assertThat(spec.portCount()).as("3 substations, a balancer and a charge service per replica").isEqualTo(7);
        new CommandLine(launcher).parseArgs("--balancers=0");
        assertThatThrownBy(launcher::spec).hasMessageContaining("at least one balancer");
    }

    @Test
    void substationsOptionChangesTheCount() {
        new CommandLine(launcher).parseArgs("--substations=5");

        assertThat(launcher.spec().capacitiesKw()).containsExactly(150.0, 300.0, 450.0, 150.0, 300.0);
    }

    @Test
    void explicitCapacitiesWinAndPropertiesReachEveryService() {
        new CommandLine(launcher).parseArgs("--capacities=50,75", "-P", "grid.balancer.policy=least-sessions", "--base-port=0");

        GridSpec spec = launcher.spec();

        assertThat(spec.capacitiesKw()).containsExactly(50.0, 75.0);
        assertThat(spec.properties()).containsEntry("grid.balancer.policy", "least-sessions");
        assertThat(spec.basePort()).isZero();
    }

    @Test
    void nonsenseIsRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> new GridSpec(List.of(100.0, -5.0), 60, "127.0.0.1", 0, java.util.Map.of()))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> GridSpec.defaultCapacities(0)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new GridSpec(List.of(100.0), 0, "127.0.0.1", 0, java.util.Map.of()))
                .hasMessageContaining("clock speed");
    }
}
