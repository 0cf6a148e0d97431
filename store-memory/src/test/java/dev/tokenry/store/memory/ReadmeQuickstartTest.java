package dev.tokenry.store.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.IssuedToken;
import dev.tokenry.PermissionSet;
import dev.tokenry.Role;
import dev.tokenry.TokenPrincipal;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The README's quickstart, line for line, so that it keeps compiling and keeps being true. */
class ReadmeQuickstartTest {

  @Test
  void quickstartWhenRunThenIssuesVerifiesAndRevokes() {
    // --- README quickstart begins
    Tokenry tokenry =
        Tokenry.builder()
            .store(new InMemoryTokenStore())
            .knownPermissions(List.of("contracts:read", "contracts:write"))
            .userPermissions(
                (organizationId, userId) ->
                    Optional.of(PermissionSet.of("contracts:read", "contracts:write")))
            .build();

    Actor alice = Actor.user("alice", "acme", Role.OWNER);
    IssuedToken issued =
        tokenry.issue(
            alice,
            TokenRequest.builder()
                .name("CI deploy")
                .expiresIn(ExpiryPreset.THIRTY_DAYS)
                .type(TokenType.READ_ONLY)
                .build());
    String plaintext = issued.plaintext(); // show once; only its hash is stored

    Optional<TokenPrincipal> caller = tokenry.verify(plaintext);
    boolean canRead = caller.map(p -> p.allows("contracts:read")).orElse(false); // true

    tokenry.revoke(alice, issued.token().id());
    boolean stillValid = tokenry.verify(plaintext).isPresent(); // false
    tokenry.close();
    // --- README quickstart ends

    assertThat(plaintext).startsWith("tkr_");
    assertThat(canRead).isTrue();
    assertThat(caller.orElseThrow().allows("contracts:write")).isFalse();
    assertThat(stillValid).isFalse();
  }
}
