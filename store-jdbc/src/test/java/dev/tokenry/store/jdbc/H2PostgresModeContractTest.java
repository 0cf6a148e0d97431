package dev.tokenry.store.jdbc;

import dev.tokenry.spi.TokenStore;
import dev.tokenry.spi.TokenStoreContract;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole store contract on H2 in its PostgreSQL compatibility mode with lower-case identifiers,
 * as hosts often run their tests; the product is still H2, so the H2 dialect is detected.
 */
class H2PostgresModeContractTest extends TokenStoreContract {

  private static JdbcDataSource dataSource;

  @BeforeAll
  static void createDatabase() {
    dataSource = new JdbcDataSource();
    dataSource.setURL(
        "jdbc:h2:mem:pgmode"
            + System.nanoTime()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
    JdbcTokenStore.builder().dataSource(dataSource).createTablesIfMissing(true).build();
  }

  @Override
  protected TokenStore createStore() {
    return JdbcTokenStore.builder().dataSource(dataSource).build();
  }
}
