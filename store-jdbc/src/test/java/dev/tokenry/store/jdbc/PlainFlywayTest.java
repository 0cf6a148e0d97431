package dev.tokenry.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import dev.tokenry.testsupport.PostgresServer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/**
 * Tokenry's schema files under plain Flyway (no Spring), beside a host's own {@code V1__…} with its
 * own history table, on H2 and on a real PostgreSQL: both histories apply whole, every Tokenry
 * {@code V*.sql} of the dialect's folder is applied (none named here), a second run applies
 * nothing, and the JDBC store works on the result.
 */
class PlainFlywayTest {

  private static final String HISTORY = "tokenry_schema_history";

  @Test
  void flywayWhenTheHostHasItsOwnV1ThenBothHistoriesApplyOnH2() throws Exception {
    check(H2Databases.newDatabase(), JdbcDialect.H2);
  }

  @Test
  void flywayWhenTheHostHasItsOwnV1ThenBothHistoriesApplyOnPostgres() throws Exception {
    check(PostgresServer.shared().newDatabase(), JdbcDialect.POSTGRESQL);
  }

  private static void check(DataSource dataSource, JdbcDialect dialect) throws Exception {
    MigrateResult host =
        Flyway.configure().dataSource(dataSource).locations("classpath:db/host").load().migrate();
    MigrateResult tokenry = tokenryFlyway(dataSource, dialect).migrate();

    assertThat(host.migrationsExecuted).isEqualTo(1);
    assertThat(tokenry.migrationsExecuted).isEqualTo(schemaFiles(dialect));
    assertThat(tokenryFlyway(dataSource, dialect).migrate().migrationsExecuted).isZero();
    assertThat(versions(dataSource, "flyway_schema_history")).containsExactly("1");
    assertThat(versions(dataSource, HISTORY)).startsWith("1").hasSize(schemaFiles(dialect));
    assertThat(versions(dataSource, HISTORY))
        .as("version 4, the change triggers, is PostgreSQL's alone")
        .containsExactlyElementsOf(
            dialect == JdbcDialect.POSTGRESQL
                ? List.of("1", "2", "3", "4")
                : List.of("1", "2", "3"));
    assertThat(dialect.schemaResources()).hasSize(schemaFiles(dialect));

    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(dataSource).build();
    try (Tokenry tokens = Tokenry.builder().store(store).build()) {
      String plaintext =
          tokens
              .issue(
                  Actor.system("acme"),
                  TokenRequest.builder()
                      .name("CI")
                      .type(TokenType.READ_ONLY)
                      .expiresIn(ExpiryPreset.ONE_DAY)
                      .build())
              .plaintext();
      assertThat(tokens.verify(plaintext)).isPresent();
    }
  }

  @Test
  void flywayWhenPostgresIsAtVersion3ThenAppliesVersion4AndTheCacheBuilds() throws Exception {
    DataSource dataSource = PostgresServer.shared().newDatabase();
    Flyway atVersion3 =
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:" + JdbcDialect.POSTGRESQL.schemaLocation())
            .table(HISTORY)
            .target("3")
            .load();
    assertThat(atVersion3.migrate().migrationsExecuted).isEqualTo(3);

    MigrateResult upgrade = tokenryFlyway(dataSource, JdbcDialect.POSTGRESQL).migrate();

    assertThat(upgrade.migrationsExecuted).isOne();
    assertThat(upgrade.targetSchemaVersion).isEqualTo("4");
    try (JdbcTokenStore cached =
        JdbcTokenStore.builder()
            .dataSource(dataSource)
            .dialect(JdbcDialect.POSTGRESQL)
            .cacheRecords(java.time.Duration.ofSeconds(1))
            .build()) {
      assertThat(cached.tableName()).isEqualTo("tokenry_tokens");
    }
  }

  private static Flyway tokenryFlyway(DataSource dataSource, JdbcDialect dialect) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:" + dialect.schemaLocation())
        .table(HISTORY)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load();
  }

  /** How many V files the dialect's folder holds: every one of them must be applied. */
  private static int schemaFiles(JdbcDialect dialect) throws IOException, URISyntaxException {
    Path folder =
        Path.of(
            PlainFlywayTest.class.getClassLoader().getResource(dialect.schemaLocation()).toURI());
    try (Stream<Path> files = Files.list(folder)) {
      return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    }
  }

  /** Flyway creates its history with quoted lower-case names on H2 and PostgreSQL alike. */
  private static List<String> versions(DataSource dataSource, String table) throws SQLException {
    List<String> versions = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT \"version\" FROM \""
                    + table
                    + "\" WHERE \"type\" = 'SQL' ORDER BY \"installed_rank\"")) {
      while (rows.next()) {
        versions.add(rows.getString(1));
      }
    }
    return versions;
  }
}
