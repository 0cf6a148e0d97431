package dev.tokenry.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Schema version 4's triggers on a real PostgreSQL, watched from a LISTENing pgjdbc connection:
 * every committed change to a token row that matters for verification announces the row's id,
 * whoever makes it (here mostly hand-written SQL on a second connection, as an operator would); a
 * rolled-back change and the constant last-used and expiry-notice writes announce nothing.
 *
 * <p>Silence is proven without waiting on the clock: notifications from one session arrive in the
 * order of its commits, so when a change is followed by a committed "sentinel" change and the
 * sentinel's notification is the first to arrive, the change before it announced nothing.
 */
@Timeout(120)
class PostgresChangeTriggerTest {

  private static final Duration WITHIN = Duration.ofSeconds(10);

  /** The columns whose change no cache may miss: every column but the three below. */
  private static final List<String> WATCHED =
      List.of(
          "id",
          "token_prefix",
          "name",
          "name_key",
          "description",
          "kind",
          "organization_id",
          "project_id",
          "owner_id",
          "token_type",
          "permissions",
          "secret_hash",
          "created_at",
          "created_by",
          "expires_at",
          "version",
          "previous_secret_hash",
          "previous_secret_valid_until");

  /** Written all the time by the last-used write-behind and the expiry-notice sweep. */
  private static final List<String> EXCLUDED =
      List.of("last_used_at", "last_used_from", "expiry_notice_at");

  private static PGSimpleDataSource database;
  private static JdbcTokenStore store;

  private Connection listening;
  private Connection writing;

  @BeforeAll
  static void createDatabase() {
    database = PostgresServer.shared().newDatabase();
    store = JdbcTokenStore.builder().dataSource(database).createTablesIfMissing(true).build();
  }

  @BeforeEach
  void connect() throws SQLException {
    listening = database.getConnection();
    try (Statement statement = listening.createStatement()) {
      statement.execute("LISTEN tokenry_tokens_changes");
    }
    writing = database.getConnection();
  }

  @AfterEach
  void disconnect() throws SQLException {
    listening.close();
    writing.close();
  }

  @Test
  void updateByHandWhenExpiryOrSecretChangesThenTheIdIsAnnounced() throws Exception {
    String id = insert();

    sql("UPDATE tokenry_tokens SET expires_at = now() - INTERVAL '1 second' WHERE id = ?", id);
    assertThat(await(1)).containsExactly(id);
    sql("UPDATE tokenry_tokens SET secret_hash = '$sha256$replaced' WHERE id = ?", id);
    assertThat(await(1)).containsExactly(id);
  }

  @Test
  void updateByHandOfEachWatchedColumnThenTheIdIsAnnouncedEachTime() throws Exception {
    String id = insert();

    for (String column : WATCHED) {
      // Set to itself: the trigger fires on the column being written, changed or not.
      sql("UPDATE tokenry_tokens SET " + column + " = " + column + " WHERE id = ?", id);
      assertThat(await(1)).as(column).containsExactly(id);
    }
  }

  @Test
  void updateByHandWhenTheIdItselfChangesThenOldAndNewIdAreAnnounced() throws Exception {
    String id = insert();
    String renamed = TokenFixture.randomId();

    try (PreparedStatement statement =
        writing.prepareStatement("UPDATE tokenry_tokens SET id = ? WHERE id = ?")) {
      statement.setString(1, renamed);
      statement.setString(2, id);
      assertThat(statement.executeUpdate()).isOne();
    }

    assertThat(await(2)).containsExactlyInAnyOrder(id, renamed);
  }

  @Test
  void deleteByHandThenTheIdIsAnnounced() throws Exception {
    String id = insert();

    sql("DELETE FROM tokenry_tokens WHERE id = ?", id);

    assertThat(await(1)).containsExactly(id);
  }

