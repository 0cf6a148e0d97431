package dev.tokenry.spi;

import dev.tokenry.PermissionSet;
import java.util.Optional;

/**
 * Tells Tokenry what a user of the host application may do right now. It is asked on every
 * verification of a personal token (the token can do at most this) and whenever a user issues or
 * edits a token (nobody grants what they do not hold). Answers must be current, not cached for
 * long; throwing {@link dev.tokenry.TokenStoreUnavailableException} fails the request closed.
 *
 * <pre>{@code
 * UserPermissionResolver resolver = (organizationId, userId) ->
 *     users.find(organizationId, userId).map(user -> PermissionSet.of(user.permissions()));
 * }</pre>
 */
@FunctionalInterface
public interface UserPermissionResolver {

  /**
   * Returns a user's current permissions in an organization.
   *
   * @param organizationId the organization
   * @param userId the user
   * @return the permissions, or empty if the host no longer knows this user in this organization
   */
  Optional<PermissionSet> permissionsOf(String organizationId, String userId);
}
