package dev.tokenry.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.IssuedToken;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenStoreUnavailableException;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import dev.tokenry.spi.TokenFixture;
import dev.tokenry.testsupport.Freezer;
import dev.tokenry.testsupport.PostgresServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The database goes away under a store whose cache holds the token: verification ends as
 * unavailable (the 503 path), never as a cached success later than the bound, and the cache serves
 * again once the database is back. A server of its own, so the other tests keep theirs.
 */
@Timeout(180)
class PostgresRecordCacheOutageTest {

  private static final Duration BOUND = Duration.ofSeconds(1);

  private static PostgresServer server;
  private static PGSimpleDataSource database;

  @BeforeAll
  static void startServer() {
    server = PostgresServer.startNew();
    database = server.newDatabase();
    database.setSocketTimeout(3);
    JdbcTokenStore.builder().dataSource(database).createTablesIfMissing(true).build();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void verifyWhenServerStoppedThenUnavailableNeverCachedSuccessBeyondBoundAndRecovers() {
    assertOutage(server::stop, server::start);
  }

  @Test
  void verifyWhenServerFrozenThenUnavailableNeverCachedSuccessBeyondBoundAndRecovers() {
    try (Freezer freezer = new Freezer(server.postmaster())) {
      assertOutage(freezer::freeze, freezer::thaw);
    }
  }

  private static void assertOutage(Runnable breakIt, Runnable mendIt) {
    Actor admin = Actor.system(TokenFixture.randomOrganizationId());
    try (HikariDataSource pool = Pools.pooled(database, 300);
        JdbcTokenStore store =
            JdbcTokenStore.builder()
                .dataSource(pool)
                .listenerDataSource(database)
                .cacheRecords(BOUND)
                .build();
        Tokenry tokenry =
            Tokenry.builder().store(store).lastUsedFlushInterval(Duration.ofHours(1)).build()) {
      PostgresRecordCacheTest.awaitTrue(
          "the cache to serve", () -> store.cache().serving(), Duration.ofSeconds(20));
      IssuedToken issued =
          tokenry.issue(
              admin,
              TokenRequest.builder()
                  .name("Outage " + System.nanoTime())
                  .expiresIn(ExpiryPreset.THIRTY_DAYS)
                  .type(TokenType.READ_ONLY)
                  .build());
      assertThat(tokenry.verify(issued.plaintext())).isPresent();
      assertThat(tokenry.verify(issued.plaintext())).isPresent();

      long brokenAt = System.nanoTime();
      breakIt.run();
      long lastSuccess = 0;
      int unavailable = 0;
      try {
        long until = brokenAt + BOUND.toNanos() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) {
          long startedAt = System.nanoTime();
          try {
            // Never a rejection: the token exists; the store either answers or is unavailable.
            assertThat(tokenry.verify(issued.plaintext())).isPresent();
            lastSuccess = startedAt;
          } catch (TokenStoreUnavailableException e) {
            unavailable++;
          }
        }
      } finally {
        mendIt.run();
      }

      assertThat(lastSuccess - brokenAt).isLessThan(BOUND.toNanos());
      assertThat(unavailable).isPositive();
      PostgresRecordCacheTest.awaitTrue(
          "verification to work again",
          () -> {
            try {
              return tokenry.verify(issued.plaintext()).isPresent();
            } catch (TokenStoreUnavailableException e) {
              return false;
            }
          },
          Duration.ofSeconds(30));
      PostgresRecordCacheTest.awaitTrue(
          "the cache to serve again", () -> store.cache().serving(), Duration.ofSeconds(30));
    }
  }
}
