package dev.tokenry.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.IssuedToken;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenStoreUnavailableException;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import dev.tokenry.spi.TokenFixture;
import dev.tokenry.spi.TokenQuery;
import dev.tokenry.testsupport.PostgresServer;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database goes away mid-run and comes back: a PostgreSQL server of its own (so other tests
 * keep theirs) is stopped and started again under the same store and the same Tokenry.
 */
@Timeout(120)
class PostgresOutageTest {

  private static PostgresServer server;
  private static PGSimpleDataSource database;

  @BeforeAll
  static void startServer() {
    server = PostgresServer.startNew();
    database = server.newDatabase();
    JdbcTokenStore.builder().dataSource(database).createTablesIfMissing(true).build();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void verifyWhenServerStoppedThenUnavailableAndWhenRestartedThenVerifiesAgain() {
    assertOutageAndRecovery(database, "08001", true);
  }

  @Test
  void verifyThroughPoolWhenServerStoppedThenUnavailableAndWhenRestartedThenVerifiesAgain() {
    try (HikariDataSource pool = Pools.pooled(database, 300)) {
      // The pool needs a moment to open new connections after the outage; until it has them,
      // verification keeps failing as unavailable, never as a rejection.
      assertOutageAndRecovery(pool, null, false);
    }
  }

  private static void assertOutageAndRecovery(
      DataSource dataSource, String expectedState, boolean recoversAtOnce) {
    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(dataSource).build();
    Actor admin = Actor.system(TokenFixture.randomOrganizationId());
    try (Tokenry tokenry =
        Tokenry.builder().store(store).lastUsedFlushInterval(Duration.ofHours(1)).build()) {
      IssuedToken issued =
          tokenry.issue(
              admin,
              TokenRequest.builder()
                  .name("Survivor")
                  .expiresIn(ExpiryPreset.THIRTY_DAYS)
                  .type(TokenType.READ_ONLY)
                  .build());
      assertThat(tokenry.verify(issued.plaintext())).isPresent();

      server.stop();
      try {
        Throwable thrown = catchThrowable(() -> tokenry.verify(issued.plaintext()));
        assertThat(thrown)
            .isInstanceOf(TokenStoreUnavailableException.class)
            .hasMessageContaining("unreachable or timed out")
            .cause()
            .isInstanceOf(SQLException.class);
        if (expectedState != null) {
          assertThat(((SQLException) thrown.getCause()).getSQLState()).isEqualTo(expectedState);
        }
        String id = issued.token().id();
        List<Throwable> others =
            List.of(
                catchThrowable(() -> store.find(id)),
                catchThrowable(
                    () -> store.list(TokenQuery.organizationTokens(admin.organizationId(), 10))),
                catchThrowable(() -> store.insert(TokenFixture.organizationToken("o").build())),
                catchThrowable(() -> store.delete(id)),
                catchThrowable(() -> store.deleteAll(List.of(id))),
                catchThrowable(() -> store.recordLastUsed(Map.of(id, Instant.now()))),
                catchThrowable(tokenry::flushLastUsed));
        assertThat(others)
            .allSatisfy(
                t ->
                    assertThat(t)
                        .isInstanceOf(TokenStoreUnavailableException.class)
                        .hasCauseInstanceOf(SQLException.class));
      } finally {
        server.start();
      }

      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (true) {
        try {
          assertThat(tokenry.verify(issued.plaintext())).isPresent();
          break;
        } catch (TokenStoreUnavailableException e) {
          if (recoversAtOnce || System.nanoTime() > deadline) {
            throw e;
          }
          sleep(100);
        }
      }
      tokenry.flushLastUsed();
      assertThat(store.find(issued.token().id()).orElseThrow().token().lastUsedAt()).isPresent();
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
