package dev.tokenry.examples;

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

/** The shaded example jar as a separate process, for the tests that start, stop or kill it. */
final class ExampleJar {

  static final Path JAR = Path.of("target", "tokenry-examples.jar");

  private ExampleJar() {}

  /** Starts the jar on a port and a JDBC URL, its output going to a log file. */
  static Process start(int port, String jdbcUrl, Path log) throws IOException {
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

  /** Waits until the app serves its admin page and has said it is ready; fails with its log. */
  static URI awaitUp(Process process, HttpClient http, int port, Path log) throws Exception {
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
                HttpRequest.newBuilder(base.resolve("/admin/api/"))
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

  /** A GET with a bearer token. */
  static HttpResponse<String> get(HttpClient http, URI base, String path, String token)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
