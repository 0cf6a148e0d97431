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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs what the README's run command builds: {@code java -jar target/tokenry-examples.jar} as a
 * separate process, talks to it over HTTP, stops it as Ctrl-C would, and starts it again on the
 * same H2 file to see the token survive. Runs in {@code mvn verify} after the shade plugin.
 */
class ExecutableJarIT {

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
  void jarWhenRunThenServesTheApiStopsCleanlyAndKeepsTokensAcrossRestart() throws Exception {
    assertThat(ExampleJar.JAR).as("the shaded jar built by mvn package").isRegularFile();
    Path run = Files.createDirectories(Path.of("target", "jar-it", "run-" + System.nanoTime()));
    String jdbcUrl = "jdbc:h2:" + run.resolve("demo").toAbsolutePath();

    int port = ExampleJar.freePort();
    Path firstLog = run.resolve("first.log");
    process = ExampleJar.start(port, jdbcUrl, firstLog);
    URI base = ExampleJar.awaitUp(process, http, port, firstLog);
    assertThat(Files.readString(firstLog)).contains("http://localhost:" + port + "/admin/");

    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(base.resolve("/admin/api/tokens"))
                .header("Cookie", "tokenry-demo-user=alice")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"jar-test\",\"expiresIn\":\"7d\"," + "\"type\":\"read-only\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode issued = JSON.readTree(created.body());
    String plaintext = issued.path("plaintext").asText();
    String tokenId = issued.path("token").path("id").asText();

    HttpResponse<String> me = ExampleJar.get(http, base, "/api/v1/me", plaintext);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(me.body()).path("tokenId").asText()).isEqualTo(tokenId);
    assertThat(ExampleJar.get(http, base, "/api/v1/me", plaintext + "x").statusCode())
        .isEqualTo(401);
    assertThat(
            ExampleJar.get(http, base, "/api/projects/catalog/contracts", plaintext).statusCode())
        .isEqualTo(200);
    assertThat(ExampleJar.get(http, base, "/api/projects/ledger/contracts", plaintext).statusCode())
        .isEqualTo(404);

    stopLikeCtrlC(firstLog);

    Path secondLog = run.resolve("second.log");
    process = ExampleJar.start(port, jdbcUrl, secondLog);
    ExampleJar.awaitUp(process, http, port, secondLog);
    assertThat(ExampleJar.get(http, base, "/api/v1/me", plaintext).statusCode())
        .as("a token issued before the restart still works")
        .isEqualTo(200);
    HttpResponse<String> listed =
        http.send(
            HttpRequest.newBuilder(base.resolve("/admin/api/tokens/" + tokenId))
                .header("Cookie", "tokenry-demo-user=alice")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(listed.body()).path("lastUsedAt").isTextual())
        .as("last use written on shutdown: " + listed.body())
        .isTrue();
    stopLikeCtrlC(secondLog);

    for (Path log : List.of(firstLog, secondLog)) {
      assertThat(Files.readString(log)).doesNotContain(plaintext);
    }
  }

  /** SIGTERM runs the same shutdown hook as Ctrl-C (SIGINT). */
  private void stopLikeCtrlC(Path log) throws Exception {
    process.destroy();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
    // 143 = terminated by SIGTERM after the shutdown hooks ran; 130 likewise for SIGINT.
    assertThat(process.exitValue()).isIn(0, 130, 143);
    String output = Files.readString(log);
    assertThat(output).contains("Stopping the Tokenry demo...", "Stopped.");
    assertThat(output).doesNotContain("Exception");
  }
}
