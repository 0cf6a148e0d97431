package dev.tokenry.spi;

import static java.util.Objects.requireNonNull;

import dev.tokenry.ApiToken;
import java.time.Instant;
import java.util.Optional;

/**
 * A token {@link TokenStore#findExpiring} found, with the latest expiry notice claimed for it.
 *
 * @param token the metadata; its {@code expiresAt} is present
 * @param noticeClaimedAt the notice instant last claimed by {@link TokenStore#claimExpiryNotice},
 *     empty if none was
 */
public record ExpiringToken(ApiToken token, Optional<Instant> noticeClaimedAt) {

  /**
   * Checks the components.
   *
   * @param token the metadata
   * @param noticeClaimedAt the notice instant last claimed, empty if none
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the token never expires
   */
  public ExpiringToken {
    requireNonNull(token, "token must not be null");
    requireNonNull(noticeClaimedAt, "noticeClaimedAt must not be null");
    if (token.expiresAt().isEmpty()) {
      throw new IllegalArgumentException("an expiring token must have an expiry");
    }
  }

  /**
   * Returns the token's expiry.
   *
   * @return the expiry instant
   */
  public Instant expiresAt() {
    return token.expiresAt().orElseThrow();
  }
}
