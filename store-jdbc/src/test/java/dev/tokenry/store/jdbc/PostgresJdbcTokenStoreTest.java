package dev.tokenry.store.jdbc;

import static dev.tokenry.spi.TokenFixture.organizationToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import dev.tokenry.Actor;
import dev.tokenry.DuplicateTokenNameException;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.IssuedToken;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenStoreUnavailableException;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import dev.tokenry.spi.PageCursor;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.TokenFixture;
import dev.tokenry.spi.TokenQuery;
import dev.tokenry.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

/** The JDBC store on a real PostgreSQL server: several processes, locks, timeouts, plans. */
@Timeout(60)
class PostgresJdbcTokenStoreTest {

  private static PGSimpleDataSource database;
  private static HikariDataSource firstPool;
  private static HikariDataSource secondPool;

  @BeforeAll
  static void createDatabase() {
    database = PostgresServer.shared().newDatabase();
    JdbcTokenStore.builder().dataSource(database).createTablesIfMissing(true).build();
    firstPool = Pools.pooled(database);
    secondPool = Pools.pooled(database);
  }

  @AfterAll
  static void closePools() {
    firstPool.close();
    secondPool.close();
  }

  /** Two application instances: each its own pool and its own Tokenry, one shared database. */
  private static Tokenry instance(HikariDataSource pool) {
    return Tokenry.builder()
        .store(JdbcTokenStore.builder().dataSource(pool).build())
        .lastUsedFlushInterval(Duration.ofHours(1))
        .build();
  }

  private static IssuedToken issue(Tokenry tokenry, Actor actor, String name) {
    return tokenry.issue(
        actor,
        TokenRequest.builder()
            .name(name)
            .expiresIn(ExpiryPreset.SEVEN_DAYS)
            .type(TokenType.READ_ONLY)
            .build());
  }

  @Test
  void verifyWhenRevokedThroughAnotherInstanceThenRejectedOnTheNextVerification() {
    Actor admin = Actor.system(TokenFixture.randomOrganizationId());
    try (Tokenry first = instance(firstPool);
        Tokenry second = instance(secondPool)) {
      IssuedToken issued = issue(first, admin, "Revoked elsewhere");
      assertThat(second.verify(issued.plaintext())).isPresent();

      first.revoke(admin, issued.token().id());

      assertThat(second.verify(issued.plaintext())).isEmpty();
      assertThat(first.verify(issued.plaintext())).isEmpty();
    }
  }

  @Test
  void verifyWhenRegeneratedThroughAnotherInstanceThenOldSecretRejectedNewAccepted() {
    Actor admin = Actor.system(TokenFixture.randomOrganizationId());
    try (Tokenry first = instance(firstPool);
        Tokenry second = instance(secondPool)) {
      IssuedToken issued = issue(first, admin, "Regenerated elsewhere");
      assertThat(second.verify(issued.plaintext())).isPresent();

      IssuedToken regenerated = first.regenerate(admin, issued.token().id());

      assertThat(second.verify(issued.plaintext())).isEmpty();
      assertThat(second.verify(regenerated.plaintext()))
          .hasValueSatisfying(
              principal -> assertThat(principal.getName()).isEqualTo(issued.token().id()));
    }
  }

