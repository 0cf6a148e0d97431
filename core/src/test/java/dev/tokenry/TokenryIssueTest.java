package dev.tokenry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tokenry.testing.ObservedStore;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TokenryIssueTest {

  private final Tokenry tokenry = Tokenry.builder().store(new ObservedStore()).build();
  private final Actor system = Actor.system("acme");

  @AfterEach
  void close() {
    tokenry.close();
  }

  private TokenRequest.Builder request(String name) {
    return TokenRequest.builder()
        .name(name)
        .expiresIn(ExpiryPreset.ONE_DAY)
        .type(TokenType.READ_ONLY);
  }

  @Test
  void issueWhenNameHoldsAControlCharacterThenRejectedNamingTheField() {
    InvalidTokenRequestException e =
        catchThrowableOfType(
            () -> tokenry.issue(system, request("ci\u0007bot").build()),
            InvalidTokenRequestException.class);

    assertThat(e.errors()).containsOnlyKeys("name");
  }

  @Test
  void issueWhenDescriptionHoldsLineBreaksAndTabsThenAcceptedButOtherControlsRejected() {
    ApiToken token =
        tokenry.issue(system, request("a").description("line\n\tnext").build()).token();
    assertThat(token.description()).isEqualTo("line\n\tnext");

    InvalidTokenRequestException e =
        catchThrowableOfType(
            () -> tokenry.issue(system, request("b").description("bell\u0007").build()),
            InvalidTokenRequestException.class);
    assertThat(e.errors()).containsOnlyKeys("description");
  }

  @Test
  void issueWhenManyTokensThenIdsAndSecretsAreBase62OfTheirLengthAndAllDistinct() {
    TokenFormat format = new TokenFormat("tkr");
    Set<String> parts = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      IssuedToken issued = tokenry.issue(system, request("token " + i).build());
      TokenFormat.ParsedToken parsed = format.parse(issued.plaintext());

      assertThat(parsed.id()).isEqualTo(issued.token().id()).matches("[0-9A-Za-z]{16}");
      assertThat(parsed.secret()).matches("[0-9A-Za-z]{32}");
      assertThat(parts.add(parsed.id())).isTrue();
      assertThat(parts.add(parsed.secret())).isTrue();
    }
  }

  @Test
  void newIdAndSecretWhenDrawnThenFortyEightBase62Characters() {
    String drawn = TokenFormat.newIdAndSecret(new java.security.SecureRandom());

    assertThat(drawn).matches("[0-9A-Za-z]{48}");
  }

  @Test
  void wireNameWhenAskedTwiceThenSameLowerCaseName() {
    assertThat(TokenKind.PERSONAL.wireName())
        .isEqualTo("personal")
        .isSameAs(TokenKind.PERSONAL.wireName());
    assertThat(TokenKind.fromWireName("organization")).isEqualTo(TokenKind.ORGANIZATION);
  }
}
