package dev.tokenry.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.IssuedToken;
import dev.tokenry.Role;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import dev.tokenry.servlet.AttemptThrottle;
import dev.tokenry.spring.boot.app.DemoHost;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The bearer filter's defaults, over real HTTP, in a host with no address resolver or throttle of
 * its own: the peer address is recorded as last use whatever {@code X-Forwarded-For} claims; {@code
 * API-Token-Expiration} carries the expiry on authenticated answers (a 403 included) and is absent
 * for a never-expiring token; the default throttle counts in memory.
 */
@SpringBootTest(
    classes = DemoHost.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BearerFilterDefaultsHttpTest {

  static final Actor ALICE = Actor.user("alice", "acme", Role.OWNER);

  @LocalServerPort int port;
  @Autowired Tokenry tokenry;
  @Autowired AttemptThrottle throttle;

  private IssuedToken issue(ExpiryPreset expiry, String projectId) {
    TokenRequest.Builder request =
        TokenRequest.builder()
            .name("t-" + System.nanoTime())
            .type(TokenType.READ_ONLY)
            .expiresIn(expiry);
    if (projectId != null) {
      request.project(projectId);
    }
    return tokenry.issue(ALICE, request.build());
  }

  @Test
  void lastUseWhenAForwardedHeaderIsSentThenThePeerAddressIsRecordedNotTheHeader() {
    IssuedToken issued = issue(ExpiryPreset.ONE_DAY, null);

    HttpResponse<String> answer =
        new Http(port)
            .get(
                "/api/v1/me",
                "Authorization",
                "Bearer " + issued.plaintext(),
                "X-Forwarded-For",
                "203.0.113.77");
    assertThat(answer.statusCode()).isEqualTo(200);
    tokenry.flushLastUsed();

    assertThat(tokenry.get(ALICE, issued.token().id()).lastUsedFrom()).hasValue("127.0.0.1");
  }

  @Test
  void expiryHeaderWhenTheTokenExpiresThenOnEveryAuthenticatedAnswerAsAnIsoInstant() {
    IssuedToken issued = issue(ExpiryPreset.SEVEN_DAYS, "royalties");
    String expires = issued.token().expiresAt().orElseThrow().toString();
    Http http = new Http(port);

    HttpResponse<String> ok =
        http.get("/api/v1/me", "Authorization", "Bearer " + issued.plaintext());
    HttpResponse<String> otherProject =
        http.get(
            "/api/projects/catalog/contracts", "Authorization", "Bearer " + issued.plaintext());

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().allValues("API-Token-Expiration")).containsExactly(expires);
    assertThat(expires).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");
    assertThat(otherProject.statusCode()).isEqualTo(403);
    assertThat(otherProject.headers().allValues("API-Token-Expiration")).containsExactly(expires);
    HttpResponse<String> bad = http.get("/api/v1/me", "Authorization", "Bearer tkr_nothing");
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(bad.headers().firstValue("API-Token-Expiration")).isEmpty();
  }

  @Test
  void expiryHeaderWhenTheTokenNeverExpiresThenAbsent() {
    IssuedToken issued = issue(ExpiryPreset.NEVER, null);

    HttpResponse<String> answer =
        new Http(port).get("/api/v1/me", "Authorization", "Bearer " + issued.plaintext());

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("API-Token-Expiration")).isEmpty();
  }

  @Test
  void throttleWhenNotConfiguredThenTheServletFiltersDefaultCountsInMemory() {
    assertThat(throttle).isNotSameAs(AttemptThrottle.none());
    String key = "192.0.2.200";
    for (int i = 0; i < 999; i++) {
      throttle.record(key);
    }
    assertThat(throttle.retryAfter(key)).isZero();
    throttle.record(key);
    assertThat(throttle.retryAfter(key)).isPositive();
  }
}
