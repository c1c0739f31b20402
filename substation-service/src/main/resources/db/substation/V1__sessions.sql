-- One substation's durable state. Instants are whole nanoseconds since the epoch, powers in kW with their exact
-- whole micro-kW beside them, so that a recovered station decides admission exactly as the one that crashed.

CREATE TABLE station (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    substation_id TEXT    NOT NULL
);

CREATE TABLE charging_session (
    session_id     TEXT    PRIMARY KEY,
    vehicle_id     TEXT    NOT NULL,
    power_kw       REAL    NOT NULL,
    power_micro_kw INTEGER NOT NULL,
    energy_kwh     REAL    NOT NULL,
    started_at     INTEGER NOT NULL,
    completes_at   INTEGER NOT NULL,
    sequence       INTEGER NOT NULL,
    status         TEXT    NOT NULL CHECK (status IN ('CHARGING', 'COMPLETED', 'STOPPED')),
    delivered_kwh  REAL,
    ended_at       INTEGER
) WITHOUT ROWID;

-- Recovery reads the charging sessions only; the history is purged by end time.
CREATE INDEX charging_session_charging ON charging_session (sequence) WHERE status = 'CHARGING';
CREATE INDEX charging_session_ended_at ON charging_session (ended_at) WHERE ended_at IS NOT NULL;

-- Ids stopped before their start arrived: a late start for one of them is refused.
CREATE TABLE cancelled_session (
    session_id   TEXT    PRIMARY KEY,
    cancelled_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX cancelled_session_at ON cancelled_session (cancelled_at);

-- Lifecycle totals as of the last change; ended_energy_kwh counts ended sessions only.
CREATE TABLE station_totals (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    sessions_started    INTEGER NOT NULL,
    sessions_completed  INTEGER NOT NULL,
    sessions_stopped    INTEGER NOT NULL,
    admissions_rejected INTEGER NOT NULL,
    admissions_outbid   INTEGER NOT NULL,
    ended_energy_kwh    REAL    NOT NULL
);
INSERT INTO station_totals VALUES (1, 0, 0, 0, 0, 0, 0);
