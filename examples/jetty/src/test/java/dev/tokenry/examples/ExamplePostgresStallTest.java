package dev.tokenry.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenry.testsupport.Freezer;
import dev.tokenry.testsupport.PostgresServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The app on PostgreSQL while the server is frozen (SIGSTOP of the postmaster and its backends):
 * the demo API and the admin API answer 503 with {@code Retry-After} within the bound DemoDatabase
 * promises, and after SIGCONT the same app, with the same pool, answers 200 again.
 */
@Timeout(120)
class ExamplePostgresStallTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration BOUND =
      Duration.ofSeconds(DemoDatabase.STALL_BOUND_SECONDS).plusSeconds(2);

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void appWhenDatabaseFrozenThenAnswers503WithinBoundAndAfterThawAnswersAgain() throws Exception {
    try (PostgresServer server = PostgresServer.startNew()) {
      // A bare URL, as a host would give it: the timeouts are the app's defaults (the data
      // source's getURL() would carry test-support's 30-second socket timeout).
      String url =
          "jdbc:postgresql://127.0.0.1:"
              + server.port()
              + "/"
              + server.newDatabase().getDatabaseName();
      AppOptions options =
          new AppOptions(
              0,
              AppOptions.DEFAULT_HOST,
              url,
              PostgresServer.USER,
              "",
              "tkr",
              Duration.ofSeconds(2),
              false);
      try (ExampleServer app = ExampleServer.start(options);
          Freezer freezer = new Freezer(server.postmaster())) {
        URI base = app.baseUri();
        HttpResponse<String> created = issue(base, "before");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String plaintext = JSON.readTree(created.body()).path("plaintext").asText();
        assertThat(me(base, plaintext).statusCode()).isEqualTo(200);

        freezer.freeze();
        assertUnavailableWithinBound("GET /api/v1/me", () -> me(base, plaintext));
        assertUnavailableWithinBound("POST /admin/api/tokens", () -> issue(base, "during"));
        freezer.thaw();

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int status = me(base, plaintext).statusCode();
        while (status == 503 && System.nanoTime() < deadline) {
          Thread.sleep(100);
          status = me(base, plaintext).statusCode();
        }
        assertThat(status).as("after thaw").isEqualTo(200);
        assertThat(issue(base, "after").statusCode()).isEqualTo(201);
      }
    }
  }

  private interface Call {
    HttpResponse<String> send() throws Exception;
  }

  private static void assertUnavailableWithinBound(String what, Call call) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = call.send();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.println(
        "[stall] " + what + " while frozen answered after " + took.toMillis() + " ms");
    assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).as(what).isPresent();
    assertThat(took).as(what + " took").isLessThan(BOUND);
  }

  private HttpResponse<String> issue(URI base, String name) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve("/admin/api/tokens"))
            .timeout(Duration.ofSeconds(30))
            .header("Cookie", "tokenry-demo-user=bob")
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"name\":\"" + name + "\",\"expiresIn\":\"30d\",\"type\":\"read-only\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> me(URI base, String token) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve("/api/v1/me"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
