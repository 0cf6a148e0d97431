package dev.tokenry.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.IssuedToken;
import dev.tokenry.TestTokens;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.testing.MutableClock;
import dev.tokenry.testing.ObservedStore;
import dev.tokenry.testing.RecordingListener;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The public revoke over real HTTP: always 202, revokes only whole live tokens, rate limited. */
class PublicRevokeServletHttpTest {

  private static final String PATH = "/api/public/tokens/revoke";
  private final MutableClock throttleClock =
      new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final RecordingListener events = new RecordingListener();
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    SlidingWindowThrottle throttle =
        new SlidingWindowThrottle(5, Duration.ofMinutes(1), 1000, throttleClock);
    server =
        new TestServer(
            RouteRules.builder().permit("*", "/admin/**").permit("POST", PATH).build(),
            "/",
            new ObservedStore(),
            events,
            builder -> builder,
            (tokenry, context) ->
                context.addServlet(
                    new ServletHolder(new PublicRevokeServlet(tokenry, throttle)), PATH));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private IssuedToken issue(String name) {
    return server.tokenry.issue(
        Actor.system("acme"),
        TokenRequest.builder()
            .name(name)
            .expiresIn(ExpiryPreset.NEVER)
            .type(TokenType.READ_ONLY)
            .build());
  }

  private HttpResponse<String> post(String json) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.uri(PATH))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .header("Content-Type", "application/json")
            .build();
    // A fresh client each time: a refused POST may leave its connection closed.
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void revokeWhenLiveAndDeadTokensThenSameAnswerAndOnlyLiveRevoked() throws Exception {
    IssuedToken live = issue("found-on-a-forum");
    IssuedToken idOnly = issue("id-only");
    String wrongSecret = TestTokens.withRandomSecret("tkr", idOnly.token().id());
    String unknown = TestTokens.withRandomSecret("tkr", "0123456789abcdef");

    HttpResponse<String> withLive =
        post("{\"tokens\":[\"" + live.plaintext() + "\",\"" + wrongSecret + "\"]}");
    HttpResponse<String> allDead =
        post("{\"tokens\":[\"" + unknown + "\",\"" + live.plaintext() + "\",\"junk\"]}");

    assertThat(withLive.statusCode()).isEqualTo(202);
    assertThat(allDead.statusCode()).isEqualTo(202);
    assertThat(withLive.body()).isEqualTo(allDead.body()).isEqualTo("{\"message\":\"Accepted.\"}");
    assertThat(withLive.headers().map().keySet()).isEqualTo(allDead.headers().map().keySet());
    assertThat(server.tokenry.verify(live.plaintext())).isEmpty();
    assertThat(server.tokenry.verify(idOnly.plaintext())).isPresent();
    assertThat(events.events).contains("leaked " + live.token().id() + " from public-revoke at -");
  }

  @Test
  void revokeWhenBodyMalformedThenBadRequestNamingTokens() throws Exception {
    for (String body :
        new String[] {
          "[]",
          "{\"tokens\":\"x\"}",
          "{\"tokens\":[]}",
          "{\"tokens\":[1]}",
          "{\"tokens\":[\"x\"],\"extra\":1}",
          "{\"tokens\":[" + String.join(",", Collections.nCopies(101, "\"x\"")) + "]}"
        }) {
      throttleClock.advance(Duration.ofMinutes(5));
      HttpResponse<String> response = post(body);
      assertThat(response.statusCode()).as(body).isEqualTo(400);
      assertThat(TestServer.json(response).get("errors").has("tokens")).as(body).isTrue();
    }
  }

  @Test
  void revokeWhenOverRateLimitThenTooManyRequests() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertThat(post("{\"tokens\":[\"x\"]}").statusCode()).isEqualTo(202);
    }
    HttpResponse<String> refused = post("{\"tokens\":[\"x\"]}");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.body()).isEqualTo("{\"message\":\"Too Many Requests.\"}");

    throttleClock.advance(Duration.ofMinutes(2));
    assertThat(post("{\"tokens\":[\"x\"]}").statusCode()).isEqualTo(202);
  }

  @Test
  void revokeWhenStoreUnavailableThenServiceUnavailable() throws Exception {
    IssuedToken live = issue("store-down");
    server.store.down(true);
    try {
      HttpResponse<String> response = post("{\"tokens\":[\"" + live.plaintext() + "\"]}");
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
    } finally {
      server.store.down(false);
    }
  }

  @Test
  void revokeWhenNotJsonOrNotPostThenRefused() throws Exception {
    HttpRequest form =
        HttpRequest.newBuilder(server.uri(PATH))
            .POST(HttpRequest.BodyPublishers.ofString("tokens=x"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .build();
    assertThat(
            HttpClient.newHttpClient()
                .send(form, HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(415);
  }
}
