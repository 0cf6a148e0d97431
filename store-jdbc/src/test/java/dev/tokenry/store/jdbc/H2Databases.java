package dev.tokenry.store.jdbc;

import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;

/** Fresh H2 in-memory databases, one per call, kept until the JVM ends. */
final class H2Databases {

  private static final AtomicInteger COUNT = new AtomicInteger();

  private H2Databases() {}

  /**
   * Creates a new empty in-memory database.
   *
   * @return a data source for it (a new connection per call)
   */
  static JdbcDataSource newDatabase() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:tokenry" + COUNT.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    dataSource.setUser("sa");
    return dataSource;
  }
}
