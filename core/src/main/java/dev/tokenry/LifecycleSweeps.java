package dev.tokenry;

import dev.tokenry.spi.ExpiringToken;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The two sweeps a host's scheduler (or the built-in schedule) runs: expiry notices, claimed once
 * per token and threshold in the store so that any number of instances may sweep at once, and the
 * inactivity sweep, which deletes tokens unused for longer than the maximum idle time.
 */
final class LifecycleSweeps {

  /** Tokens that expired longer ago than this get no "expired" notice (for example on upgrade). */
  static final Duration EXPIRED_LOOKBACK = Duration.ofDays(7);

  private static final int PAGE = 200;

  private final Settings settings;
  private final Duration lastUsedFlushInterval;
  private final AuditTrail audit;

  LifecycleSweeps(Settings settings, Duration lastUsedFlushInterval, AuditTrail audit) {
    this.settings = settings;
    this.lastUsedFlushInterval = lastUsedFlushInterval;
    this.audit = audit;
  }

  /** Sends every notice due now; returns how many this instance claimed and sent. */
  int sendExpiryNotices() {
    TokenStore store = settings.store();
    Instant now = settings.now();
    List<Duration> thresholds = settings.noticeThresholds();
    Instant from = now.minus(EXPIRED_LOOKBACK);
    // Due when time left <= threshold, so the window includes its boundary instant.
    Instant until = now.plus(thresholds.get(0)).plusMillis(1);
    int sent = 0;
    Optional<ExpiringToken> after = Optional.empty();
    while (true) {
      List<ExpiringToken> page = store.findExpiring(from, until, after, PAGE);
      for (ExpiringToken candidate : page) {
        if (notify(candidate, now)) {
          sent++;
        }
      }
      if (page.size() < PAGE) {
        return sent;
      }
      after = Optional.of(page.get(page.size() - 1));
    }
  }

  private boolean notify(ExpiringToken candidate, Instant now) {
    ApiToken token = candidate.token();
    Instant expiresAt = candidate.expiresAt();
    Duration threshold = dueThreshold(token, expiresAt, now);
    if (threshold == null) {
      return false;
    }
    Instant noticeAt = expiresAt.minus(threshold);
    if (candidate.noticeClaimedAt().filter(claimed -> !claimed.isBefore(noticeAt)).isPresent()) {
      return false;
    }
    if (!settings.store().claimExpiryNotice(token.id(), expiresAt, noticeAt)) {
      return false;
    }
    if (threshold.isZero()) {
      settings.events().expired(token);
    } else {
      settings
          .events()
          .expiringSoon(new ExpiryNotice(token, threshold, Duration.between(now, expiresAt)));
    }
    audit.expiryNotice(token, threshold);
    return true;
  }

  /**
   * The notice due now: zero once expired, else the smallest threshold the time left is within,
   * skipping thresholds the token was issued inside (a 5-day token gets no "7 days left" notice).
   */
  Duration dueThreshold(ApiToken token, Instant expiresAt, Instant now) {
    Duration left = Duration.between(now, expiresAt);
    if (left.isNegative() || left.isZero()) {
      return Duration.ZERO;
    }
    Duration lifetime = Duration.between(token.createdAt(), expiresAt);
    Duration due = null;
    for (Duration threshold : settings.noticeThresholds()) {
      if (left.compareTo(threshold) <= 0 && lifetime.compareTo(threshold) > 0) {
        due = threshold;
      }
    }
    return due;
  }

  /** Deletes tokens idle for longer than the maximum; returns how many. */
  int revokeInactive() {
    Duration maxIdle =
        settings
            .maxIdle()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "revokeInactive needs a maximum idle time:"
                            + " configure Tokenry.builder().maxIdle(...)"));
    TokenStore store = settings.store();
    // Another instance may hold a use of the last flush interval not yet written: a token used
    // then is not taken for idle.
    Instant activeBefore = settings.now().minus(maxIdle).minus(lastUsedFlushInterval);
    int revoked = 0;
    Optional<String> after = Optional.empty();
    while (true) {
      List<StoredToken> page = store.findIdle(activeBefore, after, PAGE);
      for (StoredToken idle : page) {
        if (store.delete(idle.id())) {
          settings.events().revokedAutomatically(idle.token(), RevocationCause.INACTIVE);
          audit.revokedAutomatically(idle.token(), RevocationCause.INACTIVE);
          revoked++;
        }
      }
      if (page.size() < PAGE) {
        return revoked;
      }
      after = Optional.of(page.get(page.size() - 1).id());
    }
  }
}
