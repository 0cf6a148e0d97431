package dev.tokenry.store.jdbc;

import dev.tokenry.ApiToken;
import dev.tokenry.PermissionSet;
import dev.tokenry.TokenKind;
import dev.tokenry.TokenScope;
import dev.tokenry.TokenType;
import dev.tokenry.spi.ExpiringToken;
import dev.tokenry.spi.NameKey;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.SupersededSecret;
import dev.tokenry.spi.TokenQuery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The token table of one {@link JdbcTokenStore}: its SQL text, built once from the table name, and
 * the mapping between rows and {@link StoredToken}s. Every statement is standard SQL that H2 and
 * PostgreSQL run alike; values are always bound as parameters, never spliced into the text.
 */
final class TokenTable {

  /** {@code owner_id} of organization tokens: not NULL, so the unique constraint covers them. */
  static final String NO_OWNER = "";

  private static final String COLUMNS =
      "id, token_prefix, name, name_key, description, kind, "
          + "organization_id, project_id, owner_id, token_type, permissions, secret_hash, created_at, "
          + "created_by, expires_at, last_used_at, version, previous_secret_hash, "
          + "previous_secret_valid_until, last_used_from";

  private static final char LIKE_ESCAPE = '!';

  final String name;
  final String nameConstraint;
  final String insert;
  final String findById;

  /** PostgreSQL only: the rows of an array of ids, for the record cache's refresh. */
  final String findByIdArray;

  final String update;
  final String versionById;
  final String lastUsedById;
  final String deleteById;
  final String recordLastUsed;
  final String recordLastUse;
  final String claimExpiryNotice;
  final String probe;

  TokenTable(String tablePrefix) {
    this.name = tablePrefix + "tokens";
    this.nameConstraint = name + "_name_uq";
    this.insert =
        "INSERT INTO "
            + name
            + " ("
            + COLUMNS
            + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    this.findById = "SELECT " + COLUMNS + " FROM " + name + " WHERE id = ?";
    this.findByIdArray = "SELECT " + COLUMNS + " FROM " + name + " WHERE id = ANY (?)";
    this.update =
        "UPDATE "
            + name
            + " SET token_prefix = ?, name = ?, name_key = ?, "
            + "description = ?, kind = ?, organization_id = ?, project_id = ?, owner_id = ?, "
            + "token_type = ?, permissions = ?, secret_hash = ?, created_at = ?, created_by = ?, "
            + "expires_at = ?, previous_secret_hash = ?, previous_secret_valid_until = ?, "
            + "version = version + 1 WHERE id = ? AND version = ?";
    this.versionById = "SELECT version FROM " + name + " WHERE id = ?";
    this.lastUsedById = "SELECT last_used_at, last_used_from FROM " + name + " WHERE id = ?";
    this.deleteById = "DELETE FROM " + name + " WHERE id = ?";
    this.recordLastUsed =
        "UPDATE "
            + name
            + " SET last_used_at = ? "
            + "WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)";
    this.recordLastUse =
        "UPDATE "
            + name
            + " SET last_used_at = ?, last_used_from = ? "
            + "WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)";
    // The atomic claim: of any number of concurrent claims of one notice, exactly one changes the
    // row (the others re-read it after the first commits and no longer match).
    this.claimExpiryNotice =
        "UPDATE "
            + name
            + " SET expiry_notice_at = ? WHERE id = ? AND expires_at = ? "
            + "AND (expiry_notice_at IS NULL OR expiry_notice_at < ?)";
    // Every column of the latest schema version, so a table missing one is not taken as in place.
    this.probe = "SELECT " + COLUMNS + ", expiry_notice_at FROM " + name + " WHERE 1 = 0";
  }

  /**
   * Returns the expiry-notice scan: tokens expiring in {@code [from, until)} whose "expired" notice
   * is still to come, in {@code (expires_at, id)} order, after a cursor when given.
   *
   * @param withCursor whether the page follows another
   * @return the statement
   */
  String findExpiring(boolean withCursor) {
    return "SELECT "
        + COLUMNS
        + ", expiry_notice_at FROM "
        + name
        + " WHERE expires_at >= ? AND expires_at < ?"
        + " AND (expiry_notice_at IS NULL OR expiry_notice_at < expires_at)"
        + (withCursor ? " AND (expires_at > ? OR (expires_at = ? AND id > ?))" : "")
        + " ORDER BY expires_at, id LIMIT ?";
  }

  /**
   * Returns the inactivity scan: tokens last used (or, never used, created) before an instant, in
   * id order, after an id when given.
   *
   * @param withCursor whether the page follows another
   * @return the statement
   */
  String findIdle(boolean withCursor) {
    return "SELECT "
        + COLUMNS
        + " FROM "
        + name
        + " WHERE COALESCE(last_used_at, created_at) < ?"
        + (withCursor ? " AND id > ?" : "")
        + " ORDER BY id LIMIT ?";
  }

