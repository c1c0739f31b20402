package io.smartgrid.charge.charging;

import java.time.Clock;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.smartgrid.charge.ChargeProperties;
import org.flywaydb.core.Flyway;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The idempotency store chosen by {@code grid.charge.idempotency.store}: {@code memory} (the default, one replica) or
 * {@code jdbc} (a database shared by every replica, schema by Flyway from {@code db/idempotency}). The database is
 * wired here by hand rather than by Spring Boot's DataSource auto-configuration, so that the {@code memory} store needs
 * none, and so that services sharing one JVM (local-grid) never share a DataSource.
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    private static final String STORE = "grid.charge.idempotency.store";

    @Bean
    @ConditionalOnProperty(name = STORE, havingValue = "memory", matchIfMissing = true)
    MemoryIdempotencyStore memoryIdempotencyStore(ChargeProperties properties) {
        return new MemoryIdempotencyStore(properties);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = STORE, havingValue = "jdbc")
    HikariDataSource idempotencyDatabase(ChargeProperties properties) {
        ChargeProperties.Idempotency idempotency = properties.idempotency();
        HikariConfig config = new HikariConfig();
        config.setPoolName("idempotency");
        config.setJdbcUrl(idempotency.url());
        config.setUsername(idempotency.username());
        config.setPassword(idempotency.password());
        config.setMaximumPoolSize(10);
        // A database that does not answer costs a request its Retry-After, not a thread for half a minute.
        config.setConnectionTimeout(properties.readTimeout().toMillis());
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            migrate(dataSource);
        }
        catch (RuntimeException ex) {
            dataSource.close();
            throw ex;
        }
        return dataSource;
    }

    /** Creates or updates the store's table; its own history table, should the database hold other schemas. */
    static void migrate(DataSource database) {
        Flyway.configure().dataSource(database).locations("classpath:db/idempotency")
                .table("idempotency_schema_history").load().migrate();
    }

    @Bean
    @ConditionalOnProperty(name = STORE, havingValue = "jdbc")
    JdbcIdempotencyStore jdbcIdempotencyStore(HikariDataSource idempotencyDatabase, ChargeProperties properties) {
        ChargeProperties.Idempotency idempotency = properties.idempotency();
        return new JdbcIdempotencyStore(idempotencyDatabase, idempotency.ttl(), idempotency.lease(),
                properties.retryAfter(), Clock.systemUTC(), duration -> Thread.sleep(duration.toMillis()));
    }
}
