package io.smartgrid.balancer;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans the whole service shares. */
@Configuration(proxyBeanMethods = false)
class BalancerConfiguration {

    /** Every reading of "now" goes through this, so that tests can fix the time instead of waiting. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Every deadline is measured with this, so that tests can move time on instead of sleeping. */
    @Bean
    Ticker ticker() {
        return Ticker.SYSTEM;
    }
}
