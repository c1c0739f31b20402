package io.smartgrid.substation.charging;

/**
 * Lifecycle totals since the station started; every value only grows.
 *
 * @param admissionsRejected requests refused because the power would not fit
 * @param admissionsAboveCeiling requests refused because the utilisation after them would pass the caller's ceiling
 * @param energyDeliveredKwh energy of ended sessions plus what active sessions have delivered so far
 */
record StationTotals(
        long sessionsStarted,
        long sessionsCompleted,
        long sessionsStopped,
        long admissionsRejected,
        long admissionsAboveCeiling,
        double energyDeliveredKwh) {
}
