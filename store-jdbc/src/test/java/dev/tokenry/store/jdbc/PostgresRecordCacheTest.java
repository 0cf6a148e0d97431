package dev.tokenry.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.IssuedToken;
import dev.tokenry.TestTokens;
import dev.tokenry.TokenPrincipal;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.TokenUpdate;
import dev.tokenry.Tokenry;
import dev.tokenry.spi.TokenFixture;
import dev.tokenry.testing.CapturedLogs;
import dev.tokenry.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two processes' worth of stores on one real PostgreSQL, each with its own pool, record cache and
 * listener: a change on A reaches B's cache through LISTEN/NOTIFY, and nothing B serves is ever
 * older than its bound, also when B's listener is killed or a change comes in without a
 * notification. Changes are announced by the table's triggers (schema version 4), so a change made
 * by hand-written SQL reaches the caches the same way.
 *
 * <p>Timing: a test that proves the push uses a bound of a minute and expects the rejection within
 * ten seconds, which only the notification can explain; a test that proves the bound verifies only
 * after the bound has passed, which holds however slow the machine is.
 */
@Timeout(120)
class PostgresRecordCacheTest {

  private static final Duration LONG_BOUND = Duration.ofMinutes(1);
  private static final Duration SHORT_BOUND = Duration.ofSeconds(1);
  private static final Duration PUSH_WITHIN = Duration.ofSeconds(10);

  private static PGSimpleDataSource database;

  private final List<Node> nodes = new ArrayList<>();
  private final Actor admin = Actor.system(TokenFixture.randomOrganizationId());

  @BeforeAll
  static void createDatabase() {
    database = PostgresServer.shared().newDatabase();
    JdbcTokenStore.builder().dataSource(database).createTablesIfMissing(true).build();
  }

  @AfterEach
  void closeNodes() {
    nodes.forEach(Node::close);
  }

  /** One application process: a pool, a store with the cache, and a Tokenry. */
  private static final class Node implements AutoCloseable {
    final HikariDataSource pool;
    final CountingDataSource counted;
    final JdbcTokenStore store;
    final Tokenry tokenry;

    Node(DataSource database, Duration maxStaleness, boolean listenerThroughPool) {
      pool = Pools.pooled(database, 1_000);
      counted = new CountingDataSource(pool);
      JdbcTokenStore.Builder builder =
          JdbcTokenStore.builder().dataSource(counted).cacheRecords(maxStaleness);
      if (!listenerThroughPool) {
        builder.listenerDataSource(database);
      }
      store = builder.build();
      tokenry = Tokenry.builder().store(store).lastUsedFlushInterval(Duration.ofHours(1)).build();
    }

    long reads() {
      return counted.count("SELECT", store.tableName());
    }

    /** Reads of one record: the lookups that missed the cache. */
    long singleReads() {
      return counted.count("SELECT", store.tableName() + " WHERE id = ?");
    }

    /** The refresher's batched reads. */
    long refreshReads() {
      return counted.count("SELECT", "WHERE id = ANY");
    }

    Node awaitServing() {
      awaitTrue("the cache to serve", () -> store.cache().serving(), Duration.ofSeconds(20));
      return this;
    }

    @Override
    public void close() {
      tokenry.close();
      store.close();
      pool.close();
    }
  }

  private Node node(Duration maxStaleness) {
    return node(maxStaleness, false);
  }

  private Node node(Duration maxStaleness, boolean listenerThroughPool) {
    Node node = new Node(database, maxStaleness, listenerThroughPool);
    nodes.add(node);
    return node.awaitServing();
  }

  private IssuedToken issue(Node node, String name) {
    return node.tokenry.issue(
        admin,
        TokenRequest.builder()
            .name(name)
            .expiresIn(ExpiryPreset.THIRTY_DAYS)
            .type(TokenType.READ_ONLY)
            .build());
  }

  @Test
  void verifyWhenCachedThenSecondVerificationReadsNoDatabase() {
    Node a = node(LONG_BOUND);
    IssuedToken issued = issue(a, "Hot");

    assertThat(a.tokenry.verify(issued.plaintext())).isPresent();
    long reads = a.reads();
    for (int i = 0; i < 100; i++) {
      assertThat(a.tokenry.verify(issued.plaintext())).isPresent();
    }

    assertThat(a.reads()).isEqualTo(reads);
  }

