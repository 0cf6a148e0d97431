package dev.tokenry;

import dev.tokenry.spi.ProjectDirectory;
import dev.tokenry.spi.TokenEventListener;
import dev.tokenry.spi.TokenHasher;
import dev.tokenry.spi.TokenStore;
import dev.tokenry.spi.UserPermissionResolver;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the collaborators of one {@link Tokenry} share, fixed when it is built.
 *
 * @param format the token format of the configured prefix
 * @param store where tokens live
 * @param hasher the hasher of new hashes
 * @param verifiers every hasher a stored hash may come from, {@code hasher} first
 * @param clock where every instant comes from
 * @param events the host's listener, guarded so that it never fails a call
 * @param userPermissions the host's answer to what a user may do now, if configured
 * @param knownPermissions the host's permission catalogue, if configured
 * @param projects the host's projects of each organization, if configured
 */
record Settings(
    TokenFormat format,
    TokenStore store,
    TokenHasher hasher,
    List<TokenHasher> verifiers,
    Clock clock,
    TokenEventListener events,
    Optional<UserPermissionResolver> userPermissions,
    Optional<Set<String>> knownPermissions,
    Optional<ProjectDirectory> projects) {

  /** The current instant at millisecond precision, as every stored instant is. */
  Instant now() {
    // The same instant as clock.instant().truncatedTo(MILLIS) (both round toward the past), with
    // one allocation instead of two on the verification path.
    return Instant.ofEpochMilli(clock.millis());
  }
}
