package dev.tokenry.store.jdbc;

import dev.tokenry.TokenLifecycleContract;
import dev.tokenry.spi.TokenStore;
import javax.sql.DataSource;

/**
 * The lifecycle contract on H2: a fresh database per test, and the second instance of the racing
 * tests on its own store object over the same database.
 */
class H2LifecycleTest extends TokenLifecycleContract {

  private DataSource database;

  @Override
  protected TokenStore createStore() {
    database = H2Databases.newDatabase();
    return JdbcTokenStore.builder().dataSource(database).createTablesIfMissing(true).build();
  }

  @Override
  protected TokenStore sameData(TokenStore store) {
    return JdbcTokenStore.builder().dataSource(database).build();
  }
}