  @Test
  void verifyWhenWrongSecretForCachedIdThenRejected() {
    Node b = node(LONG_BOUND);
    IssuedToken issued = issue(b, "Cached");
    assertThat(b.tokenry.verify(issued.plaintext())).isPresent();

    String forged = TestTokens.withRandomSecret(b.tokenry.prefix(), issued.token().id());

    assertThat(b.tokenry.verify(forged)).isEmpty();
    assertThat(b.tokenry.verify(issued.plaintext())).isPresent();
  }

  @Test
  void verifyWhenUnknownIdsPresentedThenNothingCached() {
    Node b = node(LONG_BOUND);
    for (int i = 0; i < 200; i++) {
      String unknown = TestTokens.withRandomSecret(b.tokenry.prefix(), String.format("%016d", i));
      assertThat(b.tokenry.verify(unknown)).isEmpty();
    }

    assertThat(b.store.cache().size()).isZero();
  }

  @Test
  void revokeOnAThenRejectedOnBByNotification() {
    Node a = node(LONG_BOUND);
    Node b = node(LONG_BOUND);
    IssuedToken issued = issue(a, "Revoked");
    assertThat(b.tokenry.verify(issued.plaintext())).isPresent();
    assertThat(b.tokenry.verify(issued.plaintext())).isPresent();

    a.tokenry.revoke(admin, issued.token().id());

    awaitTrue("B to reject", () -> b.tokenry.verify(issued.plaintext()).isEmpty(), PUSH_WITHIN);
  }

  @Test
  void revokeOnAThenRejectedOnBWhenBListensThroughItsPool() {
    Node a = node(LONG_BOUND);
    Node b = node(LONG_BOUND, true);
    IssuedToken issued = issue(a, "Pooled listener");
    assertThat(b.tokenry.verify(issued.plaintext())).isPresent();
    long reads = b.reads();
    assertThat(b.tokenry.verify(issued.plaintext())).isPresent();
    assertThat(b.reads()).isEqualTo(reads);

    a.tokenry.revoke(admin, issued.token().id());

    awaitTrue("B to reject", () -> b.tokenry.verify(issued.plaintext()).isEmpty(), PUSH_WITHIN);
  }

  @Test
  void revokeAllOnAThenAllRejectedOnB() {
    Node a = node(LONG_BOUND);
    Node b = node(LONG_BOUND);
    List<IssuedToken> issued = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      issued.add(issue(a, "Bulk " + i));
    }
    issued.forEach(t -> assertThat(b.tokenry.verify(t.plaintext())).isPresent());

    a.tokenry.revokeAll(admin, issued.stream().map(t -> t.token().id()).toList());

