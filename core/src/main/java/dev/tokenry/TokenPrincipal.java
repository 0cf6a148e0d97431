package dev.tokenry;

import static java.util.Objects.requireNonNull;

import java.security.Principal;
import java.util.Optional;

/**
 * The caller a valid token authenticates: the token, its organization and scope, its owner for
 * personal tokens, and the permissions it has right now. For a personal token those are the token's
 * permissions intersected with what its owner may currently do.
 *
 * <pre>{@code
 * tokenry.verify(presented).ifPresent(principal -> {
 *   if (principal.allows("contracts:read") && principal.scope().covers(projectId)) { ... }
 * });
 * }</pre>
 */
public final class TokenPrincipal implements Principal {

  private final ApiToken token;
  private final PermissionSet permissions;

  /**
   * Creates the principal. Applications receive it from {@link Tokenry#verify(String)}.
   *
   * @param token the verified token's metadata
   * @param permissions the effective permissions
   */
  TokenPrincipal(ApiToken token, PermissionSet permissions) {
    this.token = requireNonNull(token, "token must not be null");
    this.permissions = requireNonNull(permissions, "permissions must not be null");
  }

  /**
   * Returns the token id, which is also this principal's name.
   *
   * @return the token id
   */
  public String tokenId() {
    return token.id();
  }

  /** Returns the token id. */
  @Override
  public String getName() {
    return token.id();
  }

  /**
   * Returns the organization the token belongs to.
   *
   * @return the organization id
   */
  public String organizationId() {
    return token.scope().organizationId();
  }

  /**
   * Returns the token's scope.
   *
   * @return the organization, and the project when project-scoped
   */
  public TokenScope scope() {
    return token.scope();
  }

  /**
   * Returns whether this is an organization or a personal token.
   *
   * @return the kind
   */
  public TokenKind kind() {
    return token.kind();
  }

  /**
   * Returns the owner of a personal token.
   *
   * @return the owning user id, empty for organization tokens
   */
  public Optional<String> owner() {
    return token.owner();
  }

  /**
   * Returns the effective permissions.
   *
   * @return what this caller may do now
   */
  public PermissionSet permissions() {
    return permissions;
  }

  /**
   * Whether the caller holds a permission.
   *
   * @param permission such as {@code contracts:read}
   * @return true if granted
   */
  public boolean allows(String permission) {
    return permissions.allows(permission);
  }

  /**
   * Returns the verified token's metadata (as read at verification; {@code lastUsedAt} may lag).
   *
   * @return the metadata
   */
  public ApiToken token() {
    return token;
  }

  @Override
  public String toString() {
    return "TokenPrincipal["
        + token.masked()
        + ", organization="
        + organizationId()
        + ", permissions="
        + permissions
        + "]";
  }
}
