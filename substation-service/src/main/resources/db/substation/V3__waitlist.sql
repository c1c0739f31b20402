-- The waitlist: sessions whose minimum did not fit when they arrived and whose client asked to wait. A row stays
-- 'WAITING' until the session leaves the list. One that starts is deleted here in the transaction that inserts it into
-- charging_session, under the same id and arrival order (sequence, shared with charging_session). One that leaves
-- without starting (cancelled, or at its maximum wait or departure) stays here as 'STOPPED' with ended_at, for lookups
-- until the history's retention, like an ended charging session.
--
-- Instants are nanoseconds since the epoch; leaves_at is the earlier of queued_at plus the maximum wait and the
-- departure, fixed when the session joined, so that a restart keeps every deadline.
CREATE TABLE waiting_session (
    session_id         TEXT    PRIMARY KEY,
    vehicle_id         TEXT    NOT NULL,
    power_kw           REAL    NOT NULL,
    power_micro_kw     INTEGER NOT NULL,
    min_power_micro_kw INTEGER NOT NULL,
    energy_kwh         REAL    NOT NULL,
    departure_at       INTEGER,
    queued_at          INTEGER NOT NULL,
    leaves_at          INTEGER NOT NULL,
    sequence           INTEGER NOT NULL,
    status             TEXT    NOT NULL CHECK (status IN ('WAITING', 'STOPPED')),
    ended_at           INTEGER
) WITHOUT ROWID;

CREATE INDEX waiting_session_waiting ON waiting_session (sequence) WHERE status = 'WAITING';
CREATE INDEX waiting_session_ended_at ON waiting_session (ended_at) WHERE ended_at IS NOT NULL;
