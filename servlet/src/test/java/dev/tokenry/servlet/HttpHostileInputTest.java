package dev.tokenry.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.store.jdbc.JdbcTokenStore;
import dev.tokenry.testing.CapturedLogs;
import dev.tokenry.testing.ObservedStore;
import dev.tokenry.testsupport.PostgresServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input over real HTTP, through the filter and the admin API, with the tokens in the JDBC
 * store on H2 and on a real PostgreSQL (which refuses a NUL in a text parameter): every answer is a
 * 4xx — never a 5xx — and nothing is logged at ERROR or with a stack trace.
 */
class HttpHostileInputTest {

  private TestServer server;

  static Stream<Arguments> databases() {
    return Stream.of(Arguments.of("H2"), Arguments.of("PostgreSQL"));
  }

  private static DataSource database(String kind) {
    if (kind.equals("H2")) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:hostile-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
      h2.setUser("sa");
      return h2;
    }
    return PostgresServer.shared().newDatabase();
  }

  private void start(String kind) throws Exception {
    JdbcTokenStore store =
        JdbcTokenStore.builder().dataSource(database(kind)).createTablesIfMissing(true).build();
    server =
        new TestServer(
            RouteRules.builder()
                .permit("*", "/admin/**")
                .require("GET", "/api/projects/{projectId}/contracts", "contracts:read")
                .build(),
            "/",
            new ObservedStore(store));
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void adminApiWhenInputIsHostileThenFourHundredsAndNoErrorLogged(String kind) throws Exception {
    start(kind);
    String created =
        server
            .admin(
                "POST",
                "/tokens",
                "alice",
                "{\"name\":\"real\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}")
            .body();
    assertThat(created).contains("plaintext");
    List<HttpResponse<String>> answers = new ArrayList<>();
    try (CapturedLogs logs = new CapturedLogs()) {
      for (String query :
          List.of(
              "name=%00",
              "name=a%00b",
              "name=" + "n".repeat(500),
              "cursor=%00",
              "cursor=garbage",
              "cursor=MS45OTk5OTk5OTk5OTk5OTk5OTk5LjAxMjM0NTY3ODlhYmNkZWYueA",
              "cursor=" + "A".repeat(4000),
              "projectId=%00",
              "limit=-1",
              "kind=%00")) {
        answers.add(server.admin("GET", "/tokens?" + query, "alice", null));
      }
      for (String id : List.of("a%E2%80%AEb", "0123456789abcdef", "x".repeat(300), "%20")) {
        answers.add(server.admin("GET", "/tokens/" + id, "alice", null));
        answers.add(server.admin("PATCH", "/tokens/" + id, "alice", "{\"name\":\"x\"}"));
        answers.add(server.admin("POST", "/tokens/" + id + "/regenerate", "alice", null));
        answers.add(server.admin("DELETE", "/tokens/" + id, "alice", null));
      }
      for (String body :
          List.of(
              "{\"ids\":[\"a\\u0000\"]}",
              "{\"ids\":[\"0123456789abcde\\u0000\"]}",
              "{\"ids\":[\"\\u202e\"]}",
              "{\"ids\":[1]}",
              "{\"ids\":\"x\"}")) {
        answers.add(server.admin("POST", "/tokens/delete", "alice", body));
      }
      for (String body :
          List.of(
              "{\"name\":\"a\\u0000\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}",
              "{\"name\":\"e\\u202evil\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}",
              "{\"name\":\"far\",\"expiresAt\":\"+1000000000-12-31T23:59:59Z\","
                  + "\"type\":\"read-only\"}",
              "{\"name\":\"far\",\"expiresAt\":\"-999999999-01-01T00:00:00Z\","
                  + "\"type\":\"read-only\"}")) {
        answers.add(server.admin("POST", "/tokens", "alice", body));
      }
      for (HttpResponse<String> answer : answers) {
        assertThat(answer.statusCode())
            .as(answer.request().method() + " " + answer.uri() + " -> " + answer.body())
            .isBetween(400, 499);
      }
      assertNoErrorNorStackTrace(logs);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void filterWhenTokensAreHostileThenUnauthenticatedAndNoErrorLogged(String kind) throws Exception {
    start(kind);
    try (CapturedLogs logs = new CapturedLogs()) {
      for (String token :
          List.of(
              "tkr_0123456789abcde\u0001_" + "a".repeat(38),
              "tkr_" + "%00".repeat(18),
              "tkr_0123456789abcdef_" + "b".repeat(38),
              "x".repeat(600))) {
        HttpResponse<String> answer =
            server.get("/api/projects/p-a/contracts", "Bearer " + token.replace('\u0001', '_'));
        assertThat(answer.statusCode()).as(token).isIn(400, 401);
      }
      assertNoErrorNorStackTrace(logs);
    }
  }

  /** Jetty's own DEBUG lines quote source positions; what a host logs is INFO and above. */
  private static void assertNoErrorNorStackTrace(CapturedLogs logs) {
    assertThat(logs.lines()).noneMatch(line -> line.startsWith("ERROR"));
    assertThat(logs.lines())
        .filteredOn(line -> line.startsWith("WARN") || line.startsWith("INFO"))
        .noneMatch(line -> line.contains(".java:"));
  }
}
