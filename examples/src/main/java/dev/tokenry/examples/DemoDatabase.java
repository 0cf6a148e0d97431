package dev.tokenry.examples;

import dev.tokenry.spi.TokenStore;
import dev.tokenry.store.jdbc.JdbcTokenStore;
import java.util.Locale;
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
      // H2 closes a database from its own JVM shutdown hook by default, which races the app's
      // hook that writes the last-used times on Ctrl-C; the app closes it itself instead.
      String h2Url =
          url.toUpperCase(Locale.ROOT).contains("DB_CLOSE_ON_EXIT")
              ? url
              : url + ";DB_CLOSE_ON_EXIT=FALSE";
      JdbcConnectionPool pool =
          JdbcConnectionPool.create(h2Url, options.jdbcUser(), options.jdbcPassword());
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
    return new DemoDatabase(pg, storeOn(pg), () -> {});
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
