package io.smartgrid.substation.charging;

import io.smartgrid.substation.allocation.AllocationPolicy;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of this substation ({@code grid.substation.*}); a bad value stops the start-up.
 *
 * @param id names the substation and prefixes its session ids, so it may not contain dots; when absent it is derived
 *     from the host name ({@link HostIdentity#substationIdFor}), so that scaled replicas each get their own
 * @param capacityKw the most power the substation may ever deliver at once
 * @param clockSpeed simulated seconds per real second (60: one real second is one simulated minute)
 * @param sweepInterval how often sessions whose energy is delivered are completed without a request
 * @param dataDir where the substation keeps its database, {@code <id>.db}: every admission, stop and completion is
 *     there before it is acknowledged, and a restarted substation recovers from it
 * @param durable whether an acknowledgement waits until its change is synced to disk (group commit); turned off,
 *     changes are still written in order, but a crash of the machine may lose the last ones
 * @param historyRetention how long ended sessions stay available for lookups
 * @param allocation how the capacity is divided among the sessions: {@code max-min} (water-filling, the default) or
 *     {@code least-laxity} (the cars with the least time to spare before their departure first)
 * @param minPowerKw the minimum power of a session whose request names none: 1.4 kW is 6 A on one phase at 230 V
 *     (1.38 kW), the least current a charger may signal under IEC 61851-1; a car asking for less than this as its
 *     maximum gets its maximum as its minimum
 * @param waitlist how many cars may wait for their minimum to fit, and for how long ({@code waitlist.max-length},
 *     {@code waitlist.max-wait})
 */
@ConfigurationProperties("grid.substation")
@Validated
public record SubstationProperties(
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,31}",
                message = "must be 1-32 lower-case letters, digits or dashes, starting with a letter or digit (no dots)")
        String id,
        @DefaultValue("300") @Positive double capacityKw,
        @DefaultValue("60") @Positive double clockSpeed,
        @DefaultValue("200ms") @NotNull @DurationMin(millis = 1) Duration sweepInterval,
        @DefaultValue("data") @NotNull Path dataDir,
        @DefaultValue("true") boolean durable,
        @DefaultValue("7d") @NotNull @DurationMin(minutes = 1) Duration historyRetention,
        @DefaultValue("max-min") @NotNull
        @Pattern(regexp = "(?i)\\s*(max-min|least-laxity)\\s*", message = "must be max-min or least-laxity")
        String allocation,
        @DefaultValue("1.4") @Positive double minPowerKw,
        @DefaultValue @NotNull @Valid Waitlist waitlist) {

    @ConstructorBinding
    public SubstationProperties {
    }

    /** Properties with the default waitlist. */
    public SubstationProperties(String id, double capacityKw, double clockSpeed, Duration sweepInterval, Path dataDir,
            boolean durable, Duration historyRetention, String allocation, double minPowerKw) {
        this(id, capacityKw, clockSpeed, sweepInterval, dataDir, durable, historyRetention, allocation, minPowerKw,
                Waitlist.DEFAULT);
    }

    /**
     * The waitlist of cars whose minimum fits nowhere and whose client asked to wait.
     *
     * @param maxLength how many sessions may wait at once; a car beyond it is refused as today (0: no waitlist)
     * @param maxWait how long, on the grid's real clock (as {@code departureAt}), a session waits at most before it
     *     leaves the list, {@code STOPPED} with nothing delivered
     */
    public record Waitlist(
            @DefaultValue("50") @PositiveOrZero int maxLength,
            @DefaultValue("30m") @NotNull @DurationMin(seconds = 1) Duration maxWait) {

        /** The configured defaults: 50 sessions, 30 minutes. */
        public static final Waitlist DEFAULT = new Waitlist(50, Duration.ofMinutes(30));

        /** No waitlist: a car whose minimum does not fit is refused. */
        public static final Waitlist NONE = new Waitlist(0, Duration.ofSeconds(1));
    }

    /** The policy {@link #allocation} names. */
    public AllocationPolicy allocationPolicy() {
        return AllocationPolicy.fromKey(allocation);
    }
}
