package io.smartgrid.substation.charging;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class HostIdentityTests {

    @ParameterizedTest
    @CsvSource({
            "3f2a1b9c0d4e, substation-3f2a1b9c0d4e",
            "Grid_Host.example.com, substation-grid-host",
            "substation-7, substation-7",
            "--odd..name, substation-odd",
            "a-very-long-host-name-that-goes-on-and-on, substation-a-very-long-host-name",
            "___, substation-unnamed" })
    void derivesAValidIdFromTheHostName(String hostname, String id) {
        String derived = HostIdentity.substationIdFor(hostname);

        assertThat(derived).isEqualTo(id);
        assertThat(derived).matches(ChargingStation.SUBSTATION_ID);
    }
}
