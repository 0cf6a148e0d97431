package dev.tokenry.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/** HikariCP pools in front of a test database, as most hosts run the store. */
final class Pools {

  private Pools() {}

  /**
   * Puts a pool in front of a data source, callers waiting at most two seconds for a connection.
   *
   * @param dataSource the driver data source
   * @return the pool; close it when done
   */
  static HikariDataSource pooled(DataSource dataSource) {
    return pooled(dataSource, 2_000);
  }

  /**
   * Puts a pool in front of a data source.
   *
   * @param dataSource the driver data source
   * @param connectionTimeoutMillis how long a caller waits for a connection, at least 250
   * @return the pool; close it when done
   */
  static HikariDataSource pooled(DataSource dataSource, long connectionTimeoutMillis) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(dataSource);
    config.setMaximumPoolSize(10);
    config.setConnectionTimeout(connectionTimeoutMillis);
    config.setValidationTimeout(1_000);
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }
}
