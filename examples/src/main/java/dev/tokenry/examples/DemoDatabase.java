package dev.tokenry.examples;

import dev.tokenry.spi.TokenStore;
import dev.tokenry.store.memory.InMemoryTokenStore;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGSimpleDataSource;

/** The demo's database: a DataSource for the JDBC URL given, and the token store on it. */
final class DemoDatabase implements AutoCloseable {

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
    if (url.startsWith("jdbc:h2:")) {
      // H2's own small pool keeps the file open while the app runs; dispose() closes it.
      JdbcConnectionPool pool =
          JdbcConnectionPool.create(url, options.jdbcUser(), options.jdbcPassword());
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
    return new DemoDatabase(pg, storeOn(pg), () -> { });
  }

  private static TokenStore storeOn(DataSource dataSource) {
    // TODO until the JDBC store is merged: keep tokens in memory.
    return new InMemoryTokenStore();
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
