-- Tokenry token store: schema version 4, PostgreSQL only (14 or later), applied after V3__tokenry_audit.sql.
--
-- Plain SQL, idempotent (CREATE OR REPLACE), named the way Flyway expects. Every name starts with
-- the prefix "tokenry_" (see V1); the channel name is the table name followed by "_changes".
--
-- The record cache's invalidations (JdbcTokenStore.builder().cacheRecords(...)): every committed
-- change to a token row that matters for verification or for the record announces the row's id on
-- the channel tokenry_tokens_changes, in the transaction of the change, whoever makes it: a
-- JdbcTokenStore, an operator's hand-written SQL, a migration, logical replication. PostgreSQL
-- delivers the notification when, and only if, that transaction commits.
-- UPDATE OF lists every column except last_used_at, last_used_from and expiry_notice_at: the
-- last-used write-behind and the expiry-notice sweep write those all the time, and nothing cached
-- depends on them. A new column of tokenry_tokens must be added to the list here (in a new version),
-- or a change to it would not reach the caches; a test compares the list with the table's columns.
-- An id changed in place announces the old id and the new one. INSERT announces nothing: the cache
-- never holds an id that was not found. TRUNCATE announces "*", which drops every cached entry.
-- ENABLE ALWAYS: the triggers also fire in sessions with session_replication_role = replica, such as
-- the apply worker of logical replication.
-- Apply the file in one transaction (Flyway does; psql -1; JdbcTokenStore.createTablesIfMissing
-- does, under an advisory lock): CREATE OR REPLACE TRIGGER leaves the trigger enabled for origin
-- sessions only until the ALTER TABLE at the end, and no other session should see that state.
-- Each function body stays on one line: JdbcTokenStore splits this file at lines ending in ";".
CREATE OR REPLACE FUNCTION tokenry_tokens_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('tokenry_tokens_changes', OLD.id); IF TG_OP = 'UPDATE' AND NEW.id IS DISTINCT FROM OLD.id THEN PERFORM pg_notify('tokenry_tokens_changes', NEW.id); END IF; RETURN NULL; END $$;

CREATE OR REPLACE TRIGGER tokenry_tokens_changes
  AFTER DELETE OR UPDATE OF id, token_prefix, name, name_key, description, kind, organization_id,
    project_id, owner_id, token_type, permissions, secret_hash, created_at, created_by, expires_at,
    version, previous_secret_hash, previous_secret_valid_until
  ON tokenry_tokens FOR EACH ROW EXECUTE FUNCTION tokenry_tokens_notify_change();

CREATE OR REPLACE FUNCTION tokenry_tokens_notify_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('tokenry_tokens_changes', '*'); RETURN NULL; END $$;

CREATE OR REPLACE TRIGGER tokenry_tokens_truncated
  AFTER TRUNCATE ON tokenry_tokens FOR EACH STATEMENT EXECUTE FUNCTION tokenry_tokens_notify_truncate();

ALTER TABLE tokenry_tokens ENABLE ALWAYS TRIGGER tokenry_tokens_changes;
ALTER TABLE tokenry_tokens ENABLE ALWAYS TRIGGER tokenry_tokens_truncated;
