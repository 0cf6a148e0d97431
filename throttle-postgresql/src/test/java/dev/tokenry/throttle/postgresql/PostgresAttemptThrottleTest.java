package dev.tokenry.throttle.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tokenry.testsupport.PostgresServer;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two throttles standing for two servers of a fleet, counting on one real PostgreSQL through
 * Bucket4j, on a fake clock.
 */
class PostgresAttemptThrottleTest {

  private static HikariDataSource pool;
  private static int tables;
  private final FakeClock clock = new FakeClock();

  @BeforeAll
  static void start() {
    HikariConfig config = new HikariConfig();
    config.setDataSource(PostgresServer.shared().newDatabase());
    config.setMaximumPoolSize(4);
    pool = new HikariDataSource(config);
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  private PostgresAttemptThrottle.Builder throttle(String table) {
    return PostgresAttemptThrottle.builder()
        .dataSource(pool)
        .tableName(table)
        .maxAttempts(4)
        .window(Duration.ofMinutes(1))
        .clock(clock);
  }

  private static synchronized String newTable() {
    return "throttle_" + (++tables);
  }

  @Test
  void recordWhenFailuresSpreadOverTwoServersThenTheyCountTogether() {
    String table = newTable();
    PostgresAttemptThrottle a = throttle(table).createTableIfMissing(true).build();
    PostgresAttemptThrottle b = throttle(table).build();

    a.record("203.0.113.5");
    b.record("203.0.113.5");
    a.record("203.0.113.5");
    assertThat(b.retryAfter("203.0.113.5")).isZero();
    b.record("203.0.113.5"); // the fourth failure, on b: b's bucket read says it is empty now

    assertThat(b.retryAfter("203.0.113.5")).isPositive();
    assertThat(a.retryAfter("203.0.113.5")).as("a has not seen it fail since").isZero();
    a.record("203.0.113.5"); // a fifth try reaches a: the shared bucket refuses it
    assertThat(a.retryAfter("203.0.113.5")).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
    assertThat(a.retryAfter("198.51.100.1")).isZero();
  }

  @Test
  void retryAfterWhenWindowPassesThenAllowedAgain() {
    PostgresAttemptThrottle a = throttle(newTable()).createTableIfMissing(true).build();
    for (int i = 0; i < 5; i++) {
      a.record("203.0.113.6");
    }
    Duration wait = a.retryAfter("203.0.113.6");
    assertThat(wait).isPositive();

    clock.advance(wait);
    assertThat(a.retryAfter("203.0.113.6")).isZero();
    clock.advance(Duration.ofMinutes(1));
    for (int i = 0; i < 3; i++) {
      a.record("203.0.113.6");
    }
    assertThat(a.retryAfter("203.0.113.6")).as("a full bucket again").isZero();
  }

  @Test
  void removeExpiredWhenBucketsFullAgainThenRowsDeleted() throws Exception {
    String table = newTable();
    // Bucket4j dates a row's expiry by the system clock (refill time plus a second), so this
    // throttle refills within milliseconds and the test waits in real time.
    PostgresAttemptThrottle a =
        throttle(table)
            .maxAttempts(1000)
            .window(Duration.ofSeconds(1))
            .clock(Clock.systemUTC())
            .createTableIfMissing(true)
            .build();
    a.record("203.0.113.7");
    a.record("203.0.113.8");
    assertThat(rows(table)).isEqualTo(2);
    assertThat(a.removeExpired()).isZero();

    Thread.sleep(2500);

    assertThat(a.removeExpired()).isEqualTo(2);
    assertThat(rows(table)).isZero();
  }

  @Test
  void recordWhenManyClientsBlockedThenMemoryBounded() {
    PostgresAttemptThrottle a =
        throttle(newTable())
            .maxAttempts(1)
            .maxBlockedClients(100)
            .createTableIfMissing(true)
            .build();
    for (int i = 0; i < 300; i++) {
      a.record("10.0." + (i >> 8) + "." + (i & 0xff));
      assertThat(a.blockedClients()).isLessThanOrEqualTo(100);
    }
  }

  @Test
  void recordWhenDatabaseDownThenCountsOnThisServerAndNeverThrows() {
    PostgresAttemptThrottle down =
        PostgresAttemptThrottle.builder()
            .dataSource(new DownDataSource())
            .maxAttempts(3)
            .requestTimeout(Duration.ofMillis(200))
            .build();
    for (int i = 0; i < 3; i++) {
      down.record("203.0.113.9");
    }
    assertThat(down.retryAfter("203.0.113.9")).isPositive();
  }

  @Test
  void builderWhenOutOfRangeThenRefused() {
    assertThatThrownBy(() -> PostgresAttemptThrottle.builder().maxAttempts(0))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> PostgresAttemptThrottle.builder().tableName("Drop table"))
        .hasMessageContaining("tableName");
    assertThatThrownBy(() -> PostgresAttemptThrottle.builder().build())
        .isInstanceOf(IllegalStateException.class);
  }

  private static int rows(String table) throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
      r.next();
      return r.getInt(1);
    }
  }

  /** A clock the test moves. */
  static final class FakeClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** A database that is gone: every connection attempt fails. */
  static final class DownDataSource implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      throw new SQLException("test: database down", "08001");
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
