-- One name for the refusal of a start that would take the station above the ceiling its balancer sent: "above
-- ceiling" in the code, on the wire and in the metrics, so in the totals too. The count is kept.
ALTER TABLE station_totals RENAME COLUMN admissions_outbid TO admissions_above_ceiling;
