package dev.tokenry.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.tokenry.TokenLifecycleContract;
import dev.tokenry.spi.TokenStore;
import dev.tokenry.testsupport.PostgresServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The lifecycle contract on a real PostgreSQL server: a fresh database per test, and the second
 * instance of the racing tests on its own connection pool and store over the same database, as a
 * second process would be.
 */
class PostgresLifecycleTest extends TokenLifecycleContract {

  private final List<HikariDataSource> pools = new ArrayList<>();
  private PGSimpleDataSource database;

  @Override
  protected TokenStore createStore() {
    database = PostgresServer.shared().newDatabase();
    return JdbcTokenStore.builder().dataSource(pool()).createTablesIfMissing(true).build();
  }

  @Override
  protected TokenStore sameData(TokenStore store) {
    return JdbcTokenStore.builder().dataSource(pool()).build();
  }

  private HikariDataSource pool() {
    HikariDataSource pool = Pools.pooled(database);
    pools.add(pool);
    return pool;
  }

  @AfterEach
  void closePools() {
    pools.forEach(HikariDataSource::close);
  }
}
