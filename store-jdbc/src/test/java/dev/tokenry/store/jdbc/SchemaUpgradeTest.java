package dev.tokenry.store.jdbc;

import static dev.tokenry.spi.TokenFixture.organizationToken;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.spi.LastUse;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.TokenFixture;
import dev.tokenry.testsupport.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database made with schema version 1 only (the tables of an earlier release, holding tokens) is
 * brought to the latest version by {@code createTablesIfMissing}, which applies every versioned
 * file in order: the tokens stay and the new columns work. On H2 and on PostgreSQL, where a
 * database at version 3 also gets version 4's change triggers, under any table prefix.
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

  @Test
  void createTablesIfMissingWhenPostgresHasVersions1To3ThenAddsTheChangeTriggerAndKeepsTokens()
      throws Exception {
    PostgresServer server = PostgresServer.shared();
    PGSimpleDataSource database = server.newDatabase();
    for (String resource : JdbcDialect.POSTGRESQL.schemaResources().subList(0, 3)) {
      server.psql(
          database.getDatabaseName(),
          Path.of(SchemaUpgradeTest.class.getClassLoader().getResource(resource).toURI()));
    }
    String id = insertVersion1Row(database, "tokenry_tokens");
    assertThat(triggers(database, "tokenry_tokens")).isEmpty();

    JdbcTokenStore store =
        JdbcTokenStore.builder().dataSource(database).createTablesIfMissing(true).build();

    assertThat(store.find(id).orElseThrow().token().name()).isEqualTo("Old");
    assertThat(triggers(database, "tokenry_tokens"))
        .containsExactly("tokenry_tokens_changes", "tokenry_tokens_truncated");
    assertThat(announced(database, "tokenry_tokens", "UPDATE tokenry_tokens SET name = 'New'", id))
        .containsExactly(id);
    store.createTablesIfMissing();
    assertThat(triggers(database, "tokenry_tokens")).hasSize(2);
    assertThat(store.find(id).orElseThrow().token().name()).isEqualTo("New");
  }

  @Test
  void createTablesIfMissingWhenPostgresHasVersions1To3UnderAnotherPrefixThenTheTriggerUsesIt()
      throws Exception {
    PGSimpleDataSource database = PostgresServer.shared().newDatabase();
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      for (String resource : JdbcDialect.POSTGRESQL.schemaResources().subList(0, 3)) {
        for (String sql : SchemaScript.statements(SchemaScript.text(resource, "acme_"))) {
          statement.execute(sql);
        }
      }
    }
    String id = insertVersion1Row(database, "acme_tokens");

    JdbcTokenStore store =
        JdbcTokenStore.builder()
            .dataSource(database)
            .tablePrefix("acme_")
            .createTablesIfMissing(true)
            .build();

    assertThat(store.find(id)).isPresent();
    assertThat(triggers(database, "acme_tokens"))
        .containsExactly("acme_tokens_changes", "acme_tokens_truncated");
    assertThat(announced(database, "acme_tokens", "DELETE FROM acme_tokens", id))
        .containsExactly(id);
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT count(*) FROM pg_proc WHERE proname LIKE 'tokenry%'")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).as("no function under the default prefix").isZero();
    }
  }

  /** The non-internal triggers on a table, by name. */
  private static List<String> triggers(DataSource database, String table) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection connection = database.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(?)"
                    + " AND NOT tgisinternal AND tgenabled = 'A' ORDER BY tgname")) {
      statement.setString(1, table);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
    }
    return names;
  }

  /** Runs {@code change + " WHERE id = ?"} by hand and returns what the table's channel carried. */
  private static List<String> announced(DataSource database, String table, String change, String id)
      throws SQLException {
    try (Connection listening = database.getConnection();
        Connection writing = database.getConnection()) {
      try (Statement statement = listening.createStatement()) {
        statement.execute("LISTEN " + table + "_changes");
      }
      try (PreparedStatement statement = writing.prepareStatement(change + " WHERE id = ?")) {
        statement.setString(1, id);
        assertThat(statement.executeUpdate()).isOne();
      }
      List<String> payloads = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (payloads.isEmpty() && System.nanoTime() < deadline) {
        PGNotification[] received = listening.unwrap(PGConnection.class).getNotifications(200);
        if (received != null) {
          for (PGNotification notification : received) {
            payloads.add(notification.getParameter());
          }
        }
      }
      return payloads;
    }
  }

  private static String insertVersion1Row(DataSource database, String table) throws SQLException {
    String id = TokenFixture.randomId();
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO "
              + table
              + " (id, token_prefix, name, name_key, description, kind,"
              + " organization_id, project_id, owner_id, token_type, permissions, secret_hash,"
              + " created_at, created_by, expires_at, last_used_at, version) VALUES ('"
              + id
              + "', 'tkr', 'Old', 'old', '', 'organization', 'acme', NULL, '', 'read-only',"
              + " '*:read', '$sha256$x', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00',"
              + " 'olivia', NULL, NULL, 1)");
    }
    return id;
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
    if (dialect == JdbcDialect.POSTGRESQL) {
      assertThat(triggers(database, "tokenry_tokens"))
          .containsExactly("tokenry_tokens_changes", "tokenry_tokens_truncated");
    }
  }
}
