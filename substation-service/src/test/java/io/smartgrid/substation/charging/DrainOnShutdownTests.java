package io.smartgrid.substation.charging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class DrainOnShutdownTests {

    private final ChargingStation station = new ChargingStation("substation-1", 100, 60, 10,
            new MutableClock(Instant.parse("2026-11-21T08:00:00Z")));

    @Test
    void stoppingDrainsTheStationSoThatNoNewSessionIsAdmittedWhileTheRunningOnesGoOn() {
        DrainOnShutdown lifecycle = new DrainOnShutdown(station);
        lifecycle.start();
        Admission before = station.admit("EV-1", 11, 20);

        lifecycle.stop();

        assertThat(lifecycle.isRunning()).isFalse();
        assertThat(before).isInstanceOf(Admission.Admitted.class);
        assertThat(station.admit("EV-2", 11, 20)).isInstanceOf(Admission.Draining.class);
        assertThat(station.load().activeSessions()).isEqualTo(1);
        assertThat(station.load().draining()).isTrue();
    }
}
