package dev.tokenry.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.IssuedToken;
import dev.tokenry.TestTokens;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.store.jdbc.JdbcAuditLog;
import dev.tokenry.store.jdbc.JdbcTokenStore;
import dev.tokenry.testing.ObservedStore;
import dev.tokenry.testsupport.PostgresServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The public revoke and the audit trail over real HTTP with tokens and audit records in H2 and in
 * PostgreSQL: a live token dies, the answers are the same, and GET /audit reads the JDBC log.
 */
class IncidentJdbcHttpTest {

  private static final String PATH = "/api/public/tokens/revoke";
  private TestServer server;

  private static DataSource database(String kind) {
    if (kind.equals("H2")) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:incident-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
      h2.setUser("sa");
      return h2;
    }
    return PostgresServer.shared().newDatabase();
  }

  private void start(String kind) throws Exception {
    DataSource database = database(kind);
    JdbcTokenStore store =
        JdbcTokenStore.builder().dataSource(database).createTablesIfMissing(true).build();
    JdbcAuditLog audit =
        JdbcAuditLog.builder().dataSource(database).createTableIfMissing(true).build();
    server =
        new TestServer(
            RouteRules.builder().permit("*", "/admin/**").permit("POST", PATH).build(),
            "/",
            new ObservedStore(store),
            audit,
            null,
            builder -> builder,
            (tokenry, context) ->
                context.addServlet(new ServletHolder(new PublicRevokeServlet(tokenry)), PATH));
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> revoke(String token) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.uri(PATH))
            .POST(HttpRequest.BodyPublishers.ofString("{\"tokens\":[\"" + token + "\"]}"))
            .header("Content-Type", "application/json")
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"H2", "PostgreSQL"})
  void revokeWhenTokenInDatabaseThenDeadAuditedAndAnswersAlike(String kind) throws Exception {
    start(kind);
    IssuedToken live =
        server.tokenry.issue(
            Actor.system("acme"),
            TokenRequest.builder()
                .name("found")
                .expiresIn(ExpiryPreset.NEVER)
                .type(TokenType.READ_ONLY)
                .build());
    IssuedToken other =
        server.tokenry.issue(
            Actor.system("acme"),
            TokenRequest.builder()
                .name("other")
                .expiresIn(ExpiryPreset.NEVER)
                .type(TokenType.READ_ONLY)
                .build());

    HttpResponse<String> wrongSecret =
        revoke(TestTokens.withRandomSecret("tkr", other.token().id()));
    HttpResponse<String> liveAnswer = revoke(live.plaintext());

    assertThat(liveAnswer.statusCode()).isEqualTo(202);
    assertThat(liveAnswer.body()).isEqualTo(wrongSecret.body());
    assertThat(server.tokenry.verify(live.plaintext())).isEmpty();
    assertThat(server.tokenry.verify(other.plaintext())).isPresent();

    HttpResponse<String> audit = server.admin("GET", "/audit", "alice", null);
    assertThat(audit.statusCode()).isEqualTo(200);
    JsonNode records = TestServer.json(audit).get("records");
    assertThat(records.get(0).get("action").textValue()).isEqualTo("leak_revoked");
    assertThat(records.get(0).get("source").textValue()).isEqualTo("public-revoke");
    assertThat(records.get(0).get("tokenId").textValue()).isEqualTo(live.token().id());
    assertThat(records).hasSize(3);
    assertThat(audit.body()).doesNotContain(live.plaintext()).doesNotContain(other.plaintext());
  }
}
