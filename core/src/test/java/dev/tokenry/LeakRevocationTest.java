package dev.tokenry;

import static dev.tokenry.ManagementFixture.OWNER;
import static dev.tokenry.ManagementFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenry.testing.CapturedLogs;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tokenry.revokeLeaked: only the whole token revokes, once, with a leaked event. */
class LeakRevocationTest {

  private final ManagementFixture f = ManagementFixture.withCatalogue();
  private final Tokenry tokenry = f.tokenry;

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void revokeLeakedWhenTokenLiveThenDeletedWithLeakedEvent() {
    IssuedToken issued = f.issue(OWNER, request("CI"));
    String url = "https://github.com/acme/app/blob/0123/.env";

    assertThat(tokenry.revokeLeaked(issued.plaintext(), "github:content", Optional.of(url)))
        .isTrue();

    assertThat(tokenry.verify(issued.plaintext())).isEmpty();
    assertThat(f.listener.events)
        .contains("leaked " + issued.token().id() + " from github:content at " + url);
  }

  @Test
  void revokeLeakedWhenReportedAgainThenFalseAndNothingHappens() {
    IssuedToken issued = f.issue(OWNER, request("CI"));
    tokenry.revokeLeaked(issued.plaintext(), "public-revoke", Optional.empty());
    int events = f.listener.events.size();

    assertThat(tokenry.revokeLeaked(issued.plaintext(), "public-revoke", Optional.empty()))
        .isFalse();
    assertThat(f.listener.events).hasSize(events);
  }

  @Test
  void revokeLeakedWhenSecretWrongThenFalseAndTokenStillWorks() {
    IssuedToken issued = f.issue(OWNER, request("CI"));
    String wrongSecret = TestTokens.withRandomSecret("tkr", issued.token().id());

    assertThat(tokenry.revokeLeaked(wrongSecret, "public-revoke", Optional.empty())).isFalse();
    assertThat(tokenry.verify(issued.plaintext())).isPresent();
  }

  @Test
  void revokeLeakedWhenMalformedUnknownOrNullThenFalse() {
    assertThat(tokenry.revokeLeaked(null, "public-revoke", Optional.empty())).isFalse();
    assertThat(tokenry.revokeLeaked("tkr_nope", "public-revoke", Optional.empty())).isFalse();
    assertThat(tokenry.revokeLeaked("x".repeat(600), "public-revoke", Optional.empty())).isFalse();
    assertThat(
            tokenry.revokeLeaked(
                TestTokens.withRandomSecret("tkr", "0123456789abcdef"),
                "public-revoke",
                Optional.empty()))
        .isFalse();
    assertThat(f.listener.events).isEmpty();
  }

  @Test
  void revokeLeakedWhenSupersededSecretStillInItsGracePeriodThenTheTokenIsRevoked() {
    IssuedToken issued = f.issue(OWNER, request("CI"));
    IssuedToken rotated = tokenry.regenerate(OWNER, issued.token().id(), Duration.ofHours(1));

    assertThat(tokenry.revokeLeaked(issued.plaintext(), "github:content", Optional.empty()))
        .isTrue();
    assertThat(tokenry.verify(rotated.plaintext())).isEmpty();
  }

  @Test
  void revokeLeakedWhenSupersededSecretPastItsGracePeriodThenFalseAndTheTokenStillWorks() {
    IssuedToken issued = f.issue(OWNER, request("CI"));
    IssuedToken rotated = tokenry.regenerate(OWNER, issued.token().id(), Duration.ofHours(1));
    f.clock.advance(Duration.ofHours(2));

    assertThat(tokenry.revokeLeaked(issued.plaintext(), "github:content", Optional.empty()))
        .isFalse();
    assertThat(tokenry.verify(rotated.plaintext())).isPresent();
  }

  @Test
  void revokeLeakedWhenExpiredButSecretMatchesThenDeleted() {
    IssuedToken issued = f.issue(OWNER, request("CI").expiresIn(ExpiryPreset.ONE_DAY));
    f.clock.advance(Duration.ofDays(2));

    assertThat(tokenry.revokeLeaked(issued.plaintext(), "public-revoke", Optional.empty()))
        .isTrue();
    assertThatThrownBy(() -> tokenry.get(OWNER, issued.token().id()))
        .isInstanceOf(TokenNotFoundException.class);
  }

  @Test
  void revokeLeakedWhenSourceEmptyOrLongThenRefused() {
    assertThatThrownBy(() -> tokenry.revokeLeaked("x", "", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokenry.revokeLeaked("x", "s".repeat(101), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultListenerWhenLeakedThenWarnsWithMaskedTokenAndEscapedUrl() {
    try (Tokenry plain =
            Tokenry.builder().store(new dev.tokenry.testing.SimpleTokenStore()).build();
        CapturedLogs logs = new CapturedLogs()) {
      IssuedToken issued =
          plain.issue(
              Actor.system("acme"),
              TokenRequest.builder()
                  .name("CI")
                  .expiresIn(ExpiryPreset.NEVER)
                  .type(TokenType.READ_ONLY)
                  .build());
      plain.revokeLeaked(issued.plaintext(), "github:content", Optional.of("https://x\nFORGED"));

      String text = String.join("\n", logs.lines());
      assertThat(text).contains(issued.token().masked()).contains("https://x\\u000AFORGED");
      assertThat(text).doesNotContain(issued.plaintext()).doesNotContain("x\nFORGED");
    }
  }
}
