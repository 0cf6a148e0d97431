package dev.tokenry.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.Role;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import dev.tokenry.spring.boot.app.DemoHost;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code tokenry.expiry-header=} (empty) sends no expiry header, and {@code
 * tokenry.throttle.max-failures-per-minute=0} never answers 429, over real HTTP.
 */
@SpringBootTest(
    classes = DemoHost.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"tokenry.expiry-header=", "tokenry.throttle.max-failures-per-minute=0"})
class BearerFilterHeaderAndThrottleOffHttpTest {

  @LocalServerPort int port;
  @Autowired Tokenry tokenry;

  @Test
  void filterWhenHeaderAndThrottleAreOffThenNoExpiryHeaderAndNo429() {
    String token =
        tokenry
            .issue(
                Actor.user("alice", "acme", Role.OWNER),
                TokenRequest.builder()
                    .name("t-" + System.nanoTime())
                    .type(TokenType.READ_ONLY)
                    .expiresIn(ExpiryPreset.ONE_DAY)
                    .build())
            .plaintext();
    Http http = new Http(port);
    for (int i = 0; i < 20; i++) {
      assertThat(http.get("/api/v1/me", "Authorization", "Bearer tkr_wrong" + i).statusCode())
          .isEqualTo(401);
    }

    HttpResponse<String> answer = http.get("/api/v1/me", "Authorization", "Bearer " + token);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("API-Token-Expiration")).isEmpty();
    assertThat(answer.headers().map().keySet())
        .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).contains("token-expir"));
  }
}
