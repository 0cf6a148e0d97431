package dev.tokenry.store.jdbc;

import static dev.tokenry.spi.TokenFixture.organizationToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tokenry.DuplicateTokenNameException;
import dev.tokenry.TokenConflictException;
import dev.tokenry.TokenNotFoundException;
import dev.tokenry.TokenStoreUnavailableException;
import dev.tokenry.TokenryException;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.TokenFixture;
import dev.tokenry.spi.TokenQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the JDBC store does beyond the contract, on H2: SQL, resources, schema, failures. */
class JdbcTokenStoreH2Test {

  private JdbcDataSource database;
  private CountingDataSource counting;
  private JdbcTokenStore store;
  private String org;

  @BeforeEach
  void setUp() {
    database = H2Databases.newDatabase();
    counting = new CountingDataSource(database);
    store = JdbcTokenStore.builder().dataSource(counting).createTablesIfMissing(true).build();
    org = TokenFixture.randomOrganizationId();
    counting.reset();
  }

  @Test
  void findWhenConnectionIsReusedThenItsStatementsStillCarryTheQueryTimeout() throws Exception {
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setDataSource(database);
    config.setMaximumPoolSize(1);
    try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config)) {
      JdbcTokenStore pooled =
          JdbcTokenStore.builder()
              .dataSource(pool)
              .queryTimeout(java.time.Duration.ofSeconds(7))
              .build();
      StoredToken token = organizationToken(org).name("Deploy").build();
      pooled.insert(token);

      // Asked for explicitly, it is applied: the first find sets it on the one pooled
      // connection's session, the second finds it set.
      assertThat(pooled.find(token.id())).isPresent();
      assertThat(pooled.find(token.id())).isPresent();

      try (Connection connection = pool.getConnection();
          PreparedStatement statement = connection.prepareStatement("SELECT 1")) {
        assertThat(statement.getQueryTimeout()).isEqualTo(7);
      }
    }
  }

  @Test
  void findWhenQueryTimeoutNotSetThenH2SessionOfPooledConnectionKeepsNone() throws Exception {
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setDataSource(database);
    config.setMaximumPoolSize(1);
    try (com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(config)) {
      JdbcTokenStore pooled = JdbcTokenStore.builder().dataSource(pool).build();
      StoredToken token = organizationToken(org).name("Deploy").build();
      pooled.insert(token);
      assertThat(pooled.find(token.id())).isPresent();

      // H2's timeout is the session's: the host's own statements on the connection must not
      // inherit the store's default.
      try (Connection connection = pool.getConnection();
          PreparedStatement statement = connection.prepareStatement("SELECT 1")) {
        assertThat(statement.getQueryTimeout()).isZero();
      }
    }
  }

  @Test
  void everyCallWhenDoneThenHoldsNoConnectionStatementOrResultSet() {
    StoredToken token = organizationToken(org).name("Deploy").build();
    store.insert(token);
    store.find(token.id());
    store.find("unknown");
    store.list(TokenQuery.organizationTokens(org, 1));
    StoredToken updated = store.update(TokenFixture.copyOf(token).description("x").build(), 1);
    assertThatThrownBy(() -> store.update(updated, 1)).isInstanceOf(TokenConflictException.class);
    assertThatThrownBy(() -> store.update(organizationToken(org).build(), 1))
        .isInstanceOf(TokenNotFoundException.class);
    assertThatThrownBy(() -> store.insert(organizationToken(org).name("deploy").build()))
        .isInstanceOf(DuplicateTokenNameException.class);
    assertThatThrownBy(() -> store.insert(token)).isInstanceOf(TokenryException.class);
    store.recordLastUsed(Map.of(token.id(), Instant.parse("2026-11-23T10:00:00Z")));
    store.deleteAll(List.of(token.id(), "other"));
    store.delete(token.id());

    assertThat(counting.connectionsOpened()).isGreaterThanOrEqualTo(12);
    assertThat(counting.connectionsOpen()).as("connections open").isZero();
    assertThat(counting.statementsOpen()).as("statements open").isZero();
    assertThat(counting.resultSetsOpen()).as("result sets open").isZero();
  }

  @Test
  void writesWhenDataSourceHandsOutManualCommitConnectionsThenCommitted() {
    javax.sql.DataSource manualCommit =
        (javax.sql.DataSource)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {javax.sql.DataSource.class},
                (proxy, method, args) -> {
                  Object result = method.invoke(database, args);
                  if (result instanceof Connection connection) {
                    connection.setAutoCommit(false);
                  }
                  return result;
                });
    JdbcTokenStore manual = JdbcTokenStore.builder().dataSource(manualCommit).build();
    StoredToken kept = organizationToken(org).name("Kept").build();
    StoredToken deleted = organizationToken(org).name("Deleted").build();
    StoredToken bulkDeleted = organizationToken(org).name("Bulk").build();

    manual.insert(kept);
    manual.insert(deleted);
    manual.insert(bulkDeleted);
    manual.update(TokenFixture.copyOf(kept).description("edited").build(), 1);
    manual.recordLastUsed(Map.of(kept.id(), Instant.parse("2026-11-23T11:00:00Z")));
    manual.delete(deleted.id());
    manual.deleteAll(List.of(bulkDeleted.id()));

    StoredToken found = store.find(kept.id()).orElseThrow();
    assertThat(found.token().description()).isEqualTo("edited");
    assertThat(found.token().lastUsedAt()).contains(Instant.parse("2026-11-23T11:00:00Z"));
    assertThat(store.find(deleted.id())).isEmpty();
    assertThat(store.find(bulkDeleted.id())).isEmpty();
  }

  @Test
  void insertWhenNameTakenThenDuplicateKeepsTheConstraintViolationAsCause() {
    store.insert(organizationToken(org).name("Deploy").build());

    Throwable thrown =
        catchThrowable(() -> store.insert(organizationToken(org).name("DEPLOY").build()));

    assertThat(thrown)
        .isInstanceOf(DuplicateTokenNameException.class)
        .hasMessage("A token named 'DEPLOY' already exists.")
        .cause()
        .isInstanceOf(SQLException.class);
    assertThat(((SQLException) thrown.getCause()).getSQLState()).isEqualTo("23505");
  }

  @Test
  void insertWhenSameNameFromTwoStoresAtOnceThenOneRowAndOneDuplicate() throws Exception {
    JdbcTokenStore other = JdbcTokenStore.builder().dataSource(database).build();
    for (int round = 0; round < 20; round++) {
      String name = "Race " + round;
      CyclicBarrier barrier = new CyclicBarrier(2);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<Throwable>> outcomes = new ArrayList<>();
        for (JdbcTokenStore each : List.of(store, other)) {
          outcomes.add(
              pool.submit(
                  () -> {
                    barrier.await();
                    return catchThrowable(
                        () -> each.insert(organizationToken(org).name(name).build()));
                  }));
        }
        List<Throwable> thrown = new ArrayList<>();
        for (Future<Throwable> outcome : outcomes) {
          thrown.add(outcome.get());
        }
        assertThat(thrown).filteredOn(t -> t == null).hasSize(1);
        assertThat(thrown)
            .filteredOn(t -> t != null)
            .singleElement()
            .isInstanceOf(DuplicateTokenNameException.class);
      } finally {
        pool.shutdownNow();
      }
      assertThat(rowsNamed(name)).isEqualTo(1);
    }
  }

  @Test
  void insertWhenDuplicateNameOrIdThenNoExceptionInTheChainQuotesTheHash() {
    String hash = "$sha256$" + "Q".repeat(43);
    StoredToken first = organizationToken(org).name("Deploy").secretHash(hash).build();
    store.insert(first);

    List<Throwable> thrown =
        List.of(
            catchThrowable(
                () -> store.insert(organizationToken(org).name("deploy").secretHash(hash).build())),
            catchThrowable(
                () -> store.insert(organizationToken(org).id(first.id()).secretHash(hash).build())),
            catchThrowable(
                () ->
                    store.insert(
                        organizationToken(org).name("x".repeat(201)).secretHash(hash).build())));

    assertThat(thrown)
        .allSatisfy(
            t -> {
              assertThat(t).isInstanceOf(TokenryException.class);
              java.io.StringWriter trace = new java.io.StringWriter();
              t.printStackTrace(new java.io.PrintWriter(trace));
              assertThat(trace.toString()).doesNotContain("Q".repeat(43));
            });
  }

  @Test
  void insertWhenIdTakenThenPlainTokenryExceptionNotDuplicateName() {
    StoredToken first = organizationToken(org).build();
    store.insert(first);

    Throwable thrown =
        catchThrowable(() -> store.insert(organizationToken(org).id(first.id()).build()));

    assertThat(thrown)
        .isExactlyInstanceOf(TokenryException.class)
        .hasMessage("A token with id " + first.id() + " already exists.");
  }

  @Test
  void updateWhenRowChangedMeanwhileThenConflictAndUnknownIdThenNotFound() {
    StoredToken token = organizationToken(org).build();
    store.insert(token);
    store.update(TokenFixture.copyOf(token).description("first").build(), 1);

    assertThatThrownBy(
            () -> store.update(TokenFixture.copyOf(token).description("late").build(), 1))
        .isInstanceOf(TokenConflictException.class);
    assertThatThrownBy(() -> store.update(organizationToken(org).build(), 1))
        .isInstanceOf(TokenNotFoundException.class);
    assertThat(counting.count("UPDATE", "version = version + 1")).isEqualTo(3);
  }

  @Test
  void listWhenNameFilterHoldsTheLikeEscapeCharacterThenMatchesItLiterally() {
    store.insert(organizationToken(org).name("Build!").build());
    store.insert(organizationToken(org).name("Build!%_x").build());
    store.insert(organizationToken(org).name("Builds").build());

    assertThat(names(filter("d!"))).containsExactlyInAnyOrder("Build!", "Build!%_x");
    assertThat(names(filter("!%_"))).containsExactly("Build!%_x");
    assertThat(names(filter("!!"))).isEmpty();
  }

  @Test
  void listWhenFilteredThenOneStatementWithParametersAndNoValueInTheSql() {
    store.insert(
        organizationToken(org).name("O'Brien; DROP TABLE tokenry_tokens").project("p1").build());
    counting.reset();

    List<StoredToken> found =
        store
            .list(
                new TokenQuery(
                    org,
                    true,
                    Optional.of("alice"),
                    Optional.of("p1"),
                    Optional.of("'brien; drop"),
                    10,
                    Optional.empty()))
            .tokens();

    assertThat(found).hasSize(1);
    assertThat(counting.executions())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.sql())
                    .doesNotContain(org)
                    .doesNotContain("brien")
                    .doesNotContain("alice")
                    .contains("ORDER BY created_at DESC, id DESC"));
  }

  @Test
  void instantsWhenJvmZoneIsNotUtcThenStoredAsUtcAndReadBackExactly() throws Exception {
    TimeZone original = TimeZone.getDefault();
    Instant created = Instant.parse("2026-03-29T01:30:00.123Z");
    StoredToken token =
        organizationToken(org)
            .createdAt(created)
            .expiresAt(Instant.parse("2026-10-25T02:30:00.999Z"))
            .build();
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
      store.insert(token);
      assertThat(store.find(token.id())).contains(token);
      TimeZone.setDefault(TimeZone.getTimeZone("America/Sao_Paulo"));
      assertThat(store.find(token.id())).contains(token);
    } finally {
      TimeZone.setDefault(original);
    }
    try (Connection connection = database.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT created_at FROM tokenry_tokens WHERE id = ?")) {
      statement.setString(1, token.id());
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        assertThat(rows.getObject(1, OffsetDateTime.class))
            .isEqualTo(OffsetDateTime.of(2026, 3, 29, 1, 30, 0, 123_000_000, ZoneOffset.UTC));
      }
    }
  }

  @Test
  void instantsWhenFinerThanMillisecondsThenTruncatedNotRounded() {
    StoredToken token =
        organizationToken(org).createdAt(Instant.parse("2026-01-01T00:00:00.123999999Z")).build();

    store.insert(token);

    assertThat(store.find(token.id()).orElseThrow().token().createdAt())
        .isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
  }

  @Test
  void recordLastUsedWhenManyTokensThenOneBatchOnOneConnection() {
    List<StoredToken> tokens = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      StoredToken token = organizationToken(org).build();
      store.insert(token);
      tokens.add(token);
    }
    Map<String, Instant> lastUsed = new java.util.HashMap<>();
    tokens.forEach(t -> lastUsed.put(t.id(), Instant.parse("2026-11-23T10:00:00Z")));
    counting.reset();

    store.recordLastUsed(lastUsed);

    assertThat(counting.connectionsOpened()).isEqualTo(1);
    assertThat(counting.batches()).isEqualTo(1);
    assertThat(counting.executions())
        .hasSize(50)
        .allMatch(
            e -> e.batched() && e.sql().startsWith("UPDATE tokenry_tokens SET last_used_at = ?"));
  }

  @Test
  void recordLastUsedWhenEmptyThenDoesNotConnect() {
    store.recordLastUsed(Map.of());

    assertThat(counting.connectionsOpened()).isZero();
  }

  @Test
  void createTablesIfMissingWhenRunTwiceThenKeepsTheData() {
    StoredToken token = organizationToken(org).build();
    store.insert(token);

    store.createTablesIfMissing();
    JdbcTokenStore.builder().dataSource(database).createTablesIfMissing(true).build();

    assertThat(store.find(token.id())).contains(token);
  }

  @Test
  void tablePrefixWhenDifferentThenSeparateTablesInOneDatabase() throws Exception {
    JdbcTokenStore acme =
        JdbcTokenStore.builder()
            .dataSource(database)
            .tablePrefix("acme_")
            .createTablesIfMissing(true)
            .build();
    StoredToken token = organizationToken(org).name("Deploy").build();

    acme.insert(token);
    store.insert(organizationToken(org).name("Deploy").build());

    assertThat(acme.find(token.id())).contains(token);
    assertThat(store.find(token.id())).isEmpty();
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES"
                    + " WHERE TABLE_NAME = 'ACME_TOKENS' ORDER BY INDEX_NAME")) {
      List<String> indexes = new ArrayList<>();
      while (rows.next()) {
        indexes.add(rows.getString(1));
      }
      assertThat(indexes)
          .anyMatch(i -> i.startsWith("ACME_TOKENS_NAME_UQ"))
          .contains("ACME_TOKENS_ORG_CREATED_IDX")
          .noneMatch(i -> i.startsWith("TOKENRY_"));
    }
  }

  @Test
  void everyCallWhenTableMissingThenUnavailableNeverNotFound() {
    JdbcTokenStore missing = JdbcTokenStore.builder().dataSource(H2Databases.newDatabase()).build();
    StoredToken token = organizationToken(org).build();

    List<Throwable> thrown =
        List.of(
            catchThrowable(() -> missing.find("abc")),
            catchThrowable(() -> missing.list(TokenQuery.organizationTokens(org, 10))),
            catchThrowable(() -> missing.insert(token)),
            catchThrowable(() -> missing.update(token, 1)),
            catchThrowable(() -> missing.delete("abc")),
            catchThrowable(() -> missing.deleteAll(List.of("abc"))),
            catchThrowable(() -> missing.recordLastUsed(Map.of("abc", Instant.EPOCH))));

    assertThat(thrown)
        .allSatisfy(
            t ->
                assertThat(t)
                    .isInstanceOf(TokenStoreUnavailableException.class)
                    .hasMessageContaining("the statement failed (SQL state 42")
                    .hasCauseInstanceOf(SQLException.class));
  }

  private List<StoredToken> filter(String text) {
    return store
        .list(
            new TokenQuery(
                org,
                true,
                Optional.empty(),
                Optional.empty(),
                Optional.of(text),
                10,
                Optional.empty()))
        .tokens();
  }

  private static List<String> names(List<StoredToken> tokens) {
    return tokens.stream().map(t -> t.token().name()).toList();
  }

  private int rowsNamed(String name) throws SQLException {
    try (Connection connection = database.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT COUNT(*) FROM tokenry_tokens WHERE organization_id = ? AND name = ?")) {
      statement.setString(1, org);
      statement.setString(2, name);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }
}
