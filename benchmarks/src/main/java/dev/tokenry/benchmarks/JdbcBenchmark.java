package dev.tokenry.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tokenry.TokenHashers;
import dev.tokenry.TokenPrincipal;
import dev.tokenry.Tokenry;
import dev.tokenry.store.jdbc.JdbcTokenStore;
import dev.tokenry.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@link Tokenry#verify} through {@link JdbcTokenStore} against one prepared {@code SELECT} of the
 * same row by primary key (reading every column) on the same pooled {@link DataSource} (HikariCP,
 * as hosts run it). {@code jdbc} names the database and the rows in the table: H2 in memory with
 * 100,000 rows, and a PostgreSQL server this benchmark starts (test-support's {@link
 * PostgresServer}, with PostgreSQL's default 128 MB of shared buffers instead of the tests' 32 MB)
 * with 10,000, 100,000 and 1,000,000 rows. The 1,024 presented tokens are inserted through the
 * store; the other rows are generated in SQL.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class JdbcBenchmark {

  static final String SELECT =
      "SELECT id, token_prefix, name, name_key, description, kind,"
          + " organization_id, project_id, owner_id, token_type, permissions, secret_hash, created_at,"
          + " created_by, expires_at, last_used_at, version FROM tokenry_tokens WHERE id = ?";
  static final int SAMPLES = 1024;

  @Param({"h2-100000", "postgresql-10000", "postgresql-100000", "postgresql-1000000"})
  public String jdbc;

  PostgresServer postgres;
  HikariDataSource dataSource;
  Tokenry tokenry;
  String[] presented;
  String[] ids;
  int next;

  @Setup
  public void setUp() throws SQLException {
    String database = jdbc.substring(0, jdbc.indexOf('-'));
    int rows = Integer.parseInt(jdbc.substring(jdbc.indexOf('-') + 1));
    DataSource driver;
    if (database.equals("h2")) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:bench" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
      driver = h2;
    } else if (database.equals("postgresql")) {
      // Stopped by tearDown, or by the server's shutdown hook when a fork is killed.
      postgres = PostgresServer.startNew(Map.of("shared_buffers", "128MB"));
      PGSimpleDataSource postgresql = postgres.newDatabase();
      postgresql.setSocketTimeout(60);
      driver = postgresql;
    } else {
      throw new IllegalArgumentException("jdbc must be h2-<rows> or postgresql-<rows>: " + jdbc);
    }
    HikariConfig config = new HikariConfig();
    config.setDataSource(driver);
    config.setMaximumPoolSize(4);
    dataSource = new HikariDataSource(config);
    JdbcTokenStore store =
        JdbcTokenStore.builder().dataSource(dataSource).createTablesIfMissing(true).build();
    int samples = Math.min(SAMPLES, rows);
    presented =
        Fixtures.populate(
            store, samples, samples, TokenHashers.sha256(), TokenHashers.sha256(), null);
    ids = new String[samples];
    for (int i = 0; i < samples; i++) {
      ids[i] = Fixtures.FORMAT.parse(presented[i]).id();
    }
    fill(database, rows - samples);
    tokenry = Tokenry.builder().store(store).build();
    for (int i = 0; i < samples; i++) {
      if (tokenry.verify(presented[i]).isEmpty() || selectById(ids[i]) == null) {
        throw new IllegalStateException("fixture token does not verify");
      }
    }
  }

  /** Adds rows that are never presented, generated in SQL (fast even for a million). */
  private void fill(String database, int rows) throws SQLException {
    if (rows <= 0) {
      return;
    }
    String source =
        database.equals("h2")
            ? "SYSTEM_RANGE(1, " + rows + ") AS g(x)"
            : "generate_series(1, " + rows + ") AS g(x)";
    String n = "LPAD(CAST(x AS VARCHAR), 15, '0')";
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      // H2 keeps a query timeout per session: make sure nothing left on this pooled connection
      // cuts the long insert short.
      statement.setQueryTimeout(0);
      statement.execute(
          "INSERT INTO tokenry_tokens (id, token_prefix, name, name_key, description,"
              + " kind, organization_id, project_id, owner_id, token_type, permissions, secret_hash,"
              + " created_at, created_by, expires_at, last_used_at, version)"
              + " SELECT 'f' || "
              + n
              + ", 'tkr', 'filler ' || "
              + n
              + ", 'filler ' || "
              + n
              + ", '',"
              + " 'organization', 'acme', NULL, '', 'read-only', '*:read',"
              + " '$sha256$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', CURRENT_TIMESTAMP, 'system',"
              + " NULL, NULL, 1 FROM "
              + source);
      if (database.equals("postgresql")) {
        statement.execute("VACUUM ANALYZE tokenry_tokens");
      } else {
        statement.execute("ANALYZE");
      }
    }
  }

  @TearDown
  public void tearDown() {
    tokenry.close();
    dataSource.close();
    if (postgres != null) {
      postgres.close();
    }
  }

  private int next() {
    int i = next;
    next = i + 1 == ids.length ? 0 : i + 1;
    return i;
  }

  /** The baseline: one prepared SELECT by primary key, every column read. */
  String selectById(String id) throws SQLException {
    return selectById(id, 0);
  }

  String selectById(String id, int timeoutSeconds) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(SELECT)) {
      if (timeoutSeconds > 0 && statement.getQueryTimeout() != timeoutSeconds) {
        statement.setQueryTimeout(timeoutSeconds);
      }
      statement.setString(1, id);
      try (ResultSet row = statement.executeQuery()) {
        if (!row.next()) {
          return null;
        }
        String last = null;
        for (int column = 1; column <= 17; column++) {
          Object value = row.getObject(column);
          last = value == null ? last : value.toString();
        }
        return row.getString(12) + last;
      }
    }
  }

  @Benchmark
  public Optional<TokenPrincipal> verify(CpuTime cpu) {
    cpu.op();
    return tokenry.verify(presented[next()]);
  }

  @Benchmark
  public String selectById(CpuTime cpu) throws SQLException {
    cpu.op();
    return selectById(ids[next()]);
  }

  /**
   * Not a target: the baseline with the 5-second query timeout JdbcTokenStore sets by default, to
   * show what the timeout costs the driver (pgjdbc schedules a cancel task per statement).
   */
  @Benchmark
  public String selectByIdWithTimeout(CpuTime cpu) throws SQLException {
    cpu.op();
    return selectById(ids[next()], 5);
  }
}
