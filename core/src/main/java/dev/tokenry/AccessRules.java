package dev.tokenry;

import static java.util.Objects.requireNonNull;

import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.UserPermissionResolver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who may see and manage which token: Owners and Admins their organization's tokens, every user
 * only their own personal tokens; another organization's token, or another user's personal token,
 * is not found; nobody grants permissions they do not hold.
 */
final class AccessRules {

  private final Settings settings;

  AccessRules(Settings settings) {
    this.settings = settings;
  }

  /** Loads a token the actor may manage, or throws as if it did not exist. */
  StoredToken load(Actor actor, String tokenId) {
    requireNonNull(actor, "actor must not be null");
    requireNonNull(tokenId, "tokenId must not be null");
    if (!TokenFormat.isId(tokenId)) {
      // Not an id Tokenry could have made: no store holds it, and some (PostgreSQL with a NUL)
      // would fail on it rather than answer.
      throw new TokenNotFoundException(tokenId);
    }
    StoredToken stored =
        settings.store().find(tokenId).orElseThrow(() -> new TokenNotFoundException(tokenId));
    ApiToken token = stored.token();
    if (!token.organizationId().equals(actor.organizationId())) {
      throw new TokenNotFoundException(tokenId);
    }
    if (token.kind() == TokenKind.ORGANIZATION) {
      requireManagesOrganizationTokens(actor);
    } else if (actor.system() || !token.owner().orElseThrow().equals(actor.userId())) {
      throw new TokenNotFoundException(tokenId);
    }
    return stored;
  }

  static void requireManagesOrganizationTokens(Actor actor) {
    if (!actor.role().managesOrganizationTokens()) {
      throw new TokenAccessDeniedException(
          "Only Owners and Admins can manage organization tokens.");
    }
  }

  /**
   * What the actor may grant on an organization token now; see {@link
   * Tokenry#grantablePermissions}.
   */
  SortedSet<String> grantable(Actor actor) {
    requireNonNull(actor, "actor must not be null");
    Set<String> known = settings.knownPermissions().orElse(null);
    if (actor.system()) {
      return Collections.unmodifiableSortedSet(new TreeSet<>(known != null ? known : Set.of("*")));
    }
    PermissionSet held =
        settings
            .userPermissions()
            .flatMap(resolver -> resolver.permissionsOf(actor.organizationId(), actor.userId()))
            .orElse(PermissionSet.NONE);
    SortedSet<String> grantable = new TreeSet<>();
    if (known == null) {
      grantable.addAll(held.values());
    } else {
      known.stream().filter(held::allows).forEach(grantable::add);
    }
    return Collections.unmodifiableSortedSet(grantable);
  }

  /** Refuses a token that would carry a permission the actor does not hold now. */
  void requireHeld(Actor actor, PermissionSet wanted) {
    if (actor.system()) {
      return;
    }
    UserPermissionResolver userPermissions =
        settings
            .userPermissions()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Tokenry needs a UserPermissionResolver to let users issue"
                            + " or edit tokens: configure Tokenry.builder().userPermissions(...)"));
    PermissionSet held =
        userPermissions
            .permissionsOf(actor.organizationId(), actor.userId())
            .orElse(PermissionSet.NONE);
    List<String> missing = new ArrayList<>();
    Set<String> known = settings.knownPermissions().orElse(null);
    for (String permission : known != null ? known : wanted.values()) {
      boolean granted = known == null || wanted.allows(permission);
      if (granted && !held.allows(permission)) {
        missing.add(permission);
      }
    }
    if (!missing.isEmpty()) {
      throw new TokenAccessDeniedException(
          "You cannot grant permissions you do not hold: " + String.join(", ", missing) + ".",
          Map.of("permissions", List.of("you do not hold " + String.join(", ", missing))));
    }
  }
}
