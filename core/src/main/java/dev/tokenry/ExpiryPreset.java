package dev.tokenry;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The expiry choices a token page offers: 1, 7, 30, 60 or 90 days from now, or never. A preset
 * counts exact 24-hour days from the clock's current instant, truncated to the millisecond.
 */
public enum ExpiryPreset {
  /** Expires 1 day after creation. */
  ONE_DAY("1d", Duration.ofDays(1)),
  /** Expires 7 days after creation. */
  SEVEN_DAYS("7d", Duration.ofDays(7)),
  /** Expires 30 days after creation. */
  THIRTY_DAYS("30d", Duration.ofDays(30)),
  /** Expires 60 days after creation. */
  SIXTY_DAYS("60d", Duration.ofDays(60)),
  /** Expires 90 days after creation. */
  NINETY_DAYS("90d", Duration.ofDays(90)),
  /** Never expires; it stays valid until it is revoked. */
  NEVER("never", null);

  private final String wireName;
  private final Duration duration;

  ExpiryPreset(String wireName, Duration duration) {
    this.wireName = wireName;
    this.duration = duration;
  }

  /**
   * Returns the name used in JSON: {@code 1d 7d 30d 60d 90d never}.
   *
   * @return the wire name
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns how long a token lives, or empty for {@link #NEVER}.
   *
   * @return the lifetime
   */
  public Optional<Duration> duration() {
    return Optional.ofNullable(duration);
  }

  /**
   * Returns the expiry instant of a token created at {@code now}.
   *
   * @param now the creation instant
   * @return the expiry instant, or empty for {@link #NEVER}
   */
  public Optional<Instant> expiresAt(Instant now) {
    java.util.Objects.requireNonNull(now, "now must not be null");
    return duration == null ? Optional.empty() : Optional.of(now.plus(duration));
  }

  /**
   * Parses a wire name.
   *
   * @param value one of {@code 1d 7d 30d 60d 90d never}
   * @return the preset
   * @throws IllegalArgumentException if the value is none of these
   */
  public static ExpiryPreset fromWireName(String value) {
    for (ExpiryPreset preset : values()) {
      if (preset.wireName.equals(value)) {
        return preset;
      }
    }
    throw new IllegalArgumentException("expiresIn must be one of 1d, 7d, 30d, 60d, 90d, never");
  }
}
