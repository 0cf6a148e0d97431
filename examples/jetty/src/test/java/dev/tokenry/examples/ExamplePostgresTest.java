package dev.tokenry.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenry.testsupport.PostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The app on a real PostgreSQL server ({@code --jdbc-url jdbc:postgresql://…}): tables created on
 * the first start, a token issued over the admin API works on the demo API, and it survives a
 * restart with its last use written on shutdown. The server comes from test-support's {@link
 * PostgresServer}.
 */
class ExamplePostgresTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void appWhenGivenPostgresUrlThenIssuesVerifiesAndKeepsTokensAcrossRestart() throws Exception {
    String url = PostgresServer.shared().newDatabase().getURL();
    AppOptions options =
        new AppOptions(
            0, AppOptions.DEFAULT_HOST, url, "tokenry", "", "tkr", Duration.ofSeconds(2), false);

    String plaintext;
    String tokenId;
    try (ExampleServer first = ExampleServer.start(options)) {
      HttpResponse<String> created =
          http.send(
              HttpRequest.newBuilder(first.baseUri().resolve("/admin/api/tokens"))
                  .header("Cookie", "tokenry-demo-user=bob")
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"name\":\"pg-deploy\",\"expiresIn\":\"30d\","
                              + "\"type\":\"read-only\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      JsonNode issued = JSON.readTree(created.body());
      plaintext = issued.path("plaintext").asText();
      tokenId = issued.path("token").path("id").asText();

      assertThat(me(first.baseUri(), plaintext).statusCode()).isEqualTo(200);
      assertThat(me(first.baseUri(), plaintext + "x").statusCode()).isEqualTo(401);
    }

    try (ExampleServer second = ExampleServer.start(options)) {
      HttpResponse<String> me = me(second.baseUri(), plaintext);
      assertThat(me.statusCode())
          .as("a token issued before the restart still works")
          .isEqualTo(200);
      assertThat(JSON.readTree(me.body()).path("tokenId").asText()).isEqualTo(tokenId);
      HttpResponse<String> listed =
          http.send(
              HttpRequest.newBuilder(second.baseUri().resolve("/admin/api/tokens/" + tokenId))
                  .header("Cookie", "tokenry-demo-user=alice")
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(JSON.readTree(listed.body()).path("lastUsedAt").isTextual())
          .as("last use written when the first run closed: " + listed.body())
          .isTrue();
    }
  }

  @Test
  void twoAppsWithCacheWhenTokenRevokedOnOneThenRefusedOnTheOther() throws Exception {
    String url = PostgresServer.shared().newDatabase().getURL();
    // A bound of a minute: a 401 on the second app within ten seconds comes from the
    // notification, not from expiry.
    AppOptions options =
        new AppOptions(
            0,
            AppOptions.DEFAULT_HOST,
            url,
            "tokenry",
            "",
            "tkr",
            Duration.ofSeconds(2),
            false,
            Duration.ofMinutes(1));
    try (ExampleServer first = ExampleServer.start(options);
        ExampleServer second = ExampleServer.start(options)) {
      HttpResponse<String> created =
          http.send(
              HttpRequest.newBuilder(first.baseUri().resolve("/admin/api/tokens"))
                  .header("Cookie", "tokenry-demo-user=bob")
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"name\":\"cached\",\"expiresIn\":\"30d\","
                              + "\"type\":\"read-only\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      JsonNode issued = JSON.readTree(created.body());
      String plaintext = issued.path("plaintext").asText();
      String tokenId = issued.path("token").path("id").asText();
      assertThat(me(second.baseUri(), plaintext).statusCode()).isEqualTo(200);
      assertThat(me(second.baseUri(), plaintext).statusCode()).isEqualTo(200);

      HttpResponse<String> deleted =
          http.send(
              HttpRequest.newBuilder(first.baseUri().resolve("/admin/api/tokens/" + tokenId))
                  .header("Cookie", "tokenry-demo-user=bob")
                  .DELETE()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);

      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      int status;
      while ((status = me(second.baseUri(), plaintext).statusCode()) == 200
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(status).isEqualTo(401);
    }
  }

  private HttpResponse<String> me(URI base, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve("/api/v1/me"))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
