package dev.tokenry.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.Role;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.testing.CapturedLogs;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the demo refuses, over real HTTP against the real Jetty: TRACE, a foreign {@code Host}, and
 * oversized or unreadable contract bodies — each as a JSON 4xx, with no stack trace in the logs.
 */
class DemoHardeningTest {

  private static final Actor ALICE = Actor.user("alice", "acme", Role.OWNER);
  private static final String CONTRACTS = "/api/projects/catalog/contracts";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final ch.qos.logback.classic.Logger JETTY_LOG =
      (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.eclipse.jetty");

  private static ExampleServer server;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    Path run =
        Files.createDirectories(Path.of("target", "hardening-test", "run-" + System.nanoTime()));
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
    token =
        server
            .tokenry()
            .issue(
                ALICE,
                TokenRequest.builder()
                    .name("hardening")
                    .type(TokenType.FULL_ACCESS)
                    .expiresIn(ExpiryPreset.SEVEN_DAYS)
                    .build())
            .plaintext();
  }

  @AfterAll
  static void stop() {
    JETTY_LOG.setLevel(null);
    server.close();
  }

  private static String ownHost() {
    return "127.0.0.1:" + server.port();
  }

  @Test
  void traceWhenAnyPathAuthenticatedOrNotThen405WithoutEcho() throws Exception {
    for (String path :
        List.of("/", "/admin/", "/admin/api/tokens", "/api/v1/me", CONTRACTS, "/nope")) {
      for (boolean authenticated : List.of(false, true)) {
        String[] headers =
            authenticated
                ? new String[] {"Authorization: Bearer " + token, "Cookie: tokenry-demo-user=alice"}
                : new String[0];
        RawHttp.Answer answer =
            RawHttp.send(server.port(), "TRACE", path, ownHost(), null, headers);
        assertThat(answer.status()).as("TRACE %s", path).isEqualTo(405);
        assertThat(answer.header("Allow")).doesNotContain("TRACE");
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.body())
            .contains("\"message\"")
            .doesNotContain(token, "tokenry-demo-user");
      }
    }
  }

  @Test
  void requestWhenHostIsNotOwnAddressThen421BeforeAnyServlet() throws Exception {
    int port = server.port();
    for (String host :
        List.of(
            "evil.example",
            "evil.example:" + port,
            "127.0.0.1.evil.example:" + port,
            "localhost:" + (port == 65535 ? 1 : port + 1),
            "127.0.0.1")) {
      RawHttp.Answer answer =
          RawHttp.send(
              port, "GET", "/admin/api/context", host, null, "Cookie: tokenry-demo-user=alice");
      assertThat(answer.status()).as("Host %s", host).isEqualTo(421);
      assertThat(answer.header("Content-Type")).startsWith("application/json");
      assertThat(answer.body()).contains("\"message\"").doesNotContain("alice");
    }
    RawHttp.Answer tokens =
        RawHttp.send(
            port,
            "POST",
            "/admin/api/tokens",
            "rebound.example:" + port,
            "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8),
            "Cookie: tokenry-demo-user=alice",
            "Content-Type: application/json");
    assertThat(tokens.status()).isEqualTo(421);
    RawHttp.Answer none = RawHttp.send(port, "GET", "/admin/api/context", null, null);
    assertThat(none.status()).isIn(400, 421);
  }

  @Test
  void signInWhenSameSiteThenStrictHttpOnlyCookieAndCrossSiteRefused() throws Exception {
    byte[] form = "user=carol".getBytes(StandardCharsets.UTF_8);
    RawHttp.Answer ok =
        RawHttp.send(
            server.port(),
            "POST",
            "/demo/sign-in",
            ownHost(),
            form,
            "Content-Type: application/x-www-form-urlencoded",
            "Sec-Fetch-Site: same-origin");
    assertThat(ok.status()).isEqualTo(303);
    assertThat(ok.header("Location")).isEqualTo("/admin/api/");
    assertThat(ok.header("Set-Cookie"))
        .startsWith("tokenry-demo-user=carol;")
        .contains("HttpOnly", "SameSite=Strict", "Path=/");

    RawHttp.Answer crossSite =
        RawHttp.send(
            server.port(),
            "POST",
            "/demo/sign-in",
            ownHost(),
            form,
            "Content-Type: application/x-www-form-urlencoded",
            "Sec-Fetch-Site: cross-site");
    assertThat(crossSite.status()).isEqualTo(403);
    assertThat(crossSite.header("Set-Cookie")).isNull();

    RawHttp.Answer old = RawHttp.send(server.port(), "GET", "/admin/", ownHost(), null);
    assertThat(old.status()).isEqualTo(301);
    assertThat(old.header("Location")).isEqualTo("/admin/api/");
    RawHttp.Answer twoCookies =
        RawHttp.send(
            server.port(),
            "GET",
            "/admin/api/context",
            ownHost(),
            null,
            "Cookie: tokenry-demo-user=carol; tokenry-demo-user=alice");
    assertThat(twoCookies.status()).isEqualTo(401);
  }

  @Test
  void requestWhenHostIsOwnAddressThenServed() throws Exception {
    int port = server.port();
    for (String host :
        List.of("127.0.0.1:" + port, "localhost:" + port, "LocalHost:" + port, "[::1]:" + port)) {
      RawHttp.Answer answer =
          RawHttp.send(
              port, "GET", "/admin/api/context", host, null, "Cookie: tokenry-demo-user=alice");
      assertThat(answer.status()).as("Host %s", host).isEqualTo(200);
    }
  }

  @Test
  void postContractWhenBodyTooLargeThen413Json() throws Exception {
    byte[] large =
        ("{\"title\":\"" + "x".repeat(17 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
    RawHttp.Answer declared =
        RawHttp.send(
            server.port(),
            "POST",
            CONTRACTS,
            ownHost(),
            large,
            "Authorization: Bearer " + token,
            "Content-Type: application/json");
    assertThat(declared.status()).isEqualTo(413);
    assertThat(declared.body()).contains("\"message\"");

    // Chunked, so no Content-Length announces the size.
    HttpResponse<String> chunked =
        HTTP.send(
            HttpRequest.newBuilder(server.baseUri().resolve(CONTRACTS))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(large)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(chunked.body()).contains("\"message\"");
  }

  @Test
  void postContractWhenBodyUnreadableThen400JsonAndNoStackTraceLogged() throws Exception {
    ByteArrayOutputStream utf32 = new ByteArrayOutputStream();
    utf32.write("{\"title\":\"".getBytes("UTF-32BE"));
    utf32.write(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    utf32.write("\"}".getBytes("UTF-32BE"));
    byte[] notUtf8 = {
      '{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xc3, '"', '}'
    };
    record Case(String contentType, byte[] body) {}
    List<Case> cases =
        List.of(
            new Case("application/json", "{nope".getBytes(StandardCharsets.UTF_8)),
            new Case("application/json", "[".repeat(5000).getBytes(StandardCharsets.UTF_8)),
            new Case("application/json; charset=UTF-32", utf32.toByteArray()),
            new Case("application/json; charset=UTF-8", notUtf8),
            new Case("application/json", notUtf8),
            new Case(
                "application/json; charset=no-such-charset",
                "{}".getBytes(StandardCharsets.UTF_8)));
    try (CapturedLogs logs = capture()) {
      for (Case c : cases) {
        RawHttp.Answer answer =
            RawHttp.send(
                server.port(),
                "POST",
                CONTRACTS,
                ownHost(),
                c.body(),
                "Authorization: Bearer " + token,
                "Content-Type: " + c.contentType());
        assertThat(answer.status()).as(c.contentType()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.body()).contains("{\"message\":").doesNotContain("Exception", "<html");
      }
      assertThat(linesOf(logs)).noneMatch(DemoHardeningTest::isWarningOrError);
    }
  }

  @Test
  void clientErrorsWhenHostileInputThenNoWarningOrErrorLogged() throws Exception {
    try (CapturedLogs logs = capture()) {
      int port = server.port();
      byte[] bad = "{nope".getBytes(StandardCharsets.UTF_8);
      RawHttp.send(port, "TRACE", "/api/v1/me", ownHost(), null, "Authorization: Bearer " + token);
      RawHttp.send(port, "GET", "/", "evil.example", null);
      RawHttp.send(port, "GET", "/api/v1/me", ownHost(), null, "Authorization: Bearer tkr_nope");
      RawHttp.send(port, "GET", "/api/%2e%2e/admin/api/tokens", ownHost(), null);
      RawHttp.send(
          port,
          "POST",
          "/admin/api/tokens",
          ownHost(),
          bad,
          "Cookie: tokenry-demo-user=alice",
          "Content-Type: application/json");
      RawHttp.send(
          port,
          "POST",
          CONTRACTS,
          ownHost(),
          bad,
          "Authorization: Bearer " + token,
          "Content-Type: application/json");
      assertThat(linesOf(logs)).noneMatch(DemoHardeningTest::isWarningOrError);
    }
  }

  /**
   * Captures the logs, with Jetty kept at INFO: CapturedLogs turns every logger to TRACE, and
   * Jetty's selector threads would then log without pause while the capture is read.
   */
  private static CapturedLogs capture() {
    CapturedLogs logs = new CapturedLogs();
    JETTY_LOG.setLevel(ch.qos.logback.classic.Level.INFO);
    return logs;
  }

  /** CapturedLogs can be read while Jetty's threads still log. */
  private static List<String> linesOf(CapturedLogs logs) {
    return logs.lines();
  }

  private static boolean isWarningOrError(String line) {
    return line.startsWith("WARN ") || line.startsWith("ERROR ");
  }
}
