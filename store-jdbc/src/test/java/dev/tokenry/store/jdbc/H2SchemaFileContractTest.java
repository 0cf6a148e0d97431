package dev.tokenry.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.spi.TokenStore;
import dev.tokenry.spi.TokenStoreContract;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole store contract on an H2 database whose schema was made by running the shipped file
 * {@code db/tokenry/h2/V1__tokenry_tokens.sql} with H2's own script runner, as a host's migration
 * would; the store only uses it (explicit dialect, no table creation).
 */
class H2SchemaFileContractTest extends TokenStoreContract {

  private static DataSource dataSource;

  @BeforeAll
  static void applySchemaFile() throws Exception {
    dataSource = H2Databases.newDatabase();
    assertThat(JdbcDialect.H2.schemaResource()).isEqualTo("db/tokenry/h2/V1__tokenry_tokens.sql");
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String resource : JdbcDialect.H2.schemaResources()) {
        statement.execute("RUNSCRIPT FROM 'classpath:/" + resource + "'");
      }
    }
  }

  @Override
  protected TokenStore createStore() {
    return JdbcTokenStore.builder().dataSource(dataSource).dialect(JdbcDialect.H2).build();
  }
}
