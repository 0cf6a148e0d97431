package dev.tokenry.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The secret a regeneration replaced: its hash and until when it still verifies (its grace period).
 * A store keeps it after the grace period too, so that a later use of the old secret can be told
 * apart from a random bad secret and reported ({@link TokenEventListener#supersededSecretUsed}).
 * {@link #toString()} leaves the hash out.
 *
 * @param hash the PHC-style hash of the superseded secret
 * @param validUntil the end of the grace period (exclusive); the moment of the regeneration when
 *     there was none
 */
public record SupersededSecret(String hash, Instant validUntil) {

  /**
   * Checks the components.
   *
   * @param hash the PHC-style hash of the superseded secret
   * @param validUntil the end of the grace period (exclusive)
   * @throws NullPointerException if a component is null
   */
  public SupersededSecret {
    requireNonNull(hash, "hash must not be null");
    requireNonNull(validUntil, "validUntil must not be null");
  }

  /** Shows the end of the grace period, never the hash. */
  @Override
  public String toString() {
    return "SupersededSecret[hash=(redacted), validUntil=" + validUntil + "]";
  }
}
