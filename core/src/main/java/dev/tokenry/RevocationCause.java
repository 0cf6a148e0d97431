package dev.tokenry;

/** Why Tokenry deleted a token by itself, without an actor asking. */
public enum RevocationCause {
  /** Unused for longer than the maximum idle time; deleted by {@link Tokenry#revokeInactive()}. */
  INACTIVE,
  /**
   * Its superseded secret was used after the grace period and the organization's {@link
   * TokenPolicy} revokes tokens then ({@link TokenPolicy#revokeOnSupersededSecretUse()}).
   */
  SUPERSEDED_SECRET_USED
}
