package dev.tokenry.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.Role;
import dev.tokenry.TokenKind;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The protected demo API over real HTTP, with tokens issued through the app's Tokenry. */
class DemoApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Actor ALICE = Actor.user("alice", "acme", Role.OWNER);

  private static ExampleServer server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Path run = Files.createDirectories(Path.of("target", "api-test", "run-" + System.nanoTime()));
    server =
        ExampleServer.start(
            new AppOptions(
                0,
                AppOptions.DEFAULT_HOST,
                "jdbc:h2:" + run.resolve("db").toAbsolutePath(),
                "sa",
                "",
                "tkr",
                Duration.ofSeconds(2),
                false));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String issue(Actor actor, TokenRequest.Builder request) {
    return server
        .tokenry()
        .issue(actor, request.expiresIn(ExpiryPreset.SEVEN_DAYS).build())
        .plaintext();
  }

  @Test
  void meWhenOrganizationTokenThenDescribesIt() throws Exception {
    String token = issue(ALICE, TokenRequest.builder().name("me-org").type(TokenType.READ_ONLY));
    HttpResponse<String> me = send("GET", "/api/v1/me", token, null);
    assertThat(me.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(me.body());
    assertThat(body.path("organizationId").asText()).isEqualTo("acme");
    assertThat(body.path("projectId").isNull()).isTrue();
    assertThat(body.path("kind").asText()).isEqualTo("organization");
    assertThat(body.path("owner").isNull()).isTrue();
    assertThat(body.path("permissions").toString()).isEqualTo("[\"*:read\"]");
  }

  @Test
  void meWhenPersonalMemberTokenThenLimitedToMemberPermissions() throws Exception {
    String token =
        issue(
            Actor.user("carol", "acme", Role.MEMBER),
            TokenRequest.builder()
                .name("carol-me")
                .kind(TokenKind.PERSONAL)
                .type(TokenType.READ_ONLY));
    JsonNode body = JSON.readTree(send("GET", "/api/v1/me", token, null).body());
    assertThat(body.path("kind").asText()).isEqualTo("personal");
    assertThat(body.path("owner").asText()).isEqualTo("carol");
    assertThat(
            send("POST", "/api/projects/royalties/contracts", token, "{\"title\":\"x\"}")
                .statusCode())
        .isEqualTo(403);
  }

  @Test
  void contractsWhenNoTokenOrBadTokenThen401() throws Exception {
    HttpResponse<String> none = send("GET", "/api/projects/royalties/contracts", null, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"tokenry-demo\"");
    assertThat(send("GET", "/api/v1/me", "tkr_nope", null).statusCode()).isEqualTo(401);
  }

  @Test
  void contractsWhenProjectOfAnotherOrganizationThen404() throws Exception {
    String token =
        issue(ALICE, TokenRequest.builder().name("other-org").type(TokenType.FULL_ACCESS));
    assertThat(send("GET", "/api/projects/ledger/contracts", token, null).statusCode())
        .isEqualTo(404);
    assertThat(send("GET", "/api/projects/nope/contracts", token, null).statusCode())
        .isEqualTo(404);
  }

  @Test
  void contractsWhenProjectTokenOnAnotherProjectThen403() throws Exception {
    String token =
        issue(
            ALICE,
            TokenRequest.builder()
                .name("royalties-only")
                .project("royalties")
                .type(TokenType.FULL_ACCESS));
    assertThat(send("GET", "/api/projects/royalties/contracts", token, null).statusCode())
        .isEqualTo(200);
    HttpResponse<String> other = send("GET", "/api/projects/catalog/contracts", token, null);
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.body()).isEqualTo("{\"message\":\"Forbidden.\"}");
  }

  @Test
  void contractsWhenWriteTokenPostsThenCreatedAndListed() throws Exception {
    String token =
        issue(
            ALICE,
            TokenRequest.builder().name("writer").custom("contracts:read", "contracts:write"));
    HttpResponse<String> created =
        send(
            "POST",
            "/api/projects/catalog/contracts",
            token,
            "{\"title\":\"Licence: Harbour Lights\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(send("GET", "/api/projects/catalog/contracts", token, null).body())
        .contains("Licence: Harbour Lights");
    assertThat(
            send("POST", "/api/projects/catalog/contracts", token, "{\"title\":\"\"}").statusCode())
        .isEqualTo(422);
    assertThat(send("POST", "/api/projects/catalog/contracts", token, "{nope").statusCode())
        .isEqualTo(400);
  }

  @Test
  void contractsWhenReadOnlyTokenPostsThen403WithScope() throws Exception {
    String token = issue(ALICE, TokenRequest.builder().name("reader").type(TokenType.READ_ONLY));
    HttpResponse<String> denied =
        send("POST", "/api/projects/catalog/contracts", token, "{\"title\":\"x\"}");
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("scope=\"contracts:write\"");
  }

  @Test
  void adminApiWhenNoDemoUserThen401() throws Exception {
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(server.baseUri().resolve("/admin/api/tokens")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(401);
  }

  private static HttpResponse<String> send(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.baseUri().resolve(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
