package dev.tokenry.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.tokenry.HostileInputContract;
import dev.tokenry.spi.TokenStore;
import dev.tokenry.testsupport.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Hostile input to the Java API over the JDBC store on a real PostgreSQL, which refuses a NUL in a
 * text parameter and timestamps outside its range instead of answering "not found".
 */
class PostgresHostileInputTest extends HostileInputContract {

  private static HikariDataSource pool;

  @BeforeAll
  static void createDatabase() {
    pool = Pools.pooled(PostgresServer.shared().newDatabase());
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  @Override
  protected TokenStore createStore() {
    return JdbcTokenStore.builder().dataSource(pool).createTablesIfMissing(true).build();
  }
}
