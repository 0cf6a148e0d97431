package dev.tokenry.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.tokenry.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The record cache listener's socket reader on a real PostgreSQL: it takes over a connection pgjdbc
 * opened, hands on notifications and answers in the server's order, fails on a terminated backend,
 * and never lets a pool lend the connection out again.
 */
@Timeout(60)
class SocketNotificationsTest {

  private static PGSimpleDataSource database;

  @BeforeAll
  static void createDatabase() {
    database = PostgresServer.shared().newDatabase();
  }

  /** Collects what a source hands on. */
  private static final class Collected implements NotificationSource.Handler {
    final List<String> payloads = new ArrayList<>();
    final List<Long> answers = new ArrayList<>();

    @Override
    public void notification(int pid, String channel, String payload) {
      payloads.add(channel + "|" + payload);
    }

    @Override
    public void answered(long rows) {
      answers.add(rows);
    }

    void pollUntil(NotificationSource source, int payloadCount, int answerCount)
        throws SQLException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while ((payloads.size() < payloadCount || answers.size() < answerCount)
          && System.nanoTime() < deadline) {
        source.poll(TimeUnit.MILLISECONDS.toNanos(100), this);
      }
    }
  }

  private static NotificationSource listening(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("LISTEN tokenry_test_changes");
    }
    return NotificationSource.open(connection);
  }

  private static void notify(String payload) throws SQLException {
    try (Connection connection = database.getConnection();
        var statement = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
      statement.setString(1, "tokenry_test_changes");
      statement.setString(2, payload);
      statement.execute();
    }
  }

  @Test
  void openWhenPgjdbcConnectionThenReadsSocketAndHandsOnNotificationsInOrder() throws Exception {
    try (NotificationSource source = listening(database.getConnection())) {
      assertThat(source.readsSocket()).isTrue();
      Collected collected = new Collected();

      notify("first");
      notify("second");
      collected.pollUntil(source, 2, 0);

      assertThat(collected.payloads)
          .containsExactly("tokenry_test_changes|first", "tokenry_test_changes|second");
    }
  }

  @Test
  void pollWhenManyNotificationsInOneTransactionAndLargePayloadsThenAllWhole() throws Exception {
    try (NotificationSource source = listening(database.getConnection());
        Connection writer = database.getConnection()) {
      Collected collected = new Collected();
      writer.setAutoCommit(false);
      List<String> expected = new ArrayList<>();
      try (var statement = writer.prepareStatement("SELECT pg_notify(?, ?)")) {
        for (int i = 0; i < 2_000; i++) {
          // Payloads up to PostgreSQL's 7,999 bytes, so messages span many socket reads.
          String payload = i + ":" + "x".repeat(i % 7 == 0 ? 7_900 : i % 50);
          statement.setString(1, "tokenry_test_changes");
          statement.setString(2, payload);
          statement.execute();
          expected.add("tokenry_test_changes|" + payload);
        }
      }
      writer.commit();

      collected.pollUntil(source, expected.size(), 0);

      assertThat(collected.payloads).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void sendThenAnswerCarriesRowCountAfterTheCommandsNotification() throws Exception {
    try (NotificationSource source = listening(database.getConnection())) {
      Collected collected = new Collected();

      source.send("SELECT pg_notify('tokenry_test_changes', 'mine')", collected);
      source.send("SELECT 1 WHERE false", collected);
      collected.pollUntil(source, 1, 2);

      assertThat(collected.payloads).containsExactly("tokenry_test_changes|mine");
      assertThat(collected.answers).containsExactly(1L, 0L);
    }
  }

  @Test
  void pollWhenBackendTerminatedThenFailsAsConnectionLost() throws Exception {
    Connection connection = database.getConnection();
    int pid = connection.unwrap(PGConnection.class).getBackendPID();
    try (NotificationSource source = listening(connection)) {
      try (Connection admin = database.getConnection();
          var statement = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
        statement.setInt(1, pid);
        statement.execute();
      }

      assertThatThrownBy(() -> new Collected().pollUntil(source, 1, 0))
          .isInstanceOf(SQLException.class)
          .satisfies(
              e ->
                  assertThat(((SQLException) e).getSQLState())
                      .as("the server's FATAL admin shutdown, or a closed socket")
                      .isIn("57P01", "08006"));
    }
  }

  @Test
  void pollWhenServerRefusesCommandThenFailsWithItsSqlState() throws Exception {
    try (NotificationSource source = listening(database.getConnection())) {
      source.send("SELECT * FROM no_such_table", new Collected());

      assertThatThrownBy(() -> new Collected().pollUntil(source, 1, 0))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42P01");
    }
  }

  @Test
  void closeWhenConnectionFromPoolThenPoolNeverLendsItAgain() throws Exception {
    try (HikariDataSource pool = Pools.pooled(database)) {
      Connection taken = pool.getConnection();
      int pid = taken.unwrap(PGConnection.class).getBackendPID();
      NotificationSource source = listening(taken);
      assertThat(source.readsSocket()).isTrue();

      source.close();

      Set<Integer> lent = new HashSet<>();
      List<Connection> held = new ArrayList<>();
      try {
        for (int i = 0; i < 10; i++) {
          Connection connection = pool.getConnection();
          held.add(connection);
          try (Statement statement = connection.createStatement()) {
            assertThat(statement.execute("SELECT 1")).isTrue();
          }
          lent.add(connection.unwrap(PGConnection.class).getBackendPID());
        }
      } finally {
        for (Connection connection : held) {
          connection.close();
        }
      }
      assertThat(lent).hasSize(10).doesNotContain(pid);
    }
  }

  @Test
  void closeWhenDriverPathThenConnectionBackInPoolListensNoMore() throws Exception {
    try (HikariDataSource pool = Pools.pooled(database)) {
      Connection taken = pool.getConnection();
      try (Statement statement = taken.createStatement()) {
        statement.execute("LISTEN tokenry_test_changes");
      }
      int pid = taken.unwrap(PGConnection.class).getBackendPID();
      new DriverNotifications(taken).close();

      try (Connection again = pool.getConnection();
          Statement statement = again.createStatement()) {
        assertThat(again.unwrap(PGConnection.class).getBackendPID()).isEqualTo(pid);
        var listening = statement.executeQuery("SELECT count(*) FROM pg_listening_channels()");
        listening.next();
        assertThat(listening.getLong(1)).isZero();
      }
    }
  }
}
