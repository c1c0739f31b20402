-- One row per Idempotency-Key, shared by every charge-request replica (JdbcIdempotencyStore). Vendor-neutral SQL (no
-- upsert, no ON CONFLICT: a claim is a plain INSERT that the primary key refuses to a second replica). Times are epoch
-- milliseconds of the replicas' clocks.
CREATE TABLE idempotency_keys (
    idempotency_key VARCHAR(128) NOT NULL PRIMARY KEY,
    -- SHA-256 of the request the key was first used for: the same key with another request is refused.
    request_hash    CHAR(64)     NOT NULL,
    -- Bumped by every change: a takeover wins only over the row it read.
    version         BIGINT       NOT NULL,
    -- The claim's random token while a replica is starting the session; NULL once answered or released.
    claimed_by      CHAR(36),
    -- Until when the claim holds without news from its replica; renewed before every try.
    lease_until     BIGINT       NOT NULL,
    -- Comma-separated request ids that the key's unanswered tries went out under (newest last, at most 8): a
    -- takeover supersedes them, so that whatever they placed is taken back.
    request_ids     VARCHAR(400) NOT NULL,
    -- The session started, as JSON, once there is one.
    answer          VARCHAR(4000),
    -- When the key is forgotten.
    expires_at      BIGINT       NOT NULL
);

CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);
