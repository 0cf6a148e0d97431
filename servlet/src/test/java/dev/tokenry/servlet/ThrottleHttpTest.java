package dev.tokenry.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.TestTokens;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.testing.MutableClock;
import dev.tokenry.testing.ObservedStore;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failed-attempt throttling in the filter over real HTTP, on a fake clock. */
class ThrottleHttpTest {

  private final MutableClock throttleClock =
      new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private TestServer server;
  private String valid;

  @BeforeEach
  void start() throws Exception {
    SlidingWindowThrottle throttle =
        new SlidingWindowThrottle(3, Duration.ofMinutes(1), 1000, throttleClock);
    server =
        new TestServer(
            RouteRules.builder()
                .permit("*", "/admin/**")
                .permit("GET", "/api/health")
                .authenticated("GET", "/api/v1/me")
                .build(),
            "/",
            new ObservedStore(),
            null,
            builder -> builder.throttle(throttle),
            (tokenry, context) -> {});
    valid =
        server
            .tokenry
            .issue(
                Actor.system("acme"),
                TokenRequest.builder()
                    .name("valid")
                    .expiresIn(ExpiryPreset.NEVER)
                    .type(TokenType.READ_ONLY)
                    .build())
            .plaintext();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private String wrongSecret() {
    return "Bearer " + TestTokens.withRandomSecret("tkr", "0123456789abcdef");
  }

  @Test
  void requestWhenFailuresReachLimitThenTooManyRequestsWithoutStoreAccess() throws Exception {
    assertThat(server.get("/api/v1/me", wrongSecret()).statusCode()).isEqualTo(401);
    assertThat(server.get("/api/v1/me", "Bearer garbage").statusCode()).isEqualTo(401);
    assertThat(server.get("/api/v1/me", wrongSecret()).statusCode()).isEqualTo(401);
    int finds = server.store.finds.get();

    HttpResponse<String> refused = server.get("/api/v1/me", "Bearer " + valid);

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After"))
        .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 61L));
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(refused.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(refused.body()).isEqualTo("{\"message\":\"Too Many Requests.\"}");
    for (int i = 0; i < 20; i++) {
      assertThat(server.get("/api/v1/me", wrongSecret()).statusCode()).isEqualTo(429);
    }
    assertThat(server.store.finds.get()).isEqualTo(finds);
    // Routes that need no token are not throttled.
    assertThat(server.get("/api/health", null).statusCode()).isNotEqualTo(429);
  }

  @Test
  void requestWhenWindowMovesOnThenAnsweredAgain() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.get("/api/v1/me", wrongSecret());
    }
    HttpResponse<String> refused = server.get("/api/v1/me", "Bearer " + valid);
    assertThat(refused.statusCode()).isEqualTo(429);

    throttleClock.advance(
        Duration.ofSeconds(Long.parseLong(refused.headers().firstValue("Retry-After").get())));

    assertThat(server.get("/api/v1/me", "Bearer " + valid).statusCode()).isEqualTo(200);
  }

  @Test
  void requestWhenOnlySuccessesAndMissingCredentialsThenNeverThrottled() throws Exception {
    for (int i = 0; i < 10; i++) {
      assertThat(server.get("/api/v1/me", "Bearer " + valid).statusCode()).isEqualTo(200);
      assertThat(server.get("/api/v1/me", null).statusCode()).isEqualTo(401);
    }
  }
}
