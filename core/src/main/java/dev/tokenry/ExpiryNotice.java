package dev.tokenry;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * An "expiring soon" notice: the token (with its creator and, for personal tokens, its owner), the
 * notice threshold it came within, and how long it has left. The host turns it into a mail.
 *
 * <pre>{@code
 * public void expiringSoon(ExpiryNotice notice) {
 *   mailer.send(notice.token().owner().orElse(notice.token().createdBy()),
 *       "Your token " + notice.token().name() + " expires in " + notice.timeLeft().toDays() + " days");
 * }
 * }</pre>
 *
 * @param token the token's metadata
 * @param threshold the configured threshold reached, such as 7 days
 * @param timeLeft the time from the sweep to the expiry; at most {@code threshold}, may be less
 *     when the sweep runs late
 */
public record ExpiryNotice(ApiToken token, Duration threshold, Duration timeLeft) {

  /**
   * Checks the components.
   *
   * @param token the token's metadata
   * @param threshold the configured threshold reached
   * @param timeLeft the time left
   * @throws NullPointerException if a component is null
   */
  public ExpiryNotice {
    requireNonNull(token, "token must not be null");
    requireNonNull(threshold, "threshold must not be null");
    requireNonNull(timeLeft, "timeLeft must not be null");
  }
}
