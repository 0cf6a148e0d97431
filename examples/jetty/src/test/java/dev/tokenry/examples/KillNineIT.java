package dev.tokenry.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar on its default kind of database, an H2 file, killed with SIGKILL right after it
 * answered 201 to an issue and 204 to a revoke: started again on the same file, both are there. H2
 * delays writing a commit by 500 ms by default ({@code WRITE_DELAY}); the app sets it to 0.
 */
class KillNineIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process process;

  @AfterEach
  void killLeftover() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  @Test
  void jarWhenKilledRightAfterIssueAndRevokeThenBothSurviveRestart() throws Exception {
    assertThat(ExampleJar.JAR).as("the shaded jar built by mvn package").isRegularFile();
    Path run = Files.createDirectories(Path.of("target", "kill-it", "run-" + System.nanoTime()));
    String jdbcUrl = "jdbc:h2:" + run.resolve("demo").toAbsolutePath();
    int port = ExampleJar.freePort();

    Path firstLog = run.resolve("first.log");
    process = ExampleJar.start(port, jdbcUrl, firstLog);
    URI base = ExampleJar.awaitUp(process, http, port, firstLog);
    JsonNode revokedToken = JSON.readTree(issue(base, "to-revoke"));
    killNow();

    Path secondLog = run.resolve("second.log");
    process = ExampleJar.start(port, jdbcUrl, secondLog);
    ExampleJar.awaitUp(process, http, port, secondLog);
    String revokedId = revokedToken.path("token").path("id").asText();
    assertThat(
            ExampleJar.get(http, base, "/api/v1/me", revokedToken.path("plaintext").asText())
                .statusCode())
        .as("a token issued right before kill -9 still works")
        .isEqualTo(200);
    HttpResponse<String> revoked =
        http.send(
            HttpRequest.newBuilder(base.resolve("/admin/api/tokens/" + revokedId))
                .header("Cookie", "tokenry-demo-user=bob")
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(revoked.statusCode()).as(revoked.body()).isBetween(200, 204);
    JsonNode kept = JSON.readTree(issue(base, "kept"));
    killNow();

    process = ExampleJar.start(port, jdbcUrl, run.resolve("third.log"));
    ExampleJar.awaitUp(process, http, port, run.resolve("third.log"));
    assertThat(
            ExampleJar.get(http, base, "/api/v1/me", revokedToken.path("plaintext").asText())
                .statusCode())
        .as("a token revoked right before kill -9 stays revoked")
        .isEqualTo(401);
    assertThat(
            ExampleJar.get(http, base, "/api/v1/me", kept.path("plaintext").asText()).statusCode())
        .as("a token issued right before kill -9 still works")
        .isEqualTo(200);
  }

  private String issue(URI base, String name) throws Exception {
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(base.resolve("/admin/api/tokens"))
                .header("Cookie", "tokenry-demo-user=bob")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"" + name + "\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return created.body();
  }

  private void killNow() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
  }
}
