-- Tokenry audit trail: schema version 3 for PostgreSQL 14 or later (the audit table; versions 1 and 2 hold tokens).
--
-- Plain SQL, idempotent (IF NOT EXISTS), named the way Flyway expects. Every name starts with the
-- prefix "tokenry_"; to use another prefix, replace each "tokenry_" here and give JdbcAuditLog the
-- same tablePrefix. Append-only: Tokenry inserts rows and deletes them only by age (retention).
-- No column holds a plaintext token or a hash: tokens appear as id and masked form only.
-- changed_fields is a comma-separated sorted list (edits). Instants are UTC, milliseconds.
CREATE TABLE IF NOT EXISTS tokenry_audit (
  id              VARCHAR(16) COLLATE "C" NOT NULL,
  occurred_at     TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  organization_id VARCHAR(128)  NOT NULL,
  action          VARCHAR(32)   NOT NULL,
  actor_id        VARCHAR(128)  NOT NULL,
  token_id        VARCHAR(64),
  masked_token    VARCHAR(128),
  token_owner     VARCHAR(128),
  changed_fields  VARCHAR(200)  NOT NULL,
  leak_source     VARCHAR(100),
  leak_url        VARCHAR(2048),
  refusal_reason  VARCHAR(500),
  client_address  VARCHAR(64),
  user_agent      VARCHAR(256),
  CONSTRAINT tokenry_audit_pk PRIMARY KEY (id)
);

-- Lists: one organization, newest first, keyset-paged on (occurred_at, id).
CREATE INDEX IF NOT EXISTS tokenry_audit_org_at_idx
  ON tokenry_audit (organization_id, occurred_at DESC, id DESC);

-- Retention: delete by age across organizations.
CREATE INDEX IF NOT EXISTS tokenry_audit_at_idx ON tokenry_audit (occurred_at);
