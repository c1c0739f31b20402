-- Power sharing: what each session asked for besides its maximum, and the power it was last given.
--
-- min_power_micro_kw and departure_at are the allocation's inputs (departure_at in nanoseconds since the epoch, NULL
-- when the driver gave none). allocated_micro_kw is the power the session draws since segment_start, and
-- segment_work the energy it had taken by then, in micro-kW times simulated nanoseconds (exact, as a decimal
-- string: it outgrows 64 bits). A row written before this migration has none of them: it charged at its maximum
-- from its start, as every session did then, and its minimum is its maximum, as admission then required.
-- completes_at is no longer read: a completion instant follows from the allocation and moves with it. It is written
-- as started_at while a session charges and as ended_at once it has ended.
ALTER TABLE charging_session ADD COLUMN min_power_micro_kw INTEGER;
ALTER TABLE charging_session ADD COLUMN departure_at INTEGER;
ALTER TABLE charging_session ADD COLUMN allocated_micro_kw INTEGER;
ALTER TABLE charging_session ADD COLUMN segment_start INTEGER;
ALTER TABLE charging_session ADD COLUMN segment_work TEXT;

-- The instant of the last allocation kept: a recovered station allocates again from there, exactly as the running
-- one did, and carries the allocation on over the time it was down.
CREATE TABLE station_allocation (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    allocated_at INTEGER
);
INSERT INTO station_allocation VALUES (1, NULL);
