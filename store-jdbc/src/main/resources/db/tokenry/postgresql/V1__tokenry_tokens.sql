-- Tokenry token store: schema version 1 for PostgreSQL 14 or later.
--
-- Plain SQL, idempotent (IF NOT EXISTS), named the way Flyway expects, so a host can copy it into
-- its own migrations (Flyway, Liquibase sqlFile) or let JdbcTokenStore create it on start.
-- Every table, constraint and index name starts with the prefix "tokenry_"; to use another prefix,
-- replace each "tokenry_" in this file and give JdbcTokenStore the same tablePrefix.
--
-- owner_id is '' for organization tokens (never NULL), so that one unique constraint over
-- (organization_id, owner_id, name_key) makes names unique per organization for organization tokens
-- and per owner for personal tokens. name_key is NameKey.of(name): NFKC, case folded, default
-- ignorable code points dropped, so names that look alike clash.
-- Instants are UTC, millisecond precision. id uses the "C" collation so that ORDER BY id is the
-- same byte order on every server as the keyset cursor's.
CREATE TABLE IF NOT EXISTS tokenry_tokens (
  id              VARCHAR(64) COLLATE "C" NOT NULL,
  token_prefix    VARCHAR(64)   NOT NULL,
  name            VARCHAR(200)  NOT NULL,
  name_key        VARCHAR(400)  NOT NULL,
  description     VARCHAR(1000) NOT NULL,
  kind            VARCHAR(16)   NOT NULL,
  organization_id VARCHAR(128)  NOT NULL,
  project_id      VARCHAR(128),
  owner_id        VARCHAR(128)  NOT NULL,
  token_type      VARCHAR(16)   NOT NULL,
  permissions     TEXT          NOT NULL,
  secret_hash     VARCHAR(1024) NOT NULL,
  created_at      TIMESTAMP(3) WITH TIME ZONE NOT NULL,
  created_by      VARCHAR(128)  NOT NULL,
  expires_at      TIMESTAMP(3) WITH TIME ZONE,
  last_used_at    TIMESTAMP(3) WITH TIME ZONE,
  version         BIGINT        NOT NULL,
  CONSTRAINT tokenry_tokens_pk PRIMARY KEY (id),
  CONSTRAINT tokenry_tokens_name_uq UNIQUE (organization_id, owner_id, name_key),
  CONSTRAINT tokenry_tokens_kind_ck CHECK ((kind = 'organization' AND owner_id = '')
      OR (kind = 'personal' AND owner_id <> '')),
  CONSTRAINT tokenry_tokens_version_ck CHECK (version >= 1)
);

-- Lists: one organization, newest first, keyset-paged on (created_at, id).
CREATE INDEX IF NOT EXISTS tokenry_tokens_org_created_idx
  ON tokenry_tokens (organization_id, created_at DESC, id DESC);
