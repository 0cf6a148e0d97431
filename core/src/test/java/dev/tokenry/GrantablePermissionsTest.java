package dev.tokenry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.testing.SimpleTokenStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GrantablePermissionsTest {

  private static final Map<String, PermissionSet> HELD =
      Map.of(
          "olivia", PermissionSet.ALL,
          "ada", PermissionSet.of("contracts:*"),
          "mia", PermissionSet.of("*:read"));

  private static Tokenry tokenry(boolean catalogue) {
    Tokenry.Builder builder =
        Tokenry.builder()
            .store(new SimpleTokenStore())
            .userPermissions((org, user) -> Optional.ofNullable(HELD.get(user)));
    if (catalogue) {
      builder.knownPermissions(
          List.of("contracts:read", "contracts:write", "royalties:read", "royalties:write"));
    }
    return builder.build();
  }

  @Test
  void grantableWhenCatalogueKnownThenTheKnownPermissionsTheActorHoldsSorted() {
    try (Tokenry tokenry = tokenry(true)) {
      assertThat(tokenry.grantablePermissions(Actor.user("olivia", "acme", Role.OWNER)))
          .containsExactly(
              "contracts:read", "contracts:write", "royalties:read", "royalties:write");
      assertThat(tokenry.grantablePermissions(Actor.user("ada", "acme", Role.ADMIN)))
          .containsExactly("contracts:read", "contracts:write");
      assertThat(tokenry.grantablePermissions(Actor.user("mia", "acme", Role.MEMBER)))
          .containsExactly("contracts:read", "royalties:read");
      assertThat(tokenry.grantablePermissions(Actor.user("nobody", "acme", Role.OWNER))).isEmpty();
      assertThat(tokenry.grantablePermissions(Actor.system("acme"))).hasSize(4);
    }
  }

  @Test
  void grantableWhenNoCatalogueThenTheHeldPatterns() {
    try (Tokenry tokenry = tokenry(false)) {
      assertThat(tokenry.grantablePermissions(Actor.user("ada", "acme", Role.ADMIN)))
          .containsExactly("contracts:*");
      assertThat(tokenry.grantablePermissions(Actor.system("acme"))).containsExactly("*");
    }
    try (Tokenry bare = Tokenry.builder().store(new SimpleTokenStore()).build()) {
      assertThat(bare.grantablePermissions(Actor.user("ada", "acme", Role.ADMIN))).isEmpty();
    }
  }
}