    awaitTrue(
        "B to reject all",
        () -> issued.stream().allMatch(t -> b.tokenry.verify(t.plaintext()).isEmpty()),
        PUSH_WITHIN);
  }

  @Test
  void regenerateOnAThenOldSecretRejectedAndNewAcceptedOnB() {
    Node a = node(LONG_BOUND);
    Node b = node(LONG_BOUND);
    IssuedToken issued = issue(a, "Rotated");
    assertThat(b.tokenry.verify(issued.plaintext())).isPresent();

    IssuedToken regenerated = a.tokenry.regenerate(admin, issued.token().id());

    awaitTrue(
        "B to reject the old secret",
        () -> b.tokenry.verify(issued.plaintext()).isEmpty(),
        PUSH_WITHIN);
    assertThat(b.tokenry.verify(regenerated.plaintext())).isPresent();
  }

  @Test
  void editOnAThenReflectedOnB() {
    Node a = node(LONG_BOUND);
    Node b = node(LONG_BOUND);
    IssuedToken issued =
        a.tokenry.issue(
            admin,
            TokenRequest.builder()
                .name("Edited")
                .expiresIn(ExpiryPreset.THIRTY_DAYS)
                .type(TokenType.CUSTOM)
                .permissions(List.of("contracts:read", "contracts:write"))
                .build());
    assertThat(b.tokenry.verify(issued.plaintext()).orElseThrow().allows("contracts:write"))
        .isTrue();

    a.tokenry.update(
        admin,
        issued.token().id(),
        TokenUpdate.builder()
            .type(TokenType.CUSTOM)
            .permissions(List.of("contracts:read"))
            .build());

    awaitTrue(
        "B to see the narrower permissions",
        () -> !b.tokenry.verify(issued.plaintext()).orElseThrow().allows("contracts:write"),
        PUSH_WITHIN);
  }

  @Test
  void expiryShortenedByHandWrittenSqlThenRejectedOnEveryInstanceByNotification() throws Exception {
    Node a = node(LONG_BOUND);
    Node b = node(LONG_BOUND);
    IssuedToken issued = issue(a, "Expired by hand");
    assertThat(a.tokenry.verify(issued.plaintext())).isPresent();
    assertThat(b.tokenry.verify(issued.plaintext())).isPresent();

    // An operator's SQL, outside any Tokenry store: the trigger announces it all the same.
    sql(
        "UPDATE "
            + b.store.tableName()
            + " SET expires_at = now() - INTERVAL '1 minute' WHERE id = ?",
        issued.token().id());

    awaitTrue("B to reject", () -> b.tokenry.verify(issued.plaintext()).isEmpty(), PUSH_WITHIN);
    awaitTrue("A to reject", () -> a.tokenry.verify(issued.plaintext()).isEmpty(), PUSH_WITHIN);
  }

  @Test
  void deleteByHandWrittenSqlThenRejectedOnBByNotification() throws Exception {
    Node b = node(LONG_BOUND);
    IssuedToken issued = issue(b, "Deleted by hand");
    assertThat(b.tokenry.verify(issued.plaintext())).isPresent();

    sql("DELETE FROM " + b.store.tableName() + " WHERE id = ?", issued.token().id());

    awaitTrue("B to reject", () -> b.tokenry.verify(issued.plaintext()).isEmpty(), PUSH_WITHIN);
  }

  @Test
  void deleteOnAThenRejectedOnB() {
    Node a = node(LONG_BOUND);
    Node b = node(LONG_BOUND);
    IssuedToken issued = issue(a, "Deleted");
    assertThat(b.tokenry.verify(issued.plaintext())).isPresent();

    assertThat(a.store.delete(issued.token().id())).isTrue();

    awaitTrue("B to reject", () -> b.tokenry.verify(issued.plaintext()).isEmpty(), PUSH_WITHIN);
  }

  @Test
  void changeWithoutNotificationThenServedNoLongerThanBound() throws Exception {
    Node b = node(SHORT_BOUND);
    IssuedToken issued = issue(b, "Missed");
    assertThat(b.tokenry.verify(issued.plaintext())).isPresent();

    // A change that announces nothing, as when a notification is lost.
    long changedAt = System.nanoTime();
    deleteUnannounced(b.store.tableName(), issued.token().id());

    sleepUntil(changedAt + SHORT_BOUND.toNanos());
    assertThat(b.tokenry.verify(issued.plaintext())).isEmpty();
  }

  @Test
  void verifyWhenHotForThreeBoundsThenReadOnceAndRefreshedInBatches() {
    Node b = node(SHORT_BOUND);
    IssuedToken issued = issue(b, "Hot");
    long before = b.singleReads();

    long until = System.nanoTime() + 3 * SHORT_BOUND.toNanos();
    while (System.nanoTime() < until) {
      assertThat(b.tokenry.verify(issued.plaintext())).isPresent();
      sleep(5);
    }

    assertThat(b.singleReads() - before)
        .as("one read, then the refresher keeps the entry (a loaded machine may miss a refresh)")
        .isBetween(1L, 3L);
    assertThat(b.refreshReads()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void hotTokenChangedWithoutNotificationThenRejectedWithinBound() throws Exception {
    Node b = node(SHORT_BOUND);
    IssuedToken issued = issue(b, "Hot and missed");
    long until = System.nanoTime() + SHORT_BOUND.toNanos();
    while (System.nanoTime() < until) {
      assertThat(b.tokenry.verify(issued.plaintext())).isPresent();
      sleep(5);
    }

    long changedAt = System.nanoTime();
    deleteUnannounced(b.store.tableName(), issued.token().id());
    // Kept hot: the refresher must not stretch the bound, it reads the row again and finds none.
    while (System.nanoTime() - changedAt < SHORT_BOUND.toNanos()) {
      b.tokenry.verify(issued.plaintext());
      sleep(5);
    }

    assertThat(b.tokenry.verify(issued.plaintext())).isEmpty();
  }

  @Test
  void triggerDisabledWhileRunningThenCacheStopsServingUntilItIsBack() throws Exception {
    try (CapturedLogs logs = new CapturedLogs()) {
      Node b = node(LONG_BOUND);
      IssuedToken issued = issue(b, "Watched");
      String table = b.store.tableName();
      try {
        ddl("ALTER TABLE " + table + " DISABLE TRIGGER " + table + "_changes");

        awaitTrue("the cache to stop serving", () -> !b.store.cache().serving(), PUSH_WITHIN);
        long reads = b.singleReads();
        assertThat(b.tokenry.verify(issued.plaintext())).isPresent();
        assertThat(b.tokenry.verify(issued.plaintext())).isPresent();
        assertThat(b.singleReads())
            .as("every verification reads the database")
            .isEqualTo(reads + 2);
      } finally {
        ddl("ALTER TABLE " + table + " ENABLE ALWAYS TRIGGER " + table + "_changes");
      }

      b.awaitServing();
      awaitTrue(
          "the recovery to be logged",
          () -> logs.lines().stream().anyMatch(line -> line.contains("found its change triggers")),
          PUSH_WITHIN);
      assertThat(logs.lines().stream().filter(line -> line.startsWith("ERROR")))
          .as("one ERROR however many heartbeats found the trigger disabled")
          .singleElement()
          .asString()
          .contains(table + "_changes", "V4__tokenry_change_trigger.sql");
    }
  }

  @Test
  void heartbeatForgedByAnotherSessionThenIgnoredAndListenerKeepsItsConnection() throws Exception {
    Node b = node(LONG_BOUND);
    int pid = b.store.listener().backendPid();
    String channel = b.store.tableName() + "_changes";
    // Any role that may connect can listen to the channel, learn the heartbeats' mark and notify.
    String mark;
    try (Connection spy = database.getConnection()) {
      try (Statement statement = spy.createStatement()) {
        statement.execute("LISTEN " + channel);
      }
      PGConnection pg = spy.unwrap(PGConnection.class);
      String seen = null;
      long deadline = System.nanoTime() + PUSH_WITHIN.toNanos();
      while (seen == null && System.nanoTime() < deadline) {
        PGNotification[] notifications = pg.getNotifications(500);
        if (notifications != null) {
          for (PGNotification notification : notifications) {
            if (notification.getParameter().startsWith("!")) {
              seen = notification.getParameter();
            }
          }
        }
      }
      assertThat(seen).as("a heartbeat seen by another session").isNotNull();
      mark = seen.substring(0, seen.lastIndexOf(':') + 1);
    }
    long future = System.nanoTime() + java.util.concurrent.TimeUnit.HOURS.toNanos(1);

    for (String forged : List.of(mark + future, mark + "not-a-number", "!" + future)) {
      ddl("NOTIFY " + channel + ", '" + forged + "'");
    }
    sleep(500);

    assertThat(b.store.listener().lastHeardSentAt())
        .as("a forged heartbeat extends nothing")
        .isLessThan(System.nanoTime() + 1);
    assertThat(b.store.listener().backendPid())
        .as("a malformed mark does not break the listener")
        .isEqualTo(pid);
    assertThat(b.store.cache().serving()).isTrue();
  }

  @Test
  void listenerOnAnotherDatabaseThenCacheNeverServes() throws Exception {
    PGSimpleDataSource elsewhere = PostgresServer.shared().newDatabase();
    JdbcTokenStore.builder().dataSource(elsewhere).createTablesIfMissing(true).build();
    try (CapturedLogs logs = new CapturedLogs();
        HikariDataSource pool = Pools.pooled(database);
        JdbcTokenStore store =
            JdbcTokenStore.builder()
                .dataSource(pool)
                .listenerDataSource(elsewhere)
                .cacheRecords(LONG_BOUND)
                .build()) {
      // The other database has a table of the same name with its triggers, and heartbeats there
      // would come back; but it hears none of this store's changes, so they are never sent.
      awaitTrue(
          "the refusal to be logged",
          () -> logs.lines().stream().anyMatch(line -> line.startsWith("ERROR")),
          PUSH_WITHIN);
      assertThat(store.cache().serving()).isFalse();
      assertThat(logs.lines()).anyMatch(line -> line.contains("another database"));
    }
  }

  @Test
  void truncateThenEveryCachedEntryDropped() throws Exception {
    Node b = node(LONG_BOUND);
    IssuedToken first = issue(b, "Truncated 1");
    IssuedToken second = issue(b, "Truncated 2");
    assertThat(b.tokenry.verify(first.plaintext())).isPresent();
    assertThat(b.tokenry.verify(second.plaintext())).isPresent();

    ddl("TRUNCATE " + b.store.tableName());

    awaitTrue(
        "B to reject both",
        () ->
            b.tokenry.verify(first.plaintext()).isEmpty()
                && b.tokenry.verify(second.plaintext()).isEmpty(),
        PUSH_WITHIN);
  }

  private static void ddl(String text) throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(text);
    }
  }

  @Test
  void listenerKilledThenCacheStopsServingAndRecovers() throws Exception {
    try (CapturedLogs logs = new CapturedLogs()) {
      Node b = node(LONG_BOUND);
      IssuedToken issued = issue(b, "Survivor");
      assertThat(b.tokenry.verify(issued.plaintext())).isPresent();
      int pid = b.store.listener().backendPid();

      terminate(pid);

      awaitTrue(
          "the cache to stop serving or reconnect",
          () -> b.store.listener().backendPid() != pid || !b.store.cache().serving(),
          PUSH_WITHIN);
      // Whether still reconnecting or already back, what was cached before the loss is gone.
      long reads = b.reads();
      assertThat(b.tokenry.verify(issued.plaintext())).isPresent();
      assertThat(b.reads()).isEqualTo(reads + 1);

      b.awaitServing();
      assertThat(b.store.listener().backendPid()).isNotEqualTo(pid);
      assertThat(b.tokenry.verify(issued.plaintext())).isPresent();
      long afterRecovery = b.reads();
      assertThat(b.tokenry.verify(issued.plaintext())).isPresent();
      assertThat(b.reads()).isEqualTo(afterRecovery);

      String hash = b.store.find(issued.token().id()).orElseThrow().secretHash();
      awaitTrue(
          "the recovery to be logged",
          () -> logs.lines().stream().anyMatch(line -> line.contains("is back")),
          PUSH_WITHIN);
      assertThat(logs.lines())
          .anyMatch(line -> line.startsWith("WARN") && line.contains("lost its connection"))
          .noneMatch(line -> line.contains(issued.plaintext()))
          .noneMatch(line -> line.contains(TestTokens.secretOf(issued.plaintext())))
          .noneMatch(line -> line.contains(hash));
    }
  }

  @Test
  void listenerKilledAndChangeMissedThenServedNoLongerThanBound() throws Exception {
    Node b = node(SHORT_BOUND);
    IssuedToken issued = issue(b, "Killed mid-run");
    assertThat(b.tokenry.verify(issued.plaintext())).isPresent();

    terminate(b.store.listener().backendPid());
    long changedAt = System.nanoTime();
    deleteUnannounced(b.store.tableName(), issued.token().id());

    sleepUntil(changedAt + SHORT_BOUND.toNanos());
    assertThat(b.tokenry.verify(issued.plaintext())).isEmpty();
  }

  @Test
  void revokeOnAThenRejectedOnBAlsoWhenBIsUnderLoad() throws Exception {
    Node a = node(LONG_BOUND);
    Node b = node(LONG_BOUND);
    IssuedToken hot = issue(a, "Hot under load");
    IssuedToken revoked = issue(a, "Revoked under load");
    assertThat(b.tokenry.verify(revoked.plaintext())).isPresent();
    Thread load =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                b.tokenry.verify(hot.plaintext());
              }
            });
    load.start();
    try {
      a.tokenry.revoke(admin, revoked.token().id());
      awaitTrue("B to reject", () -> b.tokenry.verify(revoked.plaintext()).isEmpty(), PUSH_WITHIN);
    } finally {
      load.interrupt();
      load.join(5_000);
    }
  }

  @Test
  void updateThroughStoreThenNotificationComesWithTheCommittedChange() throws Exception {
    Node a = node(LONG_BOUND);
    IssuedToken issued = issue(a, "Announced");
    try (Connection listening = database.getConnection()) {
      try (Statement statement = listening.createStatement()) {
        statement.execute(new ChangeChannel(a.store.tableName()).listen());
      }
      a.tokenry.update(admin, issued.token().id(), TokenUpdate.builder().name("Renamed").build());

      PGNotification[] received = null;
      long deadline = System.nanoTime() + PUSH_WITHIN.toNanos();
      while (received == null && System.nanoTime() < deadline) {
        received = listening.unwrap(PGConnection.class).getNotifications(200);
      }
      assertThat(received).isNotNull();
      assertThat(received).extracting(PGNotification::getParameter).contains(issued.token().id());
      try (Connection reading = database.getConnection();
          PreparedStatement statement =
              reading.prepareStatement(
                  "SELECT name FROM " + a.store.tableName() + " WHERE id = ?")) {
        statement.setString(1, issued.token().id());
        try (var rows = statement.executeQuery()) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getString(1)).isEqualTo("Renamed");
        }
      }
    }
  }

  @Test
  void buildWhenH2ThenRefusedWithReason() {
    DataSource h2 = H2Databases.newDatabase();

    assertThatThrownBy(
            () -> JdbcTokenStore.builder().dataSource(h2).cacheRecords(SHORT_BOUND).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs PostgreSQL")
        .hasMessageContaining("LISTEN/NOTIFY");
  }

  @Test
  void findWhenCacheClosedThenStoreStillAnswersFromDatabase() {
    Node a = node(LONG_BOUND);
    IssuedToken issued = issue(a, "After close");
    a.store.close();

    long reads = a.reads();
    Optional<TokenPrincipal> verified = a.tokenry.verify(issued.plaintext());

    assertThat(verified).isPresent();
    assertThat(a.reads()).isEqualTo(reads + 1);
  }

  private static void terminate(int pid) throws SQLException {
    assertThat(pid).isPositive();
    try (Connection connection = database.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT pg_terminate_backend(?)")) {
      statement.setInt(1, pid);
      statement.execute();
    }
  }

  /**
   * Deletes a row in a transaction that switches the change trigger off around the delete: the only
   * way left to change a row without a notification (ALTER TABLE locks the table, so no other
   * session's change goes unannounced meanwhile).
   */
  private static void deleteUnannounced(String table, String id) throws SQLException {
    try (Connection connection = database.getConnection()) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement();
          PreparedStatement delete =
              connection.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
        statement.execute("ALTER TABLE " + table + " DISABLE TRIGGER " + table + "_changes");
        delete.setString(1, id);
        assertThat(delete.executeUpdate()).isOne();
        statement.execute("ALTER TABLE " + table + " ENABLE ALWAYS TRIGGER " + table + "_changes");
      }
      connection.commit();
    }
  }

  private static void sql(String text, String parameter) throws SQLException {
    try (Connection connection = database.getConnection();
        PreparedStatement statement = connection.prepareStatement(text)) {
      statement.setString(1, parameter);
      assertThat(statement.executeUpdate()).isOne();
    }
  }

  static void awaitTrue(String what, BooleanSupplier condition, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + " after " + within);
      }
      sleep(5);
    }
  }

  private static void sleepUntil(long nanoTime) {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      sleep(Math.max(1, left / 1_000_000 + 1));
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
