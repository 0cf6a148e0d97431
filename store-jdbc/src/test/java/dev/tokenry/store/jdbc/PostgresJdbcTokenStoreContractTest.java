package dev.tokenry.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.tokenry.spi.TokenStore;
import dev.tokenry.spi.TokenStoreContract;
import dev.tokenry.testsupport.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole store contract on a real PostgreSQL server (see {@link PostgresServer}) through a
 * HikariCP pool, with the tables created by the store under a custom table prefix and the dialect
 * detected from the connection.
 */
class PostgresJdbcTokenStoreContractTest extends TokenStoreContract {

  private static HikariDataSource pool;

  @BeforeAll
  static void createDatabase() {
    pool = Pools.pooled(PostgresServer.shared().newDatabase());
    JdbcTokenStore.builder()
        .dataSource(pool)
        .tablePrefix("acme_auth_")
        .createTablesIfMissing(true)
        .build();
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  @Override
  protected TokenStore createStore() {
    return JdbcTokenStore.builder().dataSource(pool).tablePrefix("acme_auth_").build();
  }
}
