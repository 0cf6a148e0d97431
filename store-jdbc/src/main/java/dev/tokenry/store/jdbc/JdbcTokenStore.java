package dev.tokenry.store.jdbc;

import static java.util.Objects.requireNonNull;

import dev.tokenry.DuplicateTokenNameException;
import dev.tokenry.TokenConflictException;
import dev.tokenry.TokenNotFoundException;
import dev.tokenry.TokenStoreUnavailableException;
import dev.tokenry.TokenryException;
import dev.tokenry.spi.ExpiringToken;
import dev.tokenry.spi.LastUse;
import dev.tokenry.spi.PageCursor;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.StoredTokenPage;
import dev.tokenry.spi.TokenQuery;
import dev.tokenry.spi.TokenStore;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TokenStore} in a relational database reached through any {@link DataSource}: H2 2.x or
 * PostgreSQL 14+ (see {@link JdbcDialect}). Thread-safe; it holds no connection between calls, so
 * it works the same over a connection pool or a plain driver data source, and recovers by itself
 * when the database comes back after an outage.
 *
 * <pre>{@code
 * JdbcTokenStore store = JdbcTokenStore.builder()
 *     .dataSource(dataSource)          // a pool such as HikariCP, or the driver's DataSource
 *     .createTablesIfMissing(true)     // or run db/tokenry/<dialect>/V1__tokenry_tokens.sql yourself
 *     .build();
 * Tokenry tokenry = Tokenry.builder().store(store).build();
 * }</pre>
 *
 * <p>What it guarantees:
 *
 * <ul>
 *   <li>Token names are unique through a unique constraint on the lower-cased name, so two
 *       concurrent inserts of the same name, from any number of threads or processes, leave one row
 *       and the other gets a {@link DuplicateTokenNameException}.
 *   <li>Updates are optimistic: {@code UPDATE ... WHERE id = ? AND version = ?}.
 *   <li>Lists use the index on {@code (organization_id, created_at DESC, id DESC)} and keyset
 *       paging, so a page never repeats or skips a token when others are inserted meanwhile; the
 *       name filter is case-insensitive and takes {@code %} and {@code _} literally.
 *   <li>{@link #recordLastUsed} is one JDBC batch in one transaction, and only moves a stored
 *       instant forward.
 *   <li>Instants are stored in UTC to the millisecond (the precision Tokenry's clock gives), and
 *       read back exactly.
 *   <li>When the database cannot answer (connection refused or lost, query timeout, server shutting
 *       down) every method throws {@link TokenStoreUnavailableException} with the {@link
 *       SQLException} as its cause; it never answers "not found".
 * </ul>
 */
public final class JdbcTokenStore implements TokenStore, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcTokenStore.class);

  /** Ids per {@code DELETE ... IN (...)} statement in {@link #deleteAll}. */
  private static final int DELETE_CHUNK = 500;

  private final DataSource dataSource;
  private final TokenTable table;
  private final String tablePrefix;
  private final int queryTimeoutSeconds;
  private final boolean queryTimeoutSet;
  private final ChangeChannel changes;
  private volatile JdbcDialect dialect;
  private final RecordCache cache;
  private final ChangeListener listener;
  private final CacheRefresher refresher;

  private JdbcTokenStore(Builder builder) {
    this.dataSource = builder.dataSource;
    this.tablePrefix = builder.tablePrefix;
    this.table = new TokenTable(builder.tablePrefix);
    this.changes = new ChangeChannel(table.name);
    this.queryTimeoutSeconds = builder.queryTimeoutSeconds;
    this.queryTimeoutSet = builder.queryTimeoutSet;
    this.dialect = builder.dialect;
    if (builder.maxStaleness == null) {
      this.cache = null;
      this.listener = null;
      this.refresher = null;
    } else {
      // Started by the builder once it knows the database is PostgreSQL.
      this.cache =
          new RecordCache(
              builder.maxStaleness, builder.cacheMaximumEntries, builder.cacheMaximumBytes);
      this.listener =
          new ChangeListener(
              builder.listenerDataSource == null ? dataSource : builder.listenerDataSource,
              changes,
              cache,
              builder.maxStaleness);
      this.refresher = new CacheRefresher(cache, this::loadAll, builder.maxStaleness);
    }
  }

  /** The record cache, or null when it is off (for tests). */
  RecordCache cache() {
    return cache;
  }

  /** The change listener, or null when the cache is off (for tests). */
  ChangeListener listener() {
    return listener;
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
   * Returns the dialect: the one configured, or else the one detected from the database's metadata
   * on first use.
   *
   * @return the dialect
   * @throws TokenStoreUnavailableException if it must be detected and the database cannot answer
   * @throws IllegalStateException if the database is neither H2 nor PostgreSQL
   */
  public JdbcDialect dialect() {
    JdbcDialect known = dialect;
    if (known != null) {
      return known;
    }
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData metaData = connection.getMetaData();
      JdbcDialect detected = JdbcDialect.detect(metaData);
      if (detected == JdbcDialect.POSTGRESQL && metaData.getDatabaseMajorVersion() < 14) {
        LOG.warn(
            "JdbcTokenStore is tested on PostgreSQL 14 and later; this server is {}",
            metaData.getDatabaseProductVersion());
      }
      dialect = detected;
      return detected;
    } catch (SQLException e) {
      throw SqlFailures.translate("detect the database dialect", e);
    }
  }

  /**
   * Returns the name of the token table, such as {@code tokenry_tokens}.
   *
   * @return the table name
   */
  public String tableName() {
    return table.name;
  }

  /**
   * Creates the token table and its index unless they exist, by running the dialect's schema files
   * (with this store's table prefix); on PostgreSQL also the change triggers of schema version 4,
   * all in one transaction under an advisory lock. Safe to call from several processes at once.
   *
   * @throws TokenStoreUnavailableException if the database cannot answer or refuses the schema
   */
  public void createTablesIfMissing() {
    JdbcDialect chosen = dialect();
    List<String> statements = SchemaScript.statements(SchemaScript.text(chosen, tablePrefix));
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      if (appliesQueryTimeout(chosen)) {
        statement.setQueryTimeout(queryTimeoutSeconds);
      }
      if (chosen == JdbcDialect.POSTGRESQL) {
        // One transaction, one process at a time: no session ever sees the change trigger
        // replaced but not yet enabled always, and concurrent CREATE OR REPLACE of one function
        // or trigger, which PostgreSQL fails ("tuple concurrently updated"), cannot happen.
        inTransaction(
            connection,
            () -> {
              statement.execute("SELECT pg_advisory_xact_lock(" + schemaLockKey() + ")");
              for (String sql : statements) {
                statement.execute(sql);
              }
              return null;
            });
      } else {
        for (String sql : statements) {
          statement.execute(sql);
        }
      }
      LOG.debug("Token table {} is in place ({})", table.name, chosen.schemaResources());
    } catch (SQLException e) {
      // Two processes creating the table at the same moment: PostgreSQL lets one of them fail on
      // its catalog. If the table is there now, that is success.
      if (!tableExists()) {
        throw new TokenStoreUnavailableException(
            "Token store unavailable: could not create table "
                + table.name
                + " (SQL state "
                + SqlFailures.sqlState(e)
                + ").",
            e);
      }
    }
  }

  /**
   * The advisory lock key under which the schema of this table is created; the table name is
   * checked to be lower-case letters, digits and {@code _}, so it is safe in the literal.
   */
  private String schemaLockKey() {
    return "hashtextextended('tokenry schema " + table.name + "', 0)";
  }

  /**
   * Refuses the record cache on a table without schema version 4's triggers, enabled always: they
   * are what announces a change, and without them a cache would hear of none.
   */
  private void requireChangeTriggers() {
    String sql =
        "SELECT count(*),"
            + " (SELECT oid FROM pg_database WHERE datname = current_database()),"
            + " to_regclass(?)::oid"
            + " FROM pg_trigger WHERE tgrelid = to_regclass(?) AND tgname IN (?, ?)"
            + " AND tgenabled = 'A'";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, sql)) {
      statement.setString(1, table.name);
      statement.setString(2, table.name);
      statement.setString(3, changes.name);
      statement.setString(4, changes.truncatedTrigger());
      try (ResultSet rows = statement.executeQuery()) {
        if (rows.next() && rows.getInt(1) == 2) {
          changes.bind(rows.getLong(2), rows.getLong(3));
          return;
        }
      }
    } catch (SQLException e) {
      throw SqlFailures.translate("check the change triggers of the token table", e);
    }
    throw new IllegalStateException(
        "cacheRecords needs the change triggers of schema version 4 on table "
            + table.name
            + " ("
            + changes.name
            + " and "
            + changes.truncatedTrigger()
            + ", enabled always): apply "
            + JdbcDialect.POSTGRESQL.schemaLocation()
            + "/V4__tokenry_change_trigger.sql with the table prefix, or build with"
            + " createTablesIfMissing(true)");
  }

  private boolean tableExists() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(table.probe);
        ResultSet rows = statement.executeQuery()) {
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void insert(StoredToken token) {
    requireNonNull(token, "token must not be null");
    try (Connection connection = dataSource.getConnection()) {
      inTransaction(
          connection,
          () -> {
            try (PreparedStatement statement = prepare(connection, table.insert)) {
              table.bindInsert(statement, token);
              return statement.executeUpdate();
            }
          });
    } catch (SQLException e) {
      if (SqlFailures.isUniqueViolation(e)) {
        if (!SqlFailures.mentions(e, table.nameConstraint) && idExists(token.id())) {
          throw new TokenryException("A token with id " + token.id() + " already exists.", e);
        }
        throw duplicateName(token, e);
      }
      throw SqlFailures.translate("insert a token", e);
    }
  }

  private boolean idExists(String id) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, table.versionById)) {
      statement.setString(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    } catch (SQLException e) {
      throw SqlFailures.translate("check a token id", e);
    }
  }

  private static DuplicateTokenNameException duplicateName(StoredToken token, SQLException cause) {
    DuplicateTokenNameException duplicate = new DuplicateTokenNameException(token.token().name());
    duplicate.initCause(cause);
    return duplicate;
  }

  /**
   * {@inheritDoc}
   *
   * <p>With the record cache on ({@link Builder#cacheRecords(Duration)}), a record found recently
   * may come from memory: never one older than the cache's bound, and none while the cache's
   * listener is not known to hear every change.
   */
  @Override
  public Optional<StoredToken> find(String id) {
    requireNonNull(id, "id must not be null");
    return cache == null ? load(id) : cache.find(id, this::load);
  }

  private Optional<StoredToken> load(String id) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, table.findById)) {
      statement.setString(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(TokenTable.read(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw SqlFailures.translate("find a token", e);
    }
  }

  /**
   * Reads the records of these ids in one statement (PostgreSQL: the record cache's refresh); ids
   * without a row are missing from the answer.
   */
  Map<String, StoredToken> loadAll(List<String> ids) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, table.findByIdArray)) {
      statement.setArray(1, connection.createArrayOf("varchar", ids.toArray()));
      Map<String, StoredToken> found = new HashMap<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          StoredToken token = TokenTable.read(rows);
          found.put(token.id(), token);
        }
      }
      return found;
    } catch (SQLException e) {
      throw SqlFailures.translate("refresh cached tokens", e);
    }
  }

  @Override
  public StoredTokenPage list(TokenQuery query) {
    requireNonNull(query, "query must not be null");
    if (!query.organizationTokens() && query.personalOwner().isEmpty()) {
      return new StoredTokenPage(List.of(), Optional.empty());
    }
    List<StoredToken> tokens;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, table.list(query))) {
      table.bindList(statement, query);
      try (ResultSet rows = statement.executeQuery()) {
        tokens = TokenTable.readAll(rows);
      }
    } catch (SQLException e) {
      throw SqlFailures.translate("list tokens", e);
    }
    if (tokens.size() <= query.limit()) {
      return new StoredTokenPage(tokens, Optional.empty());
    }
    List<StoredToken> page = tokens.subList(0, query.limit());
    return new StoredTokenPage(
        page, Optional.of(PageCursor.after(page.get(page.size() - 1).token())));
  }

  @Override
  public StoredToken update(StoredToken token, long expectedVersion) {
    requireNonNull(token, "token must not be null");
    try (Connection connection = dataSource.getConnection()) {
      return inTransaction(
          connection,
          () -> {
            try (PreparedStatement statement = prepare(connection, table.update)) {
              table.bindUpdate(statement, token, expectedVersion);
              if (statement.executeUpdate() == 1) {
                return new StoredToken(
                    readLastUse(connection, token.token()),
                    token.secretHash(),
                    token.supersededSecret(),
                    expectedVersion + 1);
              }
            }
            if (readVersion(connection, token.id()).isEmpty()) {
              throw new TokenNotFoundException(token.id());
            }
            throw new TokenConflictException(token.id());
          });
    } catch (SQLException e) {
      if (SqlFailures.isUniqueViolation(e)) {
        throw duplicateName(token, e);
      }
      throw SqlFailures.translate("update a token", e);
    } finally {
      forget(List.of(token.id()));
    }
  }

  private dev.tokenry.ApiToken readLastUse(Connection connection, dev.tokenry.ApiToken token)
      throws SQLException {
    try (PreparedStatement statement = prepare(connection, table.lastUsedById)) {
      statement.setString(1, token.id());
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next()
            ? token.withLastUse(TokenTable.instant(rows, 1), Optional.ofNullable(rows.getString(2)))
            : token.withLastUse(Optional.empty(), Optional.empty());
      }
    }
  }

  private Optional<Long> readVersion(Connection connection, String id) throws SQLException {
    try (PreparedStatement statement = prepare(connection, table.versionById)) {
      statement.setString(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
      }
    }
  }

  @Override
  public boolean delete(String id) {
    requireNonNull(id, "id must not be null");
    try (Connection connection = dataSource.getConnection()) {
      return inTransaction(
          connection,
          () -> {
            try (PreparedStatement statement = prepare(connection, table.deleteById)) {
              statement.setString(1, id);
              return statement.executeUpdate() > 0;
            }
          });
    } catch (SQLException e) {
      throw SqlFailures.translate("delete a token", e);
    } finally {
      forget(List.of(id));
    }
  }

  @Override
  public int deleteAll(Collection<String> ids) {
    requireNonNull(ids, "ids must not be null");
    List<String> unique = new ArrayList<>(new LinkedHashSet<>(ids));
    unique.forEach(id -> requireNonNull(id, "ids must not hold null"));
    if (unique.isEmpty()) {
      return 0;
    }
    try (Connection connection = dataSource.getConnection()) {
      return inTransaction(
          connection,
          () -> {
            int deleted = 0;
            for (int from = 0; from < unique.size(); from += DELETE_CHUNK) {
              List<String> chunk =
                  unique.subList(from, Math.min(unique.size(), from + DELETE_CHUNK));
              try (PreparedStatement statement =
                  prepare(connection, table.deleteByIds(chunk.size()))) {
                for (int i = 0; i < chunk.size(); i++) {
                  statement.setString(i + 1, chunk.get(i));
                }
                deleted += statement.executeUpdate();
              }
            }
            return deleted;
          });
    } catch (SQLException e) {
      throw SqlFailures.translate("delete tokens", e);
    } finally {
      forget(unique);
    }
  }

  @Override
  public void recordLastUsed(Map<String, Instant> lastUsed) {
    requireNonNull(lastUsed, "lastUsed must not be null");
    if (lastUsed.isEmpty()) {
      return;
    }
    TreeMap<String, Instant> sorted = sortedById(lastUsed, "lastUsed", "instant");
    try (Connection connection = dataSource.getConnection()) {
      inTransaction(
          connection,
          () -> {
            try (PreparedStatement statement = prepare(connection, table.recordLastUsed)) {
              for (Map.Entry<String, Instant> entry : sorted.entrySet()) {
                OffsetDateTime at = TokenTable.utc(entry.getValue());
                statement.setObject(1, at);
                statement.setString(2, entry.getKey());
                statement.setObject(3, at);
                statement.addBatch();
              }
              statement.executeBatch();
            }
            return null;
          });
    } catch (SQLException e) {
      throw SqlFailures.translate("record last use of tokens", e);
    }
  }

  /**
   * A copy sorted by id, so that two processes flushing at once lock rows in the same order; a null
   * id or value is refused with a message naming the map.
   */
  private static <V> TreeMap<String, V> sortedById(Map<String, V> map, String name, String noun) {
    TreeMap<String, V> sorted = new TreeMap<>();
    map.forEach(
        (id, value) ->
            sorted.put(
                requireNonNull(id, name + " must not hold a null id"),
                requireNonNull(value, name + " must not hold a null " + noun)));
    return sorted;
  }

  /**
   * Like {@link #recordLastUsed}, with the address written in the same statement as its instant:
   * still one batch in one transaction, no extra write.
   */
  @Override
  public void recordLastUse(Map<String, LastUse> uses) {
    requireNonNull(uses, "uses must not be null");
    if (uses.isEmpty()) {
      return;
    }
    TreeMap<String, LastUse> sorted = sortedById(uses, "uses", "use");
    try (Connection connection = dataSource.getConnection()) {
      inTransaction(
          connection,
          () -> {
            try (PreparedStatement statement = prepare(connection, table.recordLastUse)) {
              for (Map.Entry<String, LastUse> entry : sorted.entrySet()) {
                OffsetDateTime at = TokenTable.utc(entry.getValue().at());
                statement.setObject(1, at);
                statement.setString(2, entry.getValue().address().orElse(null));
                statement.setString(3, entry.getKey());
                statement.setObject(4, at);
                statement.addBatch();
              }
              statement.executeBatch();
            }
            return null;
          });
    } catch (SQLException e) {
      throw SqlFailures.translate("record last use of tokens", e);
    }
  }

  @Override
  public List<ExpiringToken> findExpiring(
      Instant from, Instant until, Optional<ExpiringToken> after, int limit) {
    requireNonNull(from, "from must not be null");
    requireNonNull(until, "until must not be null");
    requireNonNull(after, "after must not be null");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, table.findExpiring(after.isPresent()))) {
      TokenTable.bindFindExpiring(statement, from, until, after, limit);
      List<ExpiringToken> found = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          found.add(TokenTable.readExpiring(rows));
        }
      }
      return found;
    } catch (SQLException e) {
      throw SqlFailures.translate("find expiring tokens", e);
    }
  }

  /** One conditional {@code UPDATE}; the claim is won when it changed the row. */
  @Override
  public boolean claimExpiryNotice(String id, Instant expiresAt, Instant noticeAt) {
    requireNonNull(id, "id must not be null");
    requireNonNull(expiresAt, "expiresAt must not be null");
    requireNonNull(noticeAt, "noticeAt must not be null");
    try (Connection connection = dataSource.getConnection()) {
      return inTransaction(
          connection,
          () -> {
            try (PreparedStatement statement = prepare(connection, table.claimExpiryNotice)) {
              OffsetDateTime notice = TokenTable.utc(noticeAt);
              statement.setObject(1, notice);
              statement.setString(2, id);
              statement.setObject(3, TokenTable.utc(expiresAt));
              statement.setObject(4, notice);
              return statement.executeUpdate() == 1;
            }
          });
    } catch (SQLException e) {
      throw SqlFailures.translate("claim an expiry notice", e);
    }
  }

  @Override
  public List<StoredToken> findIdle(Instant activeBefore, Optional<String> afterId, int limit) {
    requireNonNull(activeBefore, "activeBefore must not be null");
    requireNonNull(afterId, "afterId must not be null");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = prepare(connection, table.findIdle(afterId.isPresent()))) {
      int i = 1;
      statement.setObject(i++, TokenTable.utc(activeBefore));
      if (afterId.isPresent()) {
        statement.setString(i++, afterId.get());
      }
      statement.setLong(i, limit);
      try (ResultSet rows = statement.executeQuery()) {
        return TokenTable.readAll(rows);
      }
    } catch (SQLException e) {
      throw SqlFailures.translate("find idle tokens", e);
    }
  }

  /**
   * Drops ids from this store's own cache once a change is over, committed or not: its own
   * notification would do it a moment later, and an outcome that is not known (a lost connection
   * during commit) must not leave an entry behind.
   */
  private void forget(List<String> ids) {
    if (cache != null) {
      cache.invalidate(ids);
    }
  }

  /**
   * Stops the record cache's listener and refresher and closes the listener's connection; the store
   * keeps working without the cache. Does nothing when the cache is off. The data sources are the
   * host's to close.
   */
  @Override
  public void close() {
    if (listener != null) {
      refresher.close();
      listener.close();
    }
  }

  private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      // Set it only when it differs: H2 keeps the timeout per session and runs a SET command on
      // every setQueryTimeout (about 15 µs, three times a primary-key SELECT), while a statement
      // of a driver that keeps it per statement (PostgreSQL) reports 0 here and gets it set.
      if (appliesQueryTimeout(dialectOf(connection))
          && statement.getQueryTimeout() != queryTimeoutSeconds) {
        statement.setQueryTimeout(queryTimeoutSeconds);
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  /**
   * Whether statements get the query timeout. On H2 a query timeout belongs to the session, so it
   * would stay on a pooled connection and cut off the host's own later statements on it: there it
   * is set only when the host asked for it with {@link Builder#queryTimeout(Duration)}.
   */
  private boolean appliesQueryTimeout(JdbcDialect of) {
    return queryTimeoutSet || of != JdbcDialect.H2;
  }

  /** The dialect, detected from the connection in hand if not known yet (no second borrow). */
  private JdbcDialect dialectOf(Connection connection) throws SQLException {
    JdbcDialect known = dialect;
    if (known == null) {
      known = JdbcDialect.detect(connection.getMetaData());
      dialect = known;
    }
    return known;
  }

  /** Work done on one connection inside a transaction. */
  @FunctionalInterface
  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  /**
   * Runs work in a transaction on the connection: commits if it returns, rolls back if it throws,
   * and gives the connection back in the auto-commit mode it came in. Every write goes through
   * here, so writes are committed also when the data source hands out connections with auto-commit
   * off.
   */
  private static <T> T inTransaction(Connection connection, SqlWork<T> work) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    if (autoCommit) {
      connection.setAutoCommit(false);
    }
    try {
      T result = work.run();
      connection.commit();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    } finally {
      if (autoCommit) {
        try {
          connection.setAutoCommit(true);
        } catch (SQLException ignored) {
          // The connection is broken; closing it is all that is left, and the caller does that.
        }
      }
    }
  }

  /** Shows the table and dialect; never connection details or credentials. */
  @Override
  public String toString() {
    JdbcDialect known = dialect;
    return "JdbcTokenStore[table="
        + table.name
        + ", dialect="
        + (known == null ? "(not yet detected)" : known.name())
        + "]";
  }

  /**
   * Configures a {@link JdbcTokenStore}. Each setter checks its argument at once; {@link #build()}
   * checks that a data source was given.
   */
  public static final class Builder {

    private static final Pattern TABLE_PREFIX = Pattern.compile("([a-z][a-z0-9_]{0,29})?");
    private static final Duration MAX_TIMEOUT = Duration.ofHours(1);

    private DataSource dataSource;
    private JdbcDialect dialect;
    private String tablePrefix = SchemaScript.DEFAULT_PREFIX;
    private boolean createTables;
    private int queryTimeoutSeconds = 5;
    private boolean queryTimeoutSet;
    private Duration maxStaleness;
    private long cacheMaximumEntries = 100_000;
    private long cacheMaximumBytes = 64L * 1024 * 1024;
    private DataSource listenerDataSource;

    private Builder() {}

    /**
     * Turns on the record cache (PostgreSQL only): records this store has found by id are kept in
     * memory, so a verification of a recently seen token reads no database. The secret is still
     * checked against the cached hash on every verification, so a cached id never accepts another
     * secret. Every committed update and delete of a token row, made through any {@code
     * JdbcTokenStore} or by hand-written SQL, is announced with {@code NOTIFY} in its own
     * transaction by the triggers of schema version 4 ({@code V4__tokenry_change_trigger.sql}), and
     * a dedicated listening connection drops the entry on every process within milliseconds. No
     * entry is served older than {@code maxStaleness}, counted from the moment its database read
     * began, notification or not; and while the listening connection is lost or has not proved
     * recently that it hears every change, the cache serves nothing and every verification reads
     * the database. Unknown ids are never cached. Off by default; docs/jdbc.md, "Record cache",
     * says what happens in each failure.
     *
     * <pre>{@code
     * JdbcTokenStore store = JdbcTokenStore.builder()
     *     .dataSource(pool)
     *     .cacheRecords(Duration.ofSeconds(1))
     *     .listenerDataSource(driverDataSource)   // optional: keeps the listener out of the pool
     *     .build();
     * }</pre>
     *
     * <p>Needs {@code com.github.ben-manes.caffeine:caffeine} and the PostgreSQL driver on the
     * class path. Close the store ({@link JdbcTokenStore#close()}) to stop the listener.
     *
     * @param maxStaleness the longest a cached record is served, between 10 milliseconds and 10
     *     minutes
     * @return this builder
     * @throws IllegalArgumentException if the bound is outside that range
     */
    public Builder cacheRecords(Duration maxStaleness) {
      requireNonNull(maxStaleness, "maxStaleness must not be null");
      if (maxStaleness.compareTo(Duration.ofMillis(10)) < 0
          || maxStaleness.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException(
            "maxStaleness must be between 10 milliseconds and 10 minutes, was " + maxStaleness);
      }
      this.maxStaleness = maxStaleness;
      return this;
    }

    /**
     * Bounds the record cache: at most {@code maximumEntries} records and about {@code
     * maximumBytes} of memory (each record is weighed by its strings plus a fixed part, and at
     * least {@code maximumBytes / maximumEntries}); the least valuable records are evicted past
     * either bound. 100,000 records and 64 MiB by default.
     *
     * @param maximumEntries at least 1
     * @param maximumBytes at least 1 MiB
     * @return this builder
     * @throws IllegalArgumentException if a bound is out of range
     */
    public Builder cacheLimits(long maximumEntries, long maximumBytes) {
      if (maximumEntries < 1) {
        throw new IllegalArgumentException(
            "maximumEntries must be at least 1, was " + maximumEntries);
      }
      if (maximumBytes < 1024 * 1024) {
        throw new IllegalArgumentException(
            "maximumBytes must be at least 1 MiB (1048576), was " + maximumBytes);
      }
      this.cacheMaximumEntries = maximumEntries;
      this.cacheMaximumBytes = maximumBytes;
      return this;
    }

    /**
     * Sets where the record cache's listener takes its one long-lived connection; the store's data
     * source by default. Give a plain driver data source (such as {@code PGSimpleDataSource}) to
     * keep that connection out of the host's pool, and set its socket and connect timeouts: the
     * listener holds the connection for as long as it works.
     *
     * @param listenerDataSource a data source of the same PostgreSQL database
     * @return this builder
     */
    public Builder listenerDataSource(DataSource listenerDataSource) {
      this.listenerDataSource =
          requireNonNull(listenerDataSource, "listenerDataSource must not be null");
      return this;
    }

    /**
     * Sets where connections come from. Required. The store takes a connection for each call and
     * closes it before returning, so a pool is recommended for throughput but not needed.
     *
     * @param dataSource the data source
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = requireNonNull(dataSource, "dataSource must not be null");
      return this;
    }

    /**
     * Sets the dialect instead of detecting it from the connection's metadata on first use.
     *
     * @param dialect the dialect
     * @return this builder
     */
    public Builder dialect(JdbcDialect dialect) {
      this.dialect = requireNonNull(dialect, "dialect must not be null");
      return this;
    }

    /**
     * Sets the prefix of the table, constraint and index names; {@code tokenry_} by default, giving
     * the table {@code tokenry_tokens}. Lower-case letters, digits and {@code _}, starting with a
     * letter, at most 30 characters; or empty.
     *
     * @param tablePrefix the prefix
     * @return this builder
     * @throws IllegalArgumentException if the prefix does not have that form
     */
    public Builder tablePrefix(String tablePrefix) {
      requireNonNull(tablePrefix, "tablePrefix must not be null");
      if (!TABLE_PREFIX.matcher(tablePrefix).matches()) {
        throw new IllegalArgumentException(
            "tablePrefix must be lower-case letters, digits and '_',"
                + " starting with a letter, at most 30 characters (or empty), was '"
                + printable(tablePrefix)
                + "'");
      }
      this.tablePrefix = tablePrefix;
      return this;
    }

    /**
     * Whether {@link #build()} creates the table and index when they are missing, by running the
     * dialect's schema file. Off by default: production schemas usually belong to the host's
     * migrations, which can copy the file.
     *
     * @param create true to create missing tables on start
     * @return this builder
     */
    public Builder createTablesIfMissing(boolean create) {
      this.createTables = create;
      return this;
    }

    /**
     * Sets how long one statement may run before the driver cancels it and the call fails with
     * {@link TokenStoreUnavailableException}; 5 seconds by default. JDBC counts whole seconds, so
     * it is rounded up. On H2 a query timeout belongs to the whole session and stays on a pooled
     * connection for the host's later statements too, so on H2 it is applied only when set here
     * (H2's own {@code LOCK_TIMEOUT} still bounds lock waits). How long getting a connection may
     * take is the data source's setting (for example HikariCP's {@code connectionTimeout},
     * PostgreSQL's {@code connectTimeout}). A query timeout cannot end a call against a frozen
     * server (pgjdbc sends its cancel request to that same server): only the driver's socket
     * timeout can, pgjdbc's {@code socketTimeout} or H2's {@code NETWORK_TIMEOUT}; docs/jdbc.md,
     * "Bounded answers when the database stalls", gives settings that bound every call to 5 s.
     *
     * @param timeout between 1 second and 1 hour
     * @return this builder
     * @throws IllegalArgumentException if the timeout is outside that range
     */
    public Builder queryTimeout(Duration timeout) {
      requireNonNull(timeout, "queryTimeout must not be null");
      if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
        throw new IllegalArgumentException(
            "queryTimeout must be between 1 second and 1 hour, was " + timeout);
      }
      long seconds = timeout.getSeconds() + (timeout.getNano() > 0 ? 1 : 0);
      this.queryTimeoutSeconds = (int) seconds;
      this.queryTimeoutSet = true;
      return this;
    }

    /**
     * Builds the store. With {@link #createTablesIfMissing(boolean) createTablesIfMissing(true)} it
     * connects now, detects the dialect if none was set, and creates what is missing. With the
     * record cache on it connects now, learns the dialect if none was set, checks that the table
     * has the change triggers, and starts the cache's listener thread.
     *
     * @return the store, thread-safe
     * @throws IllegalStateException if no data source was set, or the record cache is on and the
     *     database is not PostgreSQL, the table lacks the change triggers of schema version 4, or
     *     Caffeine or the PostgreSQL driver is missing
     * @throws TokenStoreUnavailableException if tables are to be created, the dialect detected or
     *     the record cache is on, and the database cannot answer
     */
    public JdbcTokenStore build() {
      if (dataSource == null) {
        throw new IllegalStateException(
            "dataSource is required: call dataSource(...) before build()");
      }
      if (listenerDataSource != null && maxStaleness == null) {
        throw new IllegalStateException(
            "listenerDataSource is for the record cache: call cacheRecords(...) too, or leave it out");
      }
      if (maxStaleness != null) {
        requireOnClassPath(
            "com.github.benmanes.caffeine.cache.Caffeine",
            "com.github.ben-manes.caffeine:caffeine");
        requireOnClassPath("org.postgresql.PGConnection", "org.postgresql:postgresql");
      }
      JdbcTokenStore store = new JdbcTokenStore(this);
      if (createTables) {
        store.createTablesIfMissing();
      }
      if (maxStaleness != null) {
        JdbcDialect chosen = store.dialect();
        if (chosen != JdbcDialect.POSTGRESQL) {
          throw new IllegalStateException(
              "cacheRecords needs PostgreSQL: the cache learns of changes through LISTEN/NOTIFY,"
                  + " which "
                  + chosen.name()
                  + " does not have; leave the cache off on "
                  + chosen.name());
        }
        store.requireChangeTriggers();
        store.listener.start();
        store.refresher.start();
      }
      return store;
    }

    private static void requireOnClassPath(String className, String artifact) {
      try {
        Class.forName(className, false, JdbcTokenStore.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(
            "cacheRecords needs " + artifact + " on the class path; add it as a dependency", e);
      }
    }

    private static String printable(String value) {
      String cut = value.length() > 40 ? value.substring(0, 40) + "…" : value;
      return cut.replaceAll("\\p{Cntrl}", "?");
    }
  }
}
