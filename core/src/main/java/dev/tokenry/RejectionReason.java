package dev.tokenry;

/**
 * Why a presented token was rejected. Reported to the host's event listener and logs only; the
 * caller always sees the same answer.
 */
public enum RejectionReason {
  /** Missing, too long, wrong shape, wrong prefix or wrong checksum; the store was not asked. */
  MALFORMED,
  /** No token with this id: never issued, deleted or revoked. */
  UNKNOWN,
  /** The token's expiry instant has been reached. */
  EXPIRED,
  /** The id exists but the secret does not match, for example after a regenerate. */
  BAD_SECRET,
  /** A personal token whose owner the host no longer knows. */
  OWNER_UNKNOWN,
  /**
   * The secret a regeneration replaced, after its grace period: a copy of the old secret is still
   * in use somewhere. Also reported as {@link
   * dev.tokenry.spi.TokenEventListener#supersededSecretUsed}.
   */
  SUPERSEDED_SECRET,
  /** Unused for longer than the configured maximum idle time ({@code Tokenry.Builder#maxIdle}). */
  INACTIVE
}
