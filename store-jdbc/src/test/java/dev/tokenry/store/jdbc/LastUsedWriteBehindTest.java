package dev.tokenry.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.IssuedToken;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

/**
 * Tokenry's write-behind over the JDBC store, counted at the JDBC level: a real H2 database behind
 * a data source that only counts the statements it is given.
 */
class LastUsedWriteBehindTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00.123Z");

  @Test
  void verifyWhenTenThousandTimesInOneFlushIntervalThenOneUpdateInOneBatch() {
    // H2's own small pool underneath keeps 10,000 lookups quick; the counter sees every call.
    CountingDataSource counting =
        new CountingDataSource(JdbcConnectionPool.create(H2Databases.newDatabase()));
    JdbcTokenStore store =
        JdbcTokenStore.builder().dataSource(counting).createTablesIfMissing(true).build();
    Actor admin = Actor.system("acme");
    try (Tokenry tokenry =
        Tokenry.builder()
            .store(store)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .lastUsedFlushInterval(Duration.ofHours(1))
            .build()) {
      IssuedToken busy =
          tokenry.issue(
              admin,
              TokenRequest.builder()
                  .name("Busy")
                  .expiresIn(ExpiryPreset.THIRTY_DAYS)
                  .type(TokenType.READ_ONLY)
                  .build());
      IssuedToken idle =
          tokenry.issue(
              admin,
              TokenRequest.builder()
                  .name("Idle")
                  .expiresIn(ExpiryPreset.THIRTY_DAYS)
                  .type(TokenType.READ_ONLY)
                  .build());
      counting.reset();

      for (int i = 0; i < 10_000; i++) {
        assertThat(tokenry.verify(busy.plaintext())).isPresent();
      }
      assertThat(counting.count("UPDATE", "last_used_at")).as("before the flush").isZero();
      tokenry.flushLastUsed();

      assertThat(counting.count("SELECT", "WHERE id = ?")).isEqualTo(10_000);
      assertThat(counting.count("UPDATE", "")).as("updates of any kind").isEqualTo(1);
      assertThat(counting.count("UPDATE", "SET last_used_at = ?")).isEqualTo(1);
      assertThat(counting.batches()).isEqualTo(1);
      assertThat(counting.connectionsOpen()).isZero();
      assertThat(store.find(busy.token().id()).orElseThrow().token().lastUsedAt()).contains(NOW);
      assertThat(store.find(idle.token().id()).orElseThrow().token().lastUsedAt()).isEmpty();
      assertThat(store.find(busy.token().id()).orElseThrow().version()).isEqualTo(1);

      counting.reset();
      tokenry.flushLastUsed();
      assertThat(counting.executions()).as("a flush with nothing pending").isEmpty();
    }
  }

  @Test
  void flushWhenSeveralTokensUsedThenOneBatchWithOneRowEach() {
    CountingDataSource counting = new CountingDataSource(H2Databases.newDatabase());
    JdbcTokenStore store =
        JdbcTokenStore.builder().dataSource(counting).createTablesIfMissing(true).build();
    try (Tokenry tokenry =
        Tokenry.builder()
            .store(store)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .lastUsedFlushInterval(Duration.ofHours(1))
            .build()) {
      IssuedToken[] tokens = new IssuedToken[5];
      for (int i = 0; i < tokens.length; i++) {
        tokens[i] =
            tokenry.issue(
                Actor.system("acme"),
                TokenRequest.builder()
                    .name("T" + i)
                    .expiresIn(ExpiryPreset.NEVER)
                    .type(TokenType.READ_ONLY)
                    .build());
      }
      counting.reset();
      for (int round = 0; round < 100; round++) {
        for (IssuedToken token : tokens) {
          tokenry.verify(token.plaintext());
        }
      }

      tokenry.flushLastUsed();

      assertThat(counting.batches()).isEqualTo(1);
      assertThat(counting.count("UPDATE", "SET last_used_at = ?")).isEqualTo(5);
    }
  }
}
