package dev.tokenry.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.Role;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import dev.tokenry.micrometer.TokenryMetrics;
import dev.tokenry.spring.boot.app.DemoHost;
import dev.tokenry.testsupport.PostgresServer;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The starter on a real PostgreSQL (Flyway beside the host's V1 there too), then the database
 * really stopped: a token request answers 503 with {@code Retry-After} (never 401, never 500), the
 * health indicator turns DOWN and the meters count the outcome as unavailable.
 */
@SpringBootTest(
    classes = DemoHost.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StoreDownHttpTest {

  private static PostgresServer postgres;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    postgres = PostgresServer.startNew();
    String database = postgres.newDatabase().getDatabaseName();
    registry.add(
        "spring.datasource.url",
        () -> "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database);
    registry.add("spring.datasource.username", () -> PostgresServer.USER);
    registry.add("spring.datasource.hikari.connection-timeout", () -> "2000");
    registry.add("spring.datasource.hikari.initialization-fail-timeout", () -> "-1");
    registry.add("spring.datasource.hikari.maximum-pool-size", () -> "4");
    registry.add("spring.datasource.hikari.data-source-properties.connectTimeout", () -> "2");
    registry.add("spring.datasource.hikari.data-source-properties.socketTimeout", () -> "5");
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @LocalServerPort int port;
  @Autowired Tokenry tokenry;
  @Autowired DataSource dataSource;
  @Autowired HealthIndicator tokenryHealthIndicator;
  @Autowired MeterRegistry meters;

  @Test
  void storeWhenThePostgresDatabaseStopsThen503WithRetryAfterAndHealthDownAndMetered() {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    assertThat(
            jdbc.queryForList(
                "SELECT version FROM flyway_schema_history WHERE success", String.class))
        .containsExactly("1");
    assertThat(
            jdbc.queryForList(
                "SELECT version FROM tokenry_schema_history WHERE success AND type = 'SQL'"
                    + " ORDER BY installed_rank",
                String.class))
        .as("on PostgreSQL Flyway applies version 4, the change triggers, too")
        .containsExactly("1", "2", "3", "4");
    assertThat(
            jdbc.queryForList(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass('tokenry_tokens')"
                    + " AND tgenabled = 'A' ORDER BY tgname",
                String.class))
        .containsExactly("tokenry_tokens_changes", "tokenry_tokens_truncated");
    String token =
        tokenry
            .issue(
                Actor.user("alice", "acme", Role.OWNER),
                TokenRequest.builder()
                    .name("CI")
                    .type(TokenType.READ_ONLY)
                    .expiresIn(ExpiryPreset.ONE_DAY)
                    .build())
            .plaintext();
    Http http = new Http(port);
    assertThat(http.get("/api/v1/me", "Authorization", "Bearer " + token).statusCode())
        .isEqualTo(200);
    assertThat(tokenryHealthIndicator.health(false).getStatus()).isEqualTo(Status.UP);

    postgres.stop();
    try {
      HttpResponse<String> answer = http.get("/api/v1/me", "Authorization", "Bearer " + token);

      assertThat(answer.statusCode()).isEqualTo(503);
      assertThat(answer.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(answer.headers().firstValue("WWW-Authenticate")).isEmpty();
      assertThat(answer.body()).isEqualTo("{\"message\":\"Service Unavailable.\"}");
      assertThat(tokenryHealthIndicator.health(true).getStatus()).isEqualTo(Status.DOWN);
      assertThat(
              meters
                  .get(TokenryMetrics.VERIFICATIONS)
                  .tag("outcome", "unavailable")
                  .counter()
                  .count())
          .isGreaterThanOrEqualTo(1);
      // A malformed token never touches the store: still 401, not 503.
      assertThat(http.get("/api/v1/me", "Authorization", "Bearer garbage").statusCode())
          .isEqualTo(401);
    } finally {
      postgres.start();
    }
    assertThat(List.of(200, 503))
        .contains(http.get("/api/v1/me", "Authorization", "Bearer " + token).statusCode());
  }
}
