package dev.tokenry.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.IssuedToken;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import dev.tokenry.spi.TokenFixture;
import dev.tokenry.testsupport.Freezer;
import dev.tokenry.testsupport.PostgresServer;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL server freezes (SIGSTOP of the postmaster and every backend) under a running
 * store: with the settings docs/jdbc.md gives, each call ends within the bound as unavailable, and
 * after SIGCONT the same store and pool work again.
 */
@Timeout(120)
class PostgresStallTest {

  private static PostgresServer server;
  private static PGSimpleDataSource database;

  @BeforeAll
  static void startServer() {
    server = PostgresServer.startNew();
    database = server.newDatabase();
    // The bounded driver settings of docs/jdbc.md ("Bounded answers when the database stalls").
    database.setConnectTimeout(2);
    database.setLoginTimeout(2);
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
  void verifyAndIssueThroughPoolWhenServerFrozenThenUnavailableWithinBoundAndAfterThawWorkAgain() {
    HikariConfig config = new HikariConfig();
    config.setDataSource(database);
    config.setMaximumPoolSize(4);
    config.setConnectionTimeout(2_000);
    config.setValidationTimeout(1_000);
    config.setInitializationFailTimeout(-1);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      assertBoundedWhileFrozen(pool);
    }
  }

  @Test
  void verifyAndIssueWithoutPoolWhenServerFrozenThenUnavailableWithinBoundAndAfterThawWorkAgain() {
    assertBoundedWhileFrozen(database);
  }

  private static void assertBoundedWhileFrozen(DataSource dataSource) {
    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(dataSource).build();
    Actor admin = Actor.system(TokenFixture.randomOrganizationId());
    try (Tokenry tokenry =
            Tokenry.builder().store(store).lastUsedFlushInterval(Duration.ofHours(1)).build();
        Freezer freezer = new Freezer(server.postmaster())) {
      IssuedToken issued = tokenry.issue(admin, request("Before"));
      assertThat(tokenry.verify(issued.plaintext())).isPresent();

      freezer.freeze();
      Stall.assertUnavailableWithinBound("verify", () -> tokenry.verify(issued.plaintext()));
      Stall.assertUnavailableWithinBound("issue", () -> tokenry.issue(admin, request("During")));
      Stall.assertUnavailableWithinBound("verify again", () -> tokenry.verify(issued.plaintext()));
      freezer.thaw();

      Stall.eventually(() -> assertThat(tokenry.verify(issued.plaintext())).isPresent());
      IssuedToken after = tokenry.issue(admin, request("After"));
      assertThat(tokenry.verify(after.plaintext())).isPresent();
    }
  }

  private static TokenRequest request(String name) {
    return TokenRequest.builder()
        .name(name)
        .expiresIn(ExpiryPreset.THIRTY_DAYS)
        .type(TokenType.READ_ONLY)
        .build();
  }
}
