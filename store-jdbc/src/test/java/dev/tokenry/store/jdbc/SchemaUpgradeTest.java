package dev.tokenry.store.jdbc;

import static dev.tokenry.spi.TokenFixture.organizationToken;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.spi.LastUse;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.TokenFixture;
import dev.tokenry.testsupport.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A database made with schema version 1 only (the tables of an earlier release, holding tokens) is
 * brought to the latest version by {@code createTablesIfMissing}, which applies every versioned
 * file in order: the tokens stay and the new columns work. On H2 and on PostgreSQL.
 */
class SchemaUpgradeTest {

  @Test
  void createTablesIfMissingWhenH2HasVersion1OnlyThenAppliesVersion2AndKeepsTokens()
      throws Exception {
    DataSource database = H2Databases.newDatabase();
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("RUNSCRIPT FROM 'classpath:/" + JdbcDialect.H2.schemaResource() + "'");
    }
    upgradeAndCheck(database, JdbcDialect.H2);
  }

  @Test
  void createTablesIfMissingWhenPostgresHasVersion1OnlyThenAppliesVersion2AndKeepsTokens()
      throws Exception {
    PostgresServer server = PostgresServer.shared();
    var database = server.newDatabase();
    Path v1 =
        Path.of(
            getClass()
                .getClassLoader()
                .getResource(JdbcDialect.POSTGRESQL.schemaResource())
                .toURI());
    server.psql(database.getDatabaseName(), v1);
    upgradeAndCheck(database, JdbcDialect.POSTGRESQL);
  }

  private static void upgradeAndCheck(DataSource database, JdbcDialect dialect) throws Exception {
    // Written the way version 1 knew: no lifecycle columns in the statement.
    String id = TokenFixture.randomId();
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO tokenry_tokens (id, token_prefix, name, name_key, description, kind,"
              + " organization_id, project_id, owner_id, token_type, permissions, secret_hash,"
              + " created_at, created_by, expires_at, last_used_at, version) VALUES ('"
              + id
              + "', 'tkr', 'Old', 'old', '', 'organization', 'acme', NULL, '', 'read-only',"
              + " '*:read', '$sha256$x', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00',"
              + " 'olivia', NULL, NULL, 1)");
    }
    JdbcTokenStore store =
        JdbcTokenStore.builder()
            .dataSource(database)
            .dialect(dialect)
            .createTablesIfMissing(true)
            .build();
    StoredToken old = store.find(id).orElseThrow();
    assertThat(old.token().name()).isEqualTo("Old");
    assertThat(old.supersededSecret()).isEmpty();
    assertThat(old.token().lastUsedFrom()).isEmpty();

    Instant at = Instant.parse("2026-11-23T10:00:00.001Z");
    store.recordLastUse(Map.of(id, new LastUse(at, Optional.of("203.0.113.5"))));
    store.update(old.withNewSecret("$sha256$y", at), 1);
    StoredToken upgraded = store.find(id).orElseThrow();
    assertThat(upgraded.token().lastUsedFrom()).contains("203.0.113.5");
    assertThat(upgraded.supersededSecret().orElseThrow().validUntil()).isEqualTo(at);
    StoredToken expiring =
        organizationToken("acme").expiresAt(Instant.parse("2027-01-01T00:00:00Z")).build();
    store.insert(expiring);
    assertThat(
            store.claimExpiryNotice(
                expiring.id(),
                Instant.parse("2027-01-01T00:00:00Z"),
                Instant.parse("2026-12-25T00:00:00Z")))
        .isTrue();

    store.createTablesIfMissing();
    assertThat(store.find(id)).as("running the files again changes nothing").contains(upgraded);
  }
}
