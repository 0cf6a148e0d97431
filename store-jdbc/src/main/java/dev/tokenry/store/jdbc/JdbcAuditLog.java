package dev.tokenry.store.jdbc;

import static java.util.Objects.requireNonNull;

import dev.tokenry.AuditOrigin;
import dev.tokenry.TokenStoreUnavailableException;
import dev.tokenry.spi.AuditAction;
import dev.tokenry.spi.AuditLog;
import dev.tokenry.spi.AuditQuery;
import dev.tokenry.spi.AuditRecord;
import dev.tokenry.spi.AuditRecordPage;
import dev.tokenry.spi.PageCursor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * An {@link AuditLog} in a table of any {@link DataSource}, H2 or PostgreSQL, usually the database
 * of the {@link JdbcTokenStore}. The table comes from {@code db/tokenry/<dialect>/V3__tokenry_audit
 * .sql} (run it with the host's migrations, or let {@link Builder#createTableIfMissing} do it).
 *
 * <pre>{@code
 * JdbcAuditLog audit = JdbcAuditLog.builder()
 *     .dataSource(dataSource)
 *     .createTableIfMissing(true)
 *     .build();
 * Tokenry tokenry = Tokenry.builder().store(store).auditLog(audit).build();
 * }</pre>
 *
 * <p>Rows are only inserted and, by {@link #deleteOlderThan}, deleted. A database that cannot
 * answer is reported as {@link TokenStoreUnavailableException}.
 */
public final class JdbcAuditLog implements AuditLog {

  private static final Pattern PREFIX = Pattern.compile("([a-z][a-z0-9_]{0,29})?");
  private static final String COLUMNS =
      "id, occurred_at, organization_id, action, actor_id, token_id, masked_token, token_owner,"
          + " changed_fields, leak_source, leak_url, refusal_reason, client_address, user_agent";

  private final DataSource dataSource;
  private final String tablePrefix;
  private final String table;
  private final JdbcDialect configuredDialect;

  private JdbcAuditLog(Builder builder) {
    this.dataSource = builder.dataSource;
    this.tablePrefix = builder.tablePrefix;
    this.table = builder.tablePrefix + "audit";
    this.configuredDialect = builder.dialect;
  }

  /**
   * Starts a configuration. Only {@link Builder#dataSource(DataSource)} is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the table's name, such as {@code tokenry_audit}.
   *
   * @return the name
   */
  public String tableName() {
    return table;
  }

  /**
   * Creates the audit table and its indexes unless they exist, from the dialect's {@code
   * V3__tokenry_audit.sql} with this log's table prefix.
   *
   * @throws TokenStoreUnavailableException if the database cannot answer or refuses the schema
   */
  public void createTableIfMissing() {
    try (Connection connection = dataSource.getConnection()) {
      JdbcDialect dialect =
          configuredDialect != null
              ? configuredDialect
              : JdbcDialect.detect(connection.getMetaData());
      String text = SchemaScript.text(dialect.auditSchemaResource(), tablePrefix);
      try (Statement statement = connection.createStatement()) {
        for (String sql : SchemaScript.statements(text)) {
          statement.execute(sql);
        }
      }
    } catch (SQLException e) {
      throw new TokenStoreUnavailableException(
          "Audit log unavailable: could not create table "
              + table
              + " (SQL state "
              + SqlFailures.sqlState(e)
              + ").",
          e);
    }
  }

  @Override
  public void append(AuditRecord record) {
    requireNonNull(record, "record must not be null");
    String sql =
        "INSERT INTO "
            + table
            + " ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      int i = 1;
      statement.setString(i++, record.id());
      statement.setObject(i++, TokenTable.utc(record.at()));
      statement.setString(i++, record.organizationId());
      statement.setString(i++, record.action().wireName());
      statement.setString(i++, record.actorUserId());
      statement.setString(i++, record.tokenId().orElse(null));
      statement.setString(i++, record.maskedToken().orElse(null));
      statement.setString(i++, record.tokenOwner().orElse(null));
      statement.setString(i++, String.join(",", record.fields()));
      statement.setString(i++, record.source().orElse(null));
      statement.setString(i++, record.url().orElse(null));
      statement.setString(i++, record.reason().orElse(null));
      statement.setString(i++, record.origin().clientAddress().orElse(null));
      statement.setString(i++, record.origin().userAgent().orElse(null));
      statement.executeUpdate();
    } catch (SQLException e) {
      throw SqlFailures.translate("append an audit record", e);
    }
  }

  @Override
  public AuditRecordPage list(AuditQuery query) {
    requireNonNull(query, "query must not be null");
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(COLUMNS)
            .append(" FROM ")
            .append(table)
            .append(" WHERE organization_id = ?");
    query.tokenOwner().ifPresent(x -> sql.append(" AND token_owner = ?"));
    query.tokenId().ifPresent(x -> sql.append(" AND token_id = ?"));
    query.actorUserId().ifPresent(x -> sql.append(" AND actor_id = ?"));
    query.action().ifPresent(x -> sql.append(" AND action = ?"));
    query.from().ifPresent(x -> sql.append(" AND occurred_at >= ?"));
    query.until().ifPresent(x -> sql.append(" AND occurred_at < ?"));
    query
        .after()
        .ifPresent(x -> sql.append(" AND (occurred_at < ? OR (occurred_at = ? AND id < ?))"));
    sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT ?");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      int i = 1;
      statement.setString(i++, query.organizationId());
      if (query.tokenOwner().isPresent()) {
        statement.setString(i++, query.tokenOwner().get());
      }
      if (query.tokenId().isPresent()) {
        statement.setString(i++, query.tokenId().get());
      }
      if (query.actorUserId().isPresent()) {
        statement.setString(i++, query.actorUserId().get());
      }
      if (query.action().isPresent()) {
        statement.setString(i++, query.action().get().wireName());
      }
      if (query.from().isPresent()) {
        statement.setObject(i++, TokenTable.utc(query.from().get()));
      }
      if (query.until().isPresent()) {
        statement.setObject(i++, TokenTable.utc(query.until().get()));
      }
      if (query.after().isPresent()) {
        OffsetDateTime at = TokenTable.utc(query.after().get().createdAt());
        statement.setObject(i++, at);
        statement.setObject(i++, at);
        statement.setString(i++, query.after().get().id());
      }
      statement.setInt(i, query.limit() + 1);
      List<AuditRecord> records = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          records.add(read(rows));
        }
      }
      if (records.size() <= query.limit()) {
        return new AuditRecordPage(records, Optional.empty());
      }
      AuditRecord last = records.get(query.limit() - 1);
      return new AuditRecordPage(
          records.subList(0, query.limit()), Optional.of(new PageCursor(last.at(), last.id())));
    } catch (SQLException e) {
      throw SqlFailures.translate("list audit records", e);
    }
  }

  private static AuditRecord read(ResultSet row) throws SQLException {
    String fields = row.getString(9);
    return new AuditRecord(
        row.getString(1),
        TokenTable.instant(row, 2).orElseThrow(),
        row.getString(3),
        AuditAction.fromWireName(row.getString(4)),
        row.getString(5),
        Optional.ofNullable(row.getString(6)),
        Optional.ofNullable(row.getString(7)),
        Optional.ofNullable(row.getString(8)),
        fields.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(fields.split(","))),
        Optional.ofNullable(row.getString(10)),
        Optional.ofNullable(row.getString(11)),
        Optional.ofNullable(row.getString(12)),
        AuditOrigin.of(row.getString(13), row.getString(14)));
  }

  @Override
  public int deleteOlderThan(Instant cutoff) {
    requireNonNull(cutoff, "cutoff must not be null");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("DELETE FROM " + table + " WHERE occurred_at < ?")) {
      statement.setObject(1, TokenTable.utc(cutoff));
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw SqlFailures.translate("delete old audit records", e);
    }
  }

  /** Shows the table; never connection details. */
  @Override
  public String toString() {
    return "JdbcAuditLog[table=" + table + "]";
  }

  /** Configures a {@link JdbcAuditLog}. Not thread-safe. */
  public static final class Builder {
    private DataSource dataSource;
    private JdbcDialect dialect;
    private String tablePrefix = SchemaScript.DEFAULT_PREFIX;
    private boolean createTable;

    private Builder() {}

    /**
     * Sets the database. Required.
     *
     * @param dataSource a pooled data source
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = requireNonNull(dataSource, "dataSource must not be null");
      return this;
    }

    /**
     * Sets the dialect instead of detecting it when the table is created.
     *
     * @param dialect the dialect
     * @return this builder
     */
    public Builder dialect(JdbcDialect dialect) {
      this.dialect = requireNonNull(dialect, "dialect must not be null");
      return this;
    }

    /**
     * Sets the table prefix, {@code tokenry_} by default (the table is {@code <prefix>audit}); the
     * same rule as {@link JdbcTokenStore.Builder#tablePrefix}.
     *
     * @param tablePrefix {@code ([a-z][a-z0-9_]{0,29})?}
     * @return this builder
     * @throws IllegalArgumentException if malformed
     */
    public Builder tablePrefix(String tablePrefix) {
      requireNonNull(tablePrefix, "tablePrefix must not be null");
      if (!PREFIX.matcher(tablePrefix).matches()) {
        throw new IllegalArgumentException(
            "tablePrefix must match ([a-z][a-z0-9_]{0,29})?, was '" + tablePrefix + "'");
      }
      this.tablePrefix = tablePrefix;
      return this;
    }

    /**
     * Whether {@link #build()} creates the table when it is missing. Off by default.
     *
     * @param create true to create
     * @return this builder
     */
    public Builder createTableIfMissing(boolean create) {
      this.createTable = create;
      return this;
    }

    /**
     * Builds the log, creating the table first when asked to.
     *
     * @return the log
     * @throws IllegalStateException if no data source was given
     * @throws TokenStoreUnavailableException if the table must be created and cannot be
     */
    public JdbcAuditLog build() {
      if (dataSource == null) {
        throw new IllegalStateException("dataSource is required");
      }
      JdbcAuditLog log = new JdbcAuditLog(this);
      if (createTable) {
        log.createTableIfMissing();
      }
      return log;
    }
  }
}