  /**
   * Binds the expiry-notice scan of {@link #findExpiring}.
   *
   * @param statement the prepared statement
   * @param from the earliest expiry
   * @param until the latest expiry (exclusive)
   * @param after the last token of the previous page
   * @param limit the page size
   * @throws SQLException if binding fails
   */
  static void bindFindExpiring(
      PreparedStatement statement,
      Instant from,
      Instant until,
      Optional<ExpiringToken> after,
      int limit)
      throws SQLException {
    int i = 1;
    statement.setObject(i++, utc(from));
    statement.setObject(i++, utc(until));
    if (after.isPresent()) {
      OffsetDateTime at = utc(after.get().expiresAt());
      statement.setObject(i++, at);
      statement.setObject(i++, at);
      statement.setString(i++, after.get().token().id());
    }
    statement.setLong(i, limit);
  }

  /**
   * Returns {@code DELETE ... WHERE id IN (?, ...)} for a number of ids.
   *
   * @param count how many ids, at least 1
   * @return the statement
   */
  String deleteByIds(int count) {
    StringBuilder sql = new StringBuilder("DELETE FROM ").append(name).append(" WHERE id IN (?");
    sql.append(", ?".repeat(count - 1));
    return sql.append(')').toString();
  }

  /**
   * Returns the list statement for a query; {@link #bindList} binds its parameters in the same
   * order. It reads one row more than the page holds, to know whether another page follows.
   *
   * @param query the query
   * @return the statement
   */
  String list(TokenQuery query) {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(COLUMNS)
            .append(" FROM ")
            .append(name)
            .append(" WHERE organization_id = ?");
    if (query.organizationTokens() && query.personalOwner().isPresent()) {
      sql.append(" AND owner_id IN (?, ?)");
    } else {
      sql.append(" AND owner_id = ?");
    }
    if (query.projectId().isPresent()) {
      sql.append(" AND project_id = ?");
    }
    if (query.nameContains().isPresent()) {
      sql.append(" AND name_key LIKE ? ESCAPE '").append(LIKE_ESCAPE).append('\'');
    }
    if (query.after().isPresent()) {
      // The first condition lets the index range-scan; the second settles ties on created_at.
      sql.append(" AND created_at <= ? AND (created_at < ? OR id < ?)");
    }
    return sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?").toString();
  }

  /**
   * Binds the parameters of {@link #list}. The caller has made sure the query asks for some kind.
   *
   * @param statement the prepared list statement
   * @param query the query
   * @throws SQLException if binding fails
   */
  void bindList(PreparedStatement statement, TokenQuery query) throws SQLException {
    int i = 1;
    statement.setString(i++, query.organizationId());
    if (query.organizationTokens()) {
      statement.setString(i++, NO_OWNER);
    }
    if (query.personalOwner().isPresent()) {
      statement.setString(i++, query.personalOwner().get());
    }
    if (query.projectId().isPresent()) {
      statement.setString(i++, query.projectId().get());
    }
    if (query.nameContains().isPresent()) {
      statement.setString(i++, "%" + escapeLike(NameKey.of(query.nameContains().get())) + "%");
    }
    if (query.after().isPresent()) {
      OffsetDateTime createdAt = utc(query.after().get().createdAt());
      statement.setObject(i++, createdAt);
      statement.setObject(i++, createdAt);
      statement.setString(i++, query.after().get().id());
    }
    statement.setLong(i, (long) query.limit() + 1);
  }

