package io.smartgrid.substation.fault;

import java.time.Instant;

/**
 * The simulated fault in force, as {@code /admin/faults} answers it.
 *
 * @param mode {@code null} when the substation is healthy
 * @param until when the fault heals by itself, or {@code null} if only {@code DELETE /admin/faults} heals it
 */
record FaultStatus(FaultMode mode, Instant since, Instant until) {

    static final FaultStatus HEALTHY = new FaultStatus(null, null, null);
}
