package dev.tokenry.store.jdbc;

import dev.tokenry.HostileInputContract;
import dev.tokenry.spi.TokenStore;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;

/** Hostile input to the Java API over the JDBC store on H2. */
class H2HostileInputTest extends HostileInputContract {

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
