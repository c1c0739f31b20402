package io.smartgrid.substation.allocation;

import java.util.Arrays;
import java.util.Locale;

/** How a substation divides its capacity among its sessions; see {@link PowerAllocator} for the exact rules. */
public enum AllocationPolicy {

    /** Water-filling: equal shares, each capped at its session's maximum and raised to its minimum. */
    MAX_MIN("max-min"),

    /** The session with the least slack before its departure first, up to its maximum; no departure, last. */
    LEAST_LAXITY("least-laxity");

    private final String key;

    AllocationPolicy(String key) {
        this.key = key;
    }

    /** The name used in configuration and on the command line: {@code max-min}, {@code least-laxity}. */
    public String key() {
        return key;
    }

    /** The policy named {@code key} ({@code max-min} or {@code least-laxity}, case-insensitive). */
    public static AllocationPolicy fromKey(String key) {
        String wanted = key.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(policy -> policy.key.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "'" + key + "' is not an allocation policy; the policies are max-min and least-laxity"));
    }
}
