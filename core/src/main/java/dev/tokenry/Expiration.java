package dev.tokenry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * When a token stops working: a preset counted from the moment of issue, never, or an explicit
 * instant. A token is expired when {@code now >= expiresAt}.
 *
 * <pre>{@code
 * Expiration.in(ExpiryPreset.THIRTY_DAYS);
 * Expiration.never();
 * Expiration.at(Instant.parse("2027-01-01T00:00:00Z"));
 * }</pre>
 */
public final class Expiration {

  /** The latest explicit expiry accepted: the last millisecond of year 9999, UTC. */
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  private static final Expiration NEVER = new Expiration(ExpiryPreset.NEVER, null);

  private final ExpiryPreset preset;
  private final Instant instant;

  private Expiration(ExpiryPreset preset, Instant instant) {
    this.preset = preset;
    this.instant = instant;
  }

  /**
   * Expires after a preset lifetime, counted from the instant the token is issued or edited.
   *
   * @param preset the preset
   * @return the expiration
   */
  public static Expiration in(ExpiryPreset preset) {
    requireNonNull(preset, "preset must not be null");
    return preset == ExpiryPreset.NEVER ? NEVER : new Expiration(preset, null);
  }

  /**
   * Never expires.
   *
   * @return the expiration
   */
  public static Expiration never() {
    return NEVER;
  }

  /**
   * Expires at an explicit instant, which must be in the future when the token is issued and no
   * later than {@link #LATEST} (every store, and ISO-8601 without a sign, can hold it). The instant
   * is kept to the millisecond.
   *
   * @param instant the expiry instant
   * @return the expiration
   * @throws InvalidTokenRequestException on field {@code expiresAt} if it is after {@link #LATEST}
   */
  public static Expiration at(Instant instant) {
    requireNonNull(instant, "instant must not be null");
    if (instant.isAfter(LATEST)) {
      throw new InvalidTokenRequestException(
          "expiresAt",
          "expiresAt must be at most " + LATEST + "; for a token that never expires use never");
    }
    return new Expiration(null, instant.truncatedTo(ChronoUnit.MILLIS));
  }

  /**
   * Returns the preset, or empty for an explicit instant.
   *
   * @return the preset
   */
  public Optional<ExpiryPreset> preset() {
    return Optional.ofNullable(preset);
  }

  /**
   * Returns the expiry instant for a token issued at {@code now}.
   *
   * @param now the instant of issue
   * @return the expiry instant, or empty when the token never expires
   */
  public Optional<Instant> resolve(Instant now) {
    requireNonNull(now, "now must not be null");
    return instant != null ? Optional.of(instant) : preset.expiresAt(now);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Expiration other
        && preset == other.preset
        && java.util.Objects.equals(instant, other.instant);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(preset, instant);
  }

  @Override
  public String toString() {
    return instant != null
        ? "Expiration[at=" + instant + "]"
        : "Expiration[" + preset.wireName() + "]";
  }
}
