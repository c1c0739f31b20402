package io.smartgrid.substation.charging;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The station, the clock it runs on, and the database it keeps its sessions in; tests replace the clock to move time
 * without waiting.
 *
 * <p>The database is SQLite, one file per substation under {@code grid.substation.data-dir}, in write-ahead-log mode:
 * SQLite's commit survives a killed process and, synced ({@code synchronous=FULL}), a power cut. Its schema is
 * Flyway's ({@code db/substation}). The wiring is by hand rather than by Spring Boot's DataSource auto-configuration,
 * so that the other services sharing one JVM in local-grid get no database they do not want.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class StationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StationConfiguration.class);

    /** How long an admission waits for its commit before the substation answers that it cannot keep it. */
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(2);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SubstationIdentity substationIdentity(SubstationProperties properties) {
        return new SubstationIdentity(properties.id() != null ? properties.id()
                : HostIdentity.substationIdFor(HostIdentity.localHostname()));
    }

    @Bean(destroyMethod = "close")
    HikariDataSource substationDatabase(SubstationProperties properties, SubstationIdentity identity) {
        Path file = properties.dataDir().resolve(identity.id() + ".db").toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + file.getParent(), e);
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("substation-" + identity.id());
        config.setJdbcUrl("jdbc:sqlite:" + file);
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", properties.durable() ? "FULL" : "OFF");
        config.addDataSourceProperty("busy_timeout", "5000");
        // One writer, plus readers of old sessions: SQLite in WAL mode reads beside a writer.
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(2_000);
        HikariDataSource dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/substation").load().migrate();
        log.info("Substation {} keeps its sessions in {} ({})", identity.id(), file,
                properties.durable() ? "durable: synced before every acknowledgement" : "durability off");
        return dataSource;
    }

    @Bean(destroyMethod = "close")
    SqliteSessionStore sessionStore(HikariDataSource substationDatabase, SubstationProperties properties,
            SubstationIdentity identity, MeterRegistry meters) {
        return new SqliteSessionStore(substationDatabase, identity.id(), properties.durable(), COMMIT_TIMEOUT,
                ChargingStation.RECENT_ENDED_IN_MEMORY, meters);
    }

    @Bean
    ChargingStation chargingStation(SubstationProperties properties, SubstationIdentity identity, Clock clock,
            SqliteSessionStore sessionStore) {
        long start = System.nanoTime();
        ChargingStation station = new ChargingStation(identity.id(), properties.capacityKw(),
                properties.clockSpeed(), ChargingStation.RECENT_ENDED_IN_MEMORY, clock, sessionStore,
                properties.allocationPolicy(), properties.minPowerKw(), properties.waitlist());
        LoadReport load = station.load();
        log.info("Substation {} recovered {} charging sessions and {} waiting ({} kW given of {} kW asked, capacity {} "
                + "kW, {}) in {} ms",
                identity.id(), load.activeSessions(), load.waiting(), load.loadKw(), load.demandKw(),
                properties.capacityKw(), station.policy().key(),
                Duration.ofNanos(System.nanoTime() - start).toMillis());
        if (load.minimumKw() > properties.capacityKw()) {
            log.warn("Substation {} holds more minimum power than its capacity ({} kW): some sessions are paused, and "
                    + "it admits nothing until sessions end",
                    identity.id(), properties.capacityKw());
        }
        return station;
    }

    /** This substation's id, from configuration or from the host name. */
    record SubstationIdentity(String id) {
    }
}
