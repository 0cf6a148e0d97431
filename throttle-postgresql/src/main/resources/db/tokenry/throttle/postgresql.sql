-- Tokenry fleet-wide throttle (tokenry-throttle-postgresql): Bucket4j's PostgreSQL bucket table.
--
-- Plain SQL, idempotent. One row per throttled client key (an IPv4 address or an IPv6 /64):
-- state is Bucket4j's serialized bucket, expires_at (epoch milliseconds) when the row may be
-- removed because its bucket is full again. PostgresAttemptThrottle removes expired rows itself.
-- To use another name, replace "tokenry_throttle" and give the throttle the same tableName.
CREATE TABLE IF NOT EXISTS tokenry_throttle (
  id         VARCHAR(64) NOT NULL,
  state      BYTEA,
  expires_at BIGINT,
  CONSTRAINT tokenry_throttle_pk PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS tokenry_throttle_expires_idx ON tokenry_throttle (expires_at);
