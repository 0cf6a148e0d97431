package dev.tokenry.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar on its default kind of database, an H2 file, killed with SIGKILL right after it
 * answered 201 to an issue and 204 to a revoke: started again on the same file, both are there. H2
 * delays writing a commit by 500 ms by default ({@code WRITE_DELAY}); the app sets it to 0.
 */
class KillNineIT {

  private static final Path JAR = Path.of("target", "tokenry-examples.jar");
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
    assertThat(JAR).as("the shaded jar built by mvn package").isRegularFile();
    Path run = Files.createDirectories(Path.of("target", "kill-it", "run-" + System.nanoTime()));
    String jdbcUrl = "jdbc:h2:" + run.resolve("demo").toAbsolutePath();
    int port = freePort();

    Path firstLog = run.resolve("first.log");
    process = start(port, jdbcUrl, firstLog);
    URI base = awaitUp(port, firstLog);
    JsonNode revokedToken = JSON.readTree(issue(base, "to-revoke"));
    killNow();

    Path secondLog = run.resolve("second.log");
    process = start(port, jdbcUrl, secondLog);
    awaitUp(port, secondLog);
    String revokedId = revokedToken.path("token").path("id").asText();
    assertThat(get(base, "/api/v1/me", revokedToken.path("plaintext").asText()).statusCode())
        .as("a token issued right before kill -9 still works")
        .isEqualTo(200);
    HttpResponse<String> revoked =
        http.send(
            HttpRequest.newBuilder(base.resolve("/admin/api/tokens/" + revokedId))
                .header("X-Demo-User", "bob")
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(revoked.statusCode()).as(revoked.body()).isBetween(200, 204);
    JsonNode kept = JSON.readTree(issue(base, "kept"));
    killNow();

    process = start(port, jdbcUrl, run.resolve("third.log"));
    awaitUp(port, run.resolve("third.log"));
    assertThat(get(base, "/api/v1/me", revokedToken.path("plaintext").asText()).statusCode())
        .as("a token revoked right before kill -9 stays revoked")
        .isEqualTo(401);
    assertThat(get(base, "/api/v1/me", kept.path("plaintext").asText()).statusCode())
        .as("a token issued right before kill -9 still works")
        .isEqualTo(200);
  }

  private String issue(URI base, String name) throws Exception {
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(base.resolve("/admin/api/tokens"))
                .header("X-Demo-User", "bob")
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

  private Process start(int port, String jdbcUrl, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-jar",
            JAR.toAbsolutePath().toString(),
            "--port",
            String.valueOf(port),
            "--jdbc-url",
            jdbcUrl)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private URI awaitUp(int port, Path log) throws Exception {
    URI base = URI.create("http://localhost:" + port + "/");
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "the app exited with " + process.exitValue() + ":\n" + Files.readString(log));
      }
      try {
        HttpResponse<Void> page =
            http.send(
                HttpRequest.newBuilder(base.resolve("/admin/"))
                    .timeout(Duration.ofSeconds(2))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (page.statusCode() == 200 && Files.readString(log).contains("Press Ctrl-C")) {
          return base;
        }
      } catch (ConnectException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the app did not start within 60 s:\n" + Files.readString(log));
  }

  private HttpResponse<String> get(URI base, String path, String token)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
