package dev.tokenry.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.IssuedToken;
import dev.tokenry.TokenPrincipal;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import dev.tokenry.testsupport.PostgresServer;
import java.util.Optional;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The code of docs/jdbc.md, as written there, so that the documentation compiles and works. */
class JdbcQuickstartTest {

  @Test
  void quickstartWithH2() {
    // --- docs/jdbc.md: Quickstart (H2) ---
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:app;DB_CLOSE_DELAY=-1");

    JdbcTokenStore store =
        JdbcTokenStore.builder().dataSource(h2).createTablesIfMissing(true).build();

    try (Tokenry tokenry = Tokenry.builder().store(store).build()) {
      IssuedToken issued =
          tokenry.issue(
              Actor.system("acme"),
              TokenRequest.builder()
                  .name("CI deploy")
                  .expiresIn(ExpiryPreset.THIRTY_DAYS)
                  .type(TokenType.READ_ONLY)
                  .build());
      Optional<TokenPrincipal> caller = tokenry.verify(issued.plaintext());
      // --- end ---
      assertThat(caller).isPresent();
    }
  }

  @Test
  void quickstartWithPostgresqlAndHikari() {
    String jdbcUrl =
        "jdbc:postgresql://127.0.0.1:"
            + PostgresServer.shared().port()
            + "/"
            + PostgresServer.shared().newDatabase().getDatabaseName();
    String user = "tokenry";
    String password = "";

    // --- docs/jdbc.md: PostgreSQL behind a pool ---
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl); // jdbc:postgresql://db.internal:5432/app
    config.setUsername(user);
    config.setPassword(password);
    config.setConnectionTimeout(2_000); // fail fast (503) rather than hang when the DB is gone
    DataSource dataSource = new HikariDataSource(config);

    JdbcTokenStore store =
        JdbcTokenStore.builder()
            .dataSource(dataSource)
            .dialect(JdbcDialect.POSTGRESQL) // optional: detected from the connection otherwise
            .tablePrefix("tokenry_") // the default: table tokenry_tokens
            .createTablesIfMissing(true) // or apply db/tokenry/postgresql/V1__tokenry_tokens.sql
            .build();
    // --- end ---

    try (Tokenry tokenry = Tokenry.builder().store(store).build()) {
      IssuedToken issued =
          tokenry.issue(
              Actor.system("acme"),
              TokenRequest.builder()
                  .name("CI deploy")
                  .expiresIn(ExpiryPreset.SEVEN_DAYS)
                  .type(TokenType.READ_ONLY)
                  .build());
      assertThat(tokenry.verify(issued.plaintext())).isPresent();
    } finally {
      ((HikariDataSource) dataSource).close();
    }
  }
}
