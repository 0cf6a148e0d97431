package dev.tokenry.benchmarks;

import dev.tokenry.testsupport.PostgresServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The example app (examples/jetty's jar, started as a child process) on a PostgreSQL server this
 * program starts, under a bounded keep-alive load: a fixed number of connections, each sending its
 * next request when the answer to the last one is in. For the app without and with {@code
 * --cache-max-staleness 1s}: requests per second and p50 / p99 latency of {@code GET /api/v1/me}
 * with a valid token, against the same server's unauthenticated {@code GET /}.
 *
 * <pre>
 * java -cp benchmarks/target/tokenry-benchmarks.jar dev.tokenry.benchmarks.ExampleLoad \
 *     examples/jetty/target/tokenry-examples.jar [connections] [seconds]
 * </pre>
 */
public final class ExampleLoad {

  private static final Pattern PLAINTEXT = Pattern.compile("\"plaintext\"\\s*:\\s*\"([^\"]+)\"");

  private ExampleLoad() {}

  public static void main(String[] args) throws Exception {
    String jar = args[0];
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    System.out.println("Run at " + Instant.now() + ", " + connections + " keep-alive connections");
    try (PostgresServer server = PostgresServer.startNew()) {
      for (String cache : new String[] {null, "1s"}) {
        PGSimpleDataSource database = server.newDatabase();
        int port = freePort();
        List<String> command =
            new ArrayList<>(
                List.of(
                    System.getProperty("java.home") + "/bin/java",
                    "-jar",
                    jar,
                    "--port",
                    String.valueOf(port),
                    "--jdbc-url",
                    database.getURL(),
                    "--jdbc-user",
                    PostgresServer.USER));
        if (cache != null) {
          command.addAll(List.of("--cache-max-staleness", cache));
        }
        Process app = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
          awaitRunning(app);
          String token = issue(port);
          String label =
              cache == null ? "without the cache" : "with --cache-max-staleness " + cache;
          run(
              label + ", GET / (unauthenticated, a 302)",
              port,
              "/",
              "none",
              302,
              connections,
              seconds);
          run(
              label + ", GET /api/v1/me (token)",
              port,
              "/api/v1/me",
              "Bearer " + token,
              200,
              connections,
              seconds);
        } finally {
          app.destroy();
          app.waitFor(20, TimeUnit.SECONDS);
        }
      }
    }
  }

  private static void awaitRunning(Process app) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.contains("Tokenry demo is running")) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // keep the pipe empty
                    }
                  } catch (IOException e) {
                    // the app ended
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return;
      }
    }
    throw new IllegalStateException("the app ended before it was running");
  }

  private static String issue(int port) throws IOException, InterruptedException {
    HttpResponse<String> created =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/api/tokens"))
                    .header("Cookie", "tokenry-demo-user=bob")
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"load\",\"expiresIn\":\"30d\",\"type\":\"read-only\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    Matcher m = PLAINTEXT.matcher(created.body());
    if (created.statusCode() != 201 || !m.find()) {
      throw new IllegalStateException("could not issue a token: " + created.statusCode());
    }
    return m.group(1);
  }

  private static void run(
      String label,
      int port,
      String path,
      String authorization,
      int expected,
      int connections,
      int seconds)
      throws Exception {
    long[][] latencies = new long[connections][];
    int[] counts = new int[connections];
    int[] unexpected = new int[connections];
    Thread[] threads = new Thread[connections];
    long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    long end = warmUpEnd + TimeUnit.SECONDS.toNanos(seconds);
    for (int c = 0; c < connections; c++) {
      int index = c;
      latencies[c] = new long[4_000_000];
      threads[c] =
          new Thread(
              () -> {
                try (KeepAliveClient client = new KeepAliveClient(port, path, authorization)) {
                  long now;
                  while ((now = System.nanoTime()) < end) {
                    int status = client.exchange();
                    long took = System.nanoTime() - now;
                    if (now >= warmUpEnd && counts[index] < latencies[index].length) {
                      latencies[index][counts[index]++] = took;
                      if (status != expected) {
                        unexpected[index]++;
                      }
                    }
                  }
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      threads[c].start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int c = 0; c < connections; c++) {
      System.arraycopy(latencies[c], 0, all, at, counts[c]);
      at += counts[c];
    }
    Arrays.sort(all);
    System.out.printf(
        "%s: %.0f requests/s, p50 %.3f ms, p99 %.3f ms (%d requests, %d unexpected answers)%n",
        label,
        total / (double) seconds,
        all[total / 2] / 1e6,
        all[(int) Math.ceil(total * 0.99) - 1] / 1e6,
        total,
        Arrays.stream(unexpected).sum());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