  @Test
  void insertWhenSameNameFromTwoInstancesAtOnceThenOneRowAndOneDuplicate() throws Exception {
    JdbcTokenStore first = JdbcTokenStore.builder().dataSource(firstPool).build();
    JdbcTokenStore second = JdbcTokenStore.builder().dataSource(secondPool).build();
    String org = TokenFixture.randomOrganizationId();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 25; round++) {
        String name = "Race " + round;
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<Future<Throwable>> outcomes = new ArrayList<>();
        for (JdbcTokenStore store : List.of(first, second)) {
          outcomes.add(
              threads.submit(
                  () -> {
                    barrier.await();
                    return catchThrowable(
                        () -> store.insert(organizationToken(org).name(name).build()));
                  }));
        }
        List<Throwable> thrown = new ArrayList<>();
        for (Future<Throwable> outcome : outcomes) {
          thrown.add(outcome.get(20, TimeUnit.SECONDS));
        }
        assertThat(thrown).filteredOn(t -> t == null).as("winners").hasSize(1);
        assertThat(thrown)
            .filteredOn(t -> t != null)
            .singleElement()
            .isInstanceOf(DuplicateTokenNameException.class);
        assertThat(
                count(
                    "SELECT COUNT(*) FROM tokenry_tokens WHERE organization_id = '"
                        + org
                        + "' AND name = '"
                        + name
                        + "'"))
            .isEqualTo(1);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void insertWhenDatabaseRefusesTheRowThenNoExceptionInTheChainQuotesTheHash() throws Exception {
    PGSimpleDataSource own = PostgresServer.shared().newDatabase();
    JdbcTokenStore store =
        JdbcTokenStore.builder().dataSource(own).createTablesIfMissing(true).build();
    try (Connection connection = own.getConnection();
        Statement statement = connection.createStatement()) {
      // A host's own rule: PostgreSQL reports its violation with "Failing row contains (...)".
      statement.execute(
          "ALTER TABLE tokenry_tokens ADD CONSTRAINT host_rule"
              + " CHECK (description <> 'refused')");
    }
    String hash = "$sha256$" + "Q".repeat(43);
    StoredToken token =
        organizationToken(TokenFixture.randomOrganizationId())
            .description("refused")
            .secretHash(hash)
            .build();

    Throwable thrown = catchThrowable(() -> store.insert(token));

    assertThat(thrown)
        .isExactlyInstanceOf(dev.tokenry.TokenryException.class)
        .hasMessage("The database refused to insert a token (SQL state 23514).");
    java.io.StringWriter trace = new java.io.StringWriter();
    thrown.printStackTrace(new java.io.PrintWriter(trace));
    assertThat(trace.toString())
        .contains("23514")
        .doesNotContain("Q".repeat(43))
        .doesNotContain("Failing row");
  }

  @Test
  void findWhenTableLockedLongerThanQueryTimeoutThenUnavailableAndAfterwardsFound()
      throws Exception {
    JdbcTokenStore store =
        JdbcTokenStore.builder().dataSource(firstPool).queryTimeout(Duration.ofSeconds(1)).build();
    StoredToken token = organizationToken(TokenFixture.randomOrganizationId()).build();
    store.insert(token);

    try (Connection locker = database.getConnection()) {
      locker.setAutoCommit(false);
      try (Statement statement = locker.createStatement()) {
        statement.execute("LOCK TABLE tokenry_tokens IN ACCESS EXCLUSIVE MODE");
      }

      Throwable thrown = catchThrowable(() -> store.find(token.id()));

      assertThat(thrown)
          .isInstanceOf(TokenStoreUnavailableException.class)
          .hasMessageContaining("unreachable or timed out (SQL state 57014)")
          .cause()
          .isInstanceOf(SQLException.class);
      locker.rollback();
    }
    assertThat(store.find(token.id())).contains(token);
  }

  @Test
  void findWhenConnectionKilledMidQueryThenUnavailableAndNextCallWorks() throws Exception {
    JdbcTokenStore store =
        JdbcTokenStore.builder().dataSource(firstPool).queryTimeout(Duration.ofSeconds(30)).build();
    StoredToken token = organizationToken(TokenFixture.randomOrganizationId()).build();
    store.insert(token);

    Throwable thrown;
    try (Connection locker = database.getConnection()) {
      locker.setAutoCommit(false);
      try (Statement statement = locker.createStatement()) {
        statement.execute("LOCK TABLE tokenry_tokens IN ACCESS EXCLUSIVE MODE");
      }
      CompletableFuture<Throwable> blocked =
          CompletableFuture.supplyAsync(() -> catchThrowable(() -> store.find(token.id())));
      int backend = waitForBackendWaitingOnLock();
      try (Connection admin = database.getConnection();
          PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
        kill.setInt(1, backend);
        kill.execute();
      }
      thrown = blocked.get(20, TimeUnit.SECONDS);
      locker.rollback();
    }

    assertThat(thrown)
        .isInstanceOf(TokenStoreUnavailableException.class)
        .hasMessageContaining("unreachable or timed out")
        .hasCauseInstanceOf(SQLException.class);
    assertThat(store.find(token.id())).contains(token);
  }

  @Test
  void listWhenOrganizationHasManyTokensThenPlannedOnTheOrganizationIndexWithoutSorting()
      throws Exception {
    String org = TokenFixture.randomOrganizationId();
    try (Connection connection = database.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO tokenry_tokens"
                    + " SELECT md5(? || n), 'tkr', 'Token ' || n, 'token ' || n, '', 'organization', ?,"
                    + " NULL, '', 'read-only', '*:read', 'x', TIMESTAMPTZ '2026-01-01 00:00:00+00'"
                    + " + n * INTERVAL '1 second', 'u', NULL, NULL, 1 FROM generate_series(1, 20000) n")) {
      insert.setString(1, org);
      insert.setString(2, org);
      insert.execute();
      try (Statement statement = connection.createStatement()) {
        statement.execute("ANALYZE tokenry_tokens");
      }
    }
    TokenTable table = new TokenTable("tokenry_");
    TokenQuery firstPage =
        new TokenQuery(
            org,
            true,
            Optional.of("alice"),
            Optional.empty(),
            Optional.empty(),
            20,
            Optional.empty());
    TokenQuery laterPage =
        new TokenQuery(
            org,
            true,
            Optional.of("alice"),
            Optional.empty(),
            Optional.empty(),
            20,
            Optional.of(new PageCursor(java.time.Instant.parse("2026-01-01T02:00:00Z"), "m")));

    for (TokenQuery query : List.of(firstPage, laterPage)) {
      assertThat(explain(table, query))
          .contains("Index Scan using tokenry_tokens_org_created_idx")
          .doesNotContain("Sort");
    }
    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(firstPool).build();
    // The token created at the cursor's instant has a hex id, below "m": it still follows.
    assertThat(store.list(laterPage).tokens())
        .hasSize(20)
        .first()
        .satisfies(
            t ->
                assertThat(t.token().createdAt())
                    .isEqualTo(java.time.Instant.parse("2026-01-01T02:00:00Z")));
  }

  private static String explain(TokenTable table, TokenQuery query) throws SQLException {
    List<String> plan = new ArrayList<>();
    try (Connection connection = database.getConnection();
        PreparedStatement explain = connection.prepareStatement("EXPLAIN " + table.list(query))) {
      table.bindList(explain, query);
      try (ResultSet rows = explain.executeQuery()) {
        while (rows.next()) {
          plan.add(rows.getString(1));
        }
      }
    }
    return String.join("\n", plan);
  }

  private static int waitForBackendWaitingOnLock() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      try (Connection connection = database.getConnection();
          Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT pid FROM pg_stat_activity"
                      + " WHERE wait_event_type = 'Lock' AND query LIKE 'SELECT id, token_prefix%'")) {
        if (rows.next()) {
          return rows.getInt(1);
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no backend started waiting on the lock");
  }

  private static int count(String sql) throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
