package io.smartgrid.substation.charging;

/**
 * Lifecycle totals since the station started; every value only grows.
 *
 * @param energyDeliveredKwh energy of ended sessions plus what active sessions have delivered so far
 */
public record StationTotals(
        long sessionsStarted,
        long sessionsCompleted,
        long sessionsStopped,
        long admissionsRejected,
        double energyDeliveredKwh) {
}
