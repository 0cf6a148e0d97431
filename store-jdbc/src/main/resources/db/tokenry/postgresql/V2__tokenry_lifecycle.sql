-- Tokenry token store: schema version 2 for PostgreSQL 14 or later, applied after V1__tokenry_tokens.sql.
--
-- Plain SQL, idempotent (IF NOT EXISTS), named the way Flyway expects: Flyway runs it as migration
-- 2 from the same folder, a host can copy it into its own migrations, or JdbcTokenStore runs it on
-- start after V1 when asked to. Every name starts with the prefix "tokenry_" (see V1).
--
-- previous_secret_hash / previous_secret_valid_until: the secret the latest regeneration replaced
-- and the end of its grace period. The hash is kept after that, until the next regeneration, so a
-- use of the old secret can be reported; it is never shown or logged.
-- last_used_from: the client address of the latest use, written with last_used_at.
-- expiry_notice_at: the latest expiry notice claimed (expires_at minus its threshold; expires_at
-- itself for the "expired" notice); the claim is one conditional UPDATE, so each notice is sent once
-- however many instances sweep.
ALTER TABLE tokenry_tokens ADD COLUMN IF NOT EXISTS previous_secret_hash VARCHAR(1024);
ALTER TABLE tokenry_tokens ADD COLUMN IF NOT EXISTS previous_secret_valid_until TIMESTAMP(3) WITH TIME ZONE;
ALTER TABLE tokenry_tokens ADD COLUMN IF NOT EXISTS last_used_from VARCHAR(64);
ALTER TABLE tokenry_tokens ADD COLUMN IF NOT EXISTS expiry_notice_at TIMESTAMP(3) WITH TIME ZONE;

-- The expiry-notice sweep: tokens by expiry, keyset-paged on (expires_at, id).
CREATE INDEX IF NOT EXISTS tokenry_tokens_expires_idx
  ON tokenry_tokens (expires_at, id);
