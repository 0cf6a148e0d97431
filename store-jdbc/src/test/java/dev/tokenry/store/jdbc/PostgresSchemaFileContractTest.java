package dev.tokenry.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.tokenry.spi.TokenStore;
import dev.tokenry.spi.TokenStoreContract;
import dev.tokenry.testsupport.PostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The whole store contract on a real PostgreSQL database whose schema was made by running the
 * shipped files {@code db/tokenry/postgresql/V1__tokenry_tokens.sql} to {@code V4__…} in order with
 * {@code psql}, as a DBA or a migration tool would; the store only uses it (explicit dialect, no
 * table creation).
 */
class PostgresSchemaFileContractTest extends TokenStoreContract {

  private static HikariDataSource pool;

  @BeforeAll
  static void applySchemaFile() throws Exception {
    PostgresServer server = PostgresServer.shared();
    PGSimpleDataSource database = server.newDatabase();
    StringBuilder output = new StringBuilder();
    for (String resource : JdbcDialect.POSTGRESQL.schemaResources()) {
      Path file =
          Path.of(
              PostgresSchemaFileContractTest.class.getClassLoader().getResource(resource).toURI());
      output.append(server.psql(database.getDatabaseName(), file));
    }
    assertThat(output)
        .contains("CREATE TABLE")
        .contains("ALTER TABLE")
        .contains("CREATE INDEX")
        .contains("CREATE TRIGGER");
    pool = Pools.pooled(database);
  }

  @AfterAll
  static void closePool() {
    pool.close();
  }

  @Override
  protected TokenStore createStore() {
    return JdbcTokenStore.builder().dataSource(pool).dialect(JdbcDialect.POSTGRESQL).build();
  }
}
