package dev.tokenry.store.jdbc;

import dev.tokenry.spi.TokenStore;
import dev.tokenry.spi.TokenStoreContract;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole store contract on a real PostgreSQL server (see {@link PostgresServer}), with the
 * tables created by the store under a custom table prefix and the dialect detected from the
 * connection.
 */
class PostgresJdbcTokenStoreContractTest extends TokenStoreContract {

  private static DataSource dataSource;

  @BeforeAll
  static void createDatabase() {
    dataSource = PostgresServer.shared().newDatabase();
    JdbcTokenStore.builder().dataSource(dataSource).tablePrefix("acme_auth_")
        .createTablesIfMissing(true).build();
  }

  @Override
  protected TokenStore createStore() {
    return JdbcTokenStore.builder().dataSource(dataSource).tablePrefix("acme_auth_").build();
  }
}
