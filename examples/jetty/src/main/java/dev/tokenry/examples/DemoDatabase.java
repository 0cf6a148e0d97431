package dev.tokenry.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tokenry.spi.TokenStore;
import dev.tokenry.store.jdbc.JdbcTokenStore;
import java.time.Duration;
import java.util.Locale;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The demo's database: a DataSource for the JDBC URL given, and the token store on it. A database
 * reached over the network (PostgreSQL, H2 over TCP) sits behind a bounded HikariCP pool with
 * connect, socket and pool-acquire timeouts, so that a frozen database server makes a request fail
 * with 503 within {@link #STALL_BOUND_SECONDS} seconds instead of hanging (docs/jdbc.md, "Bounded
 * answers when the database stalls").
 */
final class DemoDatabase implements AutoCloseable {

  /** The longest a request waits on a stalled database: pool acquire plus one socket read. */
  static final int STALL_BOUND_SECONDS = 5;

  /** How long a caller waits for a pooled connection. */
  static final long POOL_ACQUIRE_MILLIS = 2_000;

  /** How long one read from the database's socket may block (PostgreSQL and H2 over TCP). */
  static final int SOCKET_TIMEOUT_SECONDS = 3;

  /** How long opening a connection (TCP connect, then login) may take, each. */
  static final int CONNECT_TIMEOUT_SECONDS = 2;

  private static final int MAX_POOL_SIZE = 10;

  private final DataSource dataSource;
  private final TokenStore store;
  private final Runnable closer;

  private DemoDatabase(DataSource dataSource, TokenStore store, Runnable closer) {
    this.dataSource = dataSource;
    this.store = store;
    this.closer = closer;
  }

  static DemoDatabase open(AppOptions options) {
    String url = options.jdbcUrl();
    String upper = url.toUpperCase(Locale.ROOT);
    if (upper.startsWith("JDBC:H2:TCP:") || upper.startsWith("JDBC:H2:SSL:")) {
      // NETWORK_TIMEOUT is H2's client socket read timeout, in milliseconds; without it a frozen
      // H2 server holds every request for ever.
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL(
          upper.contains("NETWORK_TIMEOUT")
              ? url
              : url + ";NETWORK_TIMEOUT=" + SOCKET_TIMEOUT_SECONDS * 1_000);
      h2.setUser(options.jdbcUser());
      h2.setPassword(options.jdbcPassword());
      return pooled(h2, Duration.ZERO);
    }
    if (upper.startsWith("JDBC:H2:")) {
      // H2's own small pool keeps the file open while the app runs; dispose() closes it.
      // H2 closes a database from its own JVM shutdown hook by default, which races the app's
      // hook that writes the last-used times on Ctrl-C; the app closes it itself instead.
      String h2Url = upper.contains("DB_CLOSE_ON_EXIT") ? url : url + ";DB_CLOSE_ON_EXIT=FALSE";
      // H2 writes a commit to its file up to WRITE_DELAY (500 ms by default) later, so a token
      // answered 201 (or a revoke answered 204) was lost when the process was killed right after;
      // 0 writes it before the commit returns (KillNineIT).
      h2Url = upper.contains("WRITE_DELAY") ? h2Url : h2Url + ";WRITE_DELAY=0";
      JdbcConnectionPool pool =
          JdbcConnectionPool.create(h2Url, options.jdbcUser(), options.jdbcPassword());
      pool.setMaxConnections(MAX_POOL_SIZE);
      pool.setLoginTimeout((int) (POOL_ACQUIRE_MILLIS / 1_000));
      return new DemoDatabase(pool, storeOn(pool), pool::dispose);
    }
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setURL(url);
    if (!options.jdbcUser().isEmpty()) {
      pg.setUser(options.jdbcUser());
    }
    if (!options.jdbcPassword().isEmpty()) {
      pg.setPassword(options.jdbcPassword());
    }
    // Settings in the URL win; these are the bounded defaults of docs/jdbc.md.
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.contains("connecttimeout=")) {
      pg.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
    }
    if (!lower.contains("logintimeout=")) {
      pg.setLoginTimeout(CONNECT_TIMEOUT_SECONDS);
    }
    if (!lower.contains("sockettimeout=")) {
      pg.setSocketTimeout(SOCKET_TIMEOUT_SECONDS);
    }
    return pooled(pg, options.cacheMaxStaleness());
  }

  private static DemoDatabase pooled(DataSource driver, Duration cacheMaxStaleness) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("tokenry-demo");
    config.setDataSource(driver);
    config.setMaximumPoolSize(MAX_POOL_SIZE);
    config.setConnectionTimeout(POOL_ACQUIRE_MILLIS);
    config.setValidationTimeout(1_000);
    HikariDataSource pool = new HikariDataSource(config);
    try {
      if (cacheMaxStaleness.isZero()) {
        return new DemoDatabase(pool, storeOn(pool), pool::close);
      }
      // The record cache's listener takes its one long-lived connection from the driver, not
      // from the pool (docs/jdbc.md, "Record cache").
      JdbcTokenStore cached =
          JdbcTokenStore.builder()
              .dataSource(pool)
              .listenerDataSource(driver)
              .cacheRecords(cacheMaxStaleness)
              .createTablesIfMissing(true)
              .build();
      return new DemoDatabase(
          pool,
          cached,
          () -> {
            cached.close();
            pool.close();
          });
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  private static TokenStore storeOn(DataSource dataSource) {
    // The dialect is read from the connection; the tables are created on the first start.
    return JdbcTokenStore.builder().dataSource(dataSource).createTablesIfMissing(true).build();
  }

  DataSource dataSource() {
    return dataSource;
  }

  TokenStore store() {
    return store;
  }

  @Override
  public void close() {
    closer.run();
  }
}
