package io.smartgrid.balancer.registry;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/**
 * The body of {@code POST /registrations}: a substation announcing itself.
 *
 * @param id         its id, as it prefixes its session ids
 * @param url        where the balancer reaches it
 * @param capacityKw its rating, shown until its first load report arrives
 */
record RegistrationRequest(
        @NotNull(message = "is required")
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,31}",
                message = "must be 1-32 lower-case letters, digits or dashes, starting with a letter or digit")
        String id,
        @NotNull(message = "is required") @BaseUrl String url,
        @NotNull(message = "is required") @Positive(message = "must be positive")
        @DecimalMax(value = "1000000", message = "must be at most 1000000 kW") Double capacityKw) {
}
