package io.smartgrid.substation.charging;

import java.time.Clock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Forgets ended sessions, and cancelled ids, once they are older than {@code grid.substation.history-retention}. */
@Component
class HistoryPurge {

    private final SqliteSessionStore store;
    private final SubstationProperties properties;
    private final Clock clock;

    HistoryPurge(SqliteSessionStore store, SubstationProperties properties, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(initialDelay = 10_000, fixedDelay = 60_000)
    void purge() {
        store.purge(clock.instant().minus(properties.historyRetention()));
    }
}
