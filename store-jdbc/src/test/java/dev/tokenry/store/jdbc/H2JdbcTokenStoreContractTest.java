package dev.tokenry.store.jdbc;

import dev.tokenry.spi.TokenStore;
import dev.tokenry.spi.TokenStoreContract;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole store contract on H2, with the tables created by the store itself ({@code
 * createTablesIfMissing}) and the dialect detected from the connection.
 */
class H2JdbcTokenStoreContractTest extends TokenStoreContract {

  private static DataSource dataSource;

  @BeforeAll
  static void createDatabase() {
    dataSource = H2Databases.newDatabase();
  }

  @Override
  protected TokenStore createStore() {
    return JdbcTokenStore.builder().dataSource(dataSource).createTablesIfMissing(true).build();
  }
}
