package io.smartgrid.substation.charging;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The station and the clock it runs on; tests replace the clock to move time without waiting. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class StationConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ChargingStation chargingStation(SubstationProperties properties, Clock clock) {
        String id = properties.id() != null ? properties.id()
                : HostIdentity.substationIdFor(HostIdentity.localHostname());
        return new ChargingStation(id, properties.capacityKw(), properties.clockSpeed(), properties.historyLimit(),
                clock);
    }
}
