package dev.tokenry;

import dev.tokenry.spi.ProjectDirectory;
import dev.tokenry.spi.TokenEventListener;
import dev.tokenry.spi.TokenHasher;
import dev.tokenry.spi.TokenPolicies;
import dev.tokenry.spi.TokenStore;
import dev.tokenry.spi.UserPermissionResolver;
import java.time.Clock;
import java.time.Duration;
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
 * @param policies the host's token policy of each organization
 * @param maxGracePeriod the longest grace period a regeneration may give the superseded secret
 * @param maxIdle how long a token may go unused before it is rejected, if configured
 * @param noticeThresholds the expiry-notice thresholds, longest first
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
    Optional<ProjectDirectory> projects,
    TokenPolicies policies,
    Duration maxGracePeriod,
    Optional<Duration> maxIdle,
    List<Duration> noticeThresholds) {

  /** The current instant at millisecond precision, as every stored instant is. */
  Instant now() {
    // The same instant as clock.instant().truncatedTo(MILLIS) (both round toward the past), with
    // one allocation instead of two on the verification path.
    return Instant.ofEpochMilli(clock.millis());
  }

  /** The policy of an organization, never null. */
  TokenPolicy policyOf(String organizationId) {
    TokenPolicy policy = policies.policyOf(organizationId);
    if (policy == null) {
      throw new IllegalStateException(
          "the TokenPolicies gave no policy for an organization; return TokenPolicy.UNRESTRICTED"
              + " for none");
    }
    return policy;
  }
}