  /**
   * Escapes the LIKE wildcards {@code %} and {@code _} (and the escape character itself), so they
   * match literally.
   *
   * @param text the text to find
   * @return the text as a LIKE pattern fragment
   */
  static String escapeLike(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
        escaped.append(LIKE_ESCAPE);
      }
      escaped.append(c);
    }
    return escaped.toString();
  }

  /**
   * Binds all columns of the insert statement.
   *
   * @param statement the prepared insert
   * @param stored the token
   * @throws SQLException if binding fails
   */
  void bindInsert(PreparedStatement statement, StoredToken stored) throws SQLException {
    ApiToken t = stored.token();
    int i = bindContent(statement, 1, stored, true);
    statement.setObject(
        i++, t.lastUsedAt().map(TokenTable::utc).orElse(null), Types.TIMESTAMP_WITH_TIMEZONE);
    statement.setLong(i++, 1L);
    i = bindSuperseded(statement, i, stored);
    statement.setString(i, t.lastUsedFrom().orElse(null));
  }

  /**
   * Binds the update statement: the new content, then id and expected version.
   *
   * @param statement the prepared update
   * @param stored the new content
   * @param expectedVersion the version the caller read
   * @throws SQLException if binding fails
   */
  void bindUpdate(PreparedStatement statement, StoredToken stored, long expectedVersion)
      throws SQLException {
    int i = bindContent(statement, 1, stored, false);
    i = bindSuperseded(statement, i, stored);
    statement.setString(i++, stored.id());
    statement.setLong(i, expectedVersion);
  }

  private static int bindSuperseded(PreparedStatement statement, int first, StoredToken stored)
      throws SQLException {
    int i = first;
    statement.setString(i++, stored.supersededSecret().map(SupersededSecret::hash).orElse(null));
    statement.setObject(
        i++,
        stored.supersededSecret().map(s -> utc(s.validUntil())).orElse(null),
        Types.TIMESTAMP_WITH_TIMEZONE);
    return i;
  }

  private static int bindContent(
      PreparedStatement statement, int first, StoredToken stored, boolean withId)
      throws SQLException {
    ApiToken t = stored.token();
    int i = first;
    if (withId) {
      statement.setString(i++, t.id());
    }
    statement.setString(i++, t.prefix());
    statement.setString(i++, t.name());
    statement.setString(i++, NameKey.of(t.name()));
    statement.setString(i++, t.description());
    statement.setString(i++, t.kind().wireName());
    statement.setString(i++, t.organizationId());
    statement.setString(i++, t.scope().projectId().orElse(null));
    statement.setString(i++, t.owner().orElse(NO_OWNER));
    statement.setString(i++, t.type().wireName());
    statement.setString(i++, String.join(" ", t.permissions().values()));
    statement.setString(i++, stored.secretHash());
    statement.setObject(i++, utc(t.createdAt()));
    statement.setString(i++, t.createdBy());
    statement.setObject(
        i++, t.expiresAt().map(TokenTable::utc).orElse(null), Types.TIMESTAMP_WITH_TIMEZONE);
    return i;
  }

  /**
   * Reads the row the result set stands on (columns in {@link #COLUMNS} order).
   *
   * @param row the result set
   * @return the token
   * @throws SQLException if reading fails
   */
  static StoredToken read(ResultSet row) throws SQLException {
    String owner = row.getString(9);
    String permissions = row.getString(11);
    ApiToken token =
        new ApiToken(
            row.getString(1),
            row.getString(2),
            row.getString(3),
            row.getString(5),
            TokenKind.fromWireName(row.getString(6)),
            new TokenScope(row.getString(7), Optional.ofNullable(row.getString(8))),
            owner == null || owner.isEmpty() ? Optional.empty() : Optional.of(owner),
            TokenType.fromWireName(row.getString(10)),
            permissions.isEmpty()
                ? PermissionSet.NONE
                : PermissionSet.of(Arrays.asList(permissions.split(" "))),
            instant(row, 13).orElseThrow(),
            row.getString(14),
            instant(row, 15),
            instant(row, 16));
    String previousHash = row.getString(18);
    Optional<Instant> previousUntil = instant(row, 19);
    Optional<SupersededSecret> superseded =
        previousHash == null || previousUntil.isEmpty()
            ? Optional.empty()
            : Optional.of(new SupersededSecret(previousHash, previousUntil.get()));
    token = token.withLastUse(token.lastUsedAt(), Optional.ofNullable(row.getString(20)));
    return new StoredToken(token, row.getString(12), superseded, row.getLong(17));
  }

  /**
   * Reads a row of {@link #findExpiring}: the token and, after its columns, the notice claimed.
   *
   * @param row the result set
   * @return the token with its claim
   * @throws SQLException if reading fails
   */
  static ExpiringToken readExpiring(ResultSet row) throws SQLException {
    return new ExpiringToken(read(row).token(), instant(row, 21));
  }

  /**
   * Reads every row of a result set.
   *
   * @param rows the result set
   * @return the tokens, in result order
   * @throws SQLException if reading fails
   */
  static List<StoredToken> readAll(ResultSet rows) throws SQLException {
    List<StoredToken> tokens = new ArrayList<>();
    while (rows.next()) {
      tokens.add(read(rows));
    }
    return tokens;
  }

  /**
   * Reads a timestamp column as an instant.
   *
   * @param row the result set
   * @param column the column index
   * @return the instant, empty for NULL
   * @throws SQLException if reading fails
   */
  static Optional<Instant> instant(ResultSet row, int column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? Optional.empty() : Optional.of(value.toInstant());
  }

  /**
   * The form in which instants are bound: UTC, truncated to the millisecond the columns hold, so
   * that what is read back is exactly what was written (PostgreSQL would round, not truncate).
   *
   * @param instant an instant
   * @return the same instant at offset UTC, to the millisecond
   */
  static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
  }
}