  @Test
  void deleteOfManyRowsInOneStatementThenEveryIdIsAnnounced() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      ids.add(insert());
    }

    assertThat(store.deleteAll(ids)).isEqualTo(600);

    assertThat(await(600)).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  void truncateThenEveryEntryIsDroppedWithTheStar() throws Exception {
    // Its own database: truncating the shared one would empty the other tests' table.
    PGSimpleDataSource own = PostgresServer.shared().newDatabase();
    JdbcTokenStore.builder().dataSource(own).createTablesIfMissing(true).build();
    try (Connection ownListening = own.getConnection();
        Connection ownWriting = own.getConnection();
        Statement listen = ownListening.createStatement();
        Statement truncate = ownWriting.createStatement()) {
      listen.execute("LISTEN tokenry_tokens_changes");

      truncate.execute("TRUNCATE tokenry_tokens");

      assertThat(await(ownListening, 1)).containsExactly("*");
    }
  }

  @Test
  void changeWhenRolledBackThenNothingIsAnnouncedAndWhenCommittedOnlyThen() throws Exception {
    String rolledBack = insert();
    String committed = insert();
    writing.setAutoCommit(false);

    sql("UPDATE tokenry_tokens SET expires_at = now() WHERE id = ?", rolledBack);
    sql("DELETE FROM tokenry_tokens WHERE id = ?", rolledBack);
    writing.rollback();
    sql("DELETE FROM tokenry_tokens WHERE id = ?", committed);
    assertThat(poll(listening, Duration.ofMillis(300))).as("nothing before the commit").isEmpty();
    writing.commit();

    assertThat(await(1)).containsExactly(committed);
    assertThat(store.find(rolledBack)).isPresent();
  }

  @Test
  void lastUsedAndExpiryNoticeWritesThenNothingIsAnnounced() throws Exception {
    StoredToken token =
        TokenFixture.organizationToken("acme")
            .expiresAt(Instant.parse("2027-01-01T00:00:00Z"))
            .build();
    store.insert(token);
    String id = token.id();
    String sentinel = insert();

    sql(
        "UPDATE tokenry_tokens SET last_used_at = now(), last_used_from = '203.0.113.9'"
            + " WHERE id = ?",
        id);
    sql("UPDATE tokenry_tokens SET expiry_notice_at = now() WHERE id = ?", id);
    store.recordLastUsed(Map.of(id, Instant.parse("2026-12-01T00:00:00Z")));
    store.recordLastUse(
        Map.of(id, new LastUse(Instant.parse("2026-12-02T00:00:00Z"), Optional.of("192.0.2.1"))));
    assertThat(
            store.claimExpiryNotice(
                id, Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2026-12-25T00:00:00Z")))
        .isTrue();
    sql("UPDATE tokenry_tokens SET name = name WHERE id = ?", sentinel);

    assertThat(await(1)).as("the sentinel comes first").containsExactly(sentinel);
  }

  @Test
  void changeWhenTheSessionIsAReplicationReplicaThenStillAnnounced() throws Exception {
    String id = insert();
    try (Statement statement = writing.createStatement()) {
      statement.execute("SET session_replication_role = replica");
    }

    sql("UPDATE tokenry_tokens SET permissions = '*:read' WHERE id = ?", id);
    sql("DELETE FROM tokenry_tokens WHERE id = ?", id);

    assertThat(await(2)).containsExactly(id, id);
  }

  @Test
  void triggerColumnsWhenReadFromTheCatalogThenEveryColumnButTheLastUsedAndNoticeOnes()
      throws Exception {
    TreeSet<String> columns = new TreeSet<>();
    TreeSet<String> watched = new TreeSet<>();
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT column_name FROM information_schema.columns"
                  + " WHERE table_schema = current_schema() AND table_name = 'tokenry_tokens'")) {
        while (rows.next()) {
          columns.add(rows.getString(1));
        }
      }
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT a.attname FROM pg_trigger t JOIN pg_attribute a"
                  + " ON a.attrelid = t.tgrelid AND a.attnum = ANY (t.tgattr::int2[])"
                  + " WHERE t.tgrelid = to_regclass('tokenry_tokens')"
                  + " AND t.tgname = 'tokenry_tokens_changes'")) {
        while (rows.next()) {
          watched.add(rows.getString(1));
        }
      }
    }
    assertThat(columns).as("the table's columns").containsAll(EXCLUDED).containsAll(WATCHED);
    TreeSet<String> expected = new TreeSet<>(columns);
    EXCLUDED.forEach(expected::remove);

    // A column added to the table must be added to the trigger (in a new schema version) and
    // here, or a change to it would never reach the caches.
    assertThat(watched)
        .as("the columns the change trigger watches")
        .containsExactlyElementsOf(expected)
        .containsExactlyInAnyOrderElementsOf(WATCHED);
  }

  @Test
  void triggersWhenReadFromTheCatalogThenAfterRowDeleteAndUpdateAndStatementTruncateAlways()
      throws Exception {
    List<String> triggers = new ArrayList<>();
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT tgname, tgenabled, pg_get_triggerdef(oid) FROM pg_trigger"
                    + " WHERE tgrelid = to_regclass('tokenry_tokens') AND NOT tgisinternal"
                    + " ORDER BY tgname")) {
      while (rows.next()) {
        triggers.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3));
      }
    }

    assertThat(triggers).hasSize(2);
    assertThat(triggers.get(0))
        .startsWith("tokenry_tokens_changes A ")
        .contains("AFTER DELETE OR UPDATE OF id, token_prefix")
        .contains("FOR EACH ROW")
        .doesNotContain("INSERT");
    assertThat(triggers.get(1))
        .startsWith("tokenry_tokens_truncated A ")
        .contains("AFTER TRUNCATE")
        .contains("FOR EACH STATEMENT");
  }

  @Test
  void buildWithCacheWhenTheTableLacksTheTriggersThenRefusedNamingVersion4() throws Exception {
    PostgresServer server = PostgresServer.shared();
    PGSimpleDataSource old = server.newDatabase();
    for (String resource : JdbcDialect.H2.schemaResources()) {
      // The files versions 1 to 3 of PostgreSQL have, as a host that applied only those would.
      String file = resource.replace("/h2/", "/postgresql/");
      server.psql(
          old.getDatabaseName(), Path.of(getClass().getClassLoader().getResource(file).toURI()));
    }

    assertThatThrownBy(
            () ->
                JdbcTokenStore.builder()
                    .dataSource(old)
                    .dialect(JdbcDialect.POSTGRESQL)
                    .cacheRecords(Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tokenry_tokens_changes")
        .hasMessageContaining("V4__tokenry_change_trigger.sql");

    JdbcTokenStore.builder().dataSource(old).createTablesIfMissing(true).build();
    try (Connection connection = old.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE tokenry_tokens DISABLE TRIGGER tokenry_tokens_truncated");
    }
    assertThatThrownBy(
            () ->
                JdbcTokenStore.builder()
                    .dataSource(old)
                    .cacheRecords(Duration.ofSeconds(1))
                    .build())
        .as("a disabled trigger announces nothing either")
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("enabled always");

    try (JdbcTokenStore cached =
        JdbcTokenStore.builder()
            .dataSource(old)
            .createTablesIfMissing(true)
            .cacheRecords(Duration.ofSeconds(1))
            .build()) {
      assertThat(cached.cache()).as("createTablesIfMissing enables it again").isNotNull();
    }
  }

  /**
   * A fleet starting at once. Applied statement by statement, a starting process could find the
   * trigger replaced by another but not yet enabled always and refuse to start (seen here before
   * createTablesIfMissing ran the files in one transaction under an advisory lock).
   */
  @Test
  void buildWithCacheWhenManyProcessesCreateTheTablesAtOnceThenEveryOneStarts() throws Exception {
    for (int round = 0; round < 3; round++) {
      PGSimpleDataSource fresh = PostgresServer.shared().newDatabase();
      int starting = 6;
      java.util.concurrent.CyclicBarrier together =
          new java.util.concurrent.CyclicBarrier(starting);
      java.util.concurrent.ExecutorService threads =
          java.util.concurrent.Executors.newFixedThreadPool(starting);
      try {
        List<java.util.concurrent.Future<JdbcTokenStore>> stores = new ArrayList<>();
        for (int i = 0; i < starting; i++) {
          stores.add(
              threads.submit(
                  () -> {
                    together.await();
                    return JdbcTokenStore.builder()
                        .dataSource(fresh)
                        .createTablesIfMissing(true)
                        .cacheRecords(Duration.ofSeconds(1))
                        .build();
                  }));
        }
        for (java.util.concurrent.Future<JdbcTokenStore> started : stores) {
          started.get(60, java.util.concurrent.TimeUnit.SECONDS).close();
        }
      } finally {
        threads.shutdownNow();
      }
    }
  }

  private static String insert() {
    StoredToken token = TokenFixture.organizationToken("acme").build();
    store.insert(token);
    return token.id();
  }

  private void sql(String text, String id) throws SQLException {
    try (PreparedStatement statement = writing.prepareStatement(text)) {
      statement.setString(1, id);
      assertThat(statement.executeUpdate()).isOne();
    }
  }

  private List<String> await(int count) throws SQLException {
    return await(listening, count);
  }

  /** Waits until this many payloads (or more) have come on the channel, at most {@link #WITHIN}. */
  private static List<String> await(Connection connection, int count) throws SQLException {
    List<String> payloads = new ArrayList<>();
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (payloads.size() < count && System.nanoTime() < deadline) {
      payloads.addAll(poll(connection, Duration.ofMillis(200)));
    }
    return payloads;
  }

  private static List<String> poll(Connection connection, Duration wait) throws SQLException {
    List<String> payloads = new ArrayList<>();
    PGNotification[] received =
        connection.unwrap(PGConnection.class).getNotifications((int) wait.toMillis());
    if (received != null) {
      for (PGNotification notification : received) {
        assertThat(notification.getName()).isEqualTo("tokenry_tokens_changes");
        payloads.add(notification.getParameter());
      }
    }
    return payloads;
  }
}
