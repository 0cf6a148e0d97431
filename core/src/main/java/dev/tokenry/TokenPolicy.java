package dev.tokenry;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An organization's rules for its tokens, from the host through {@link
 * dev.tokenry.spi.TokenPolicies}: the longest lifetime a token may get, whether it may never
 * expire, which expiry presets a token page offers, and whether a token is revoked when its
 * superseded secret is used after the grace period. Issue and edit outside the policy are refused
 * on field {@code expiresIn}; tokens issued before a policy tightened keep their expiry (nothing is
 * shortened behind the owner's back) until an edit sets a new one.
 *
 * <pre>{@code
 * TokenPolicy policy = TokenPolicy.builder()
 *     .maxLifetime(Duration.ofDays(90))
 *     .neverExpires(false)
 *     .revokeOnSupersededSecretUse(true)
 *     .build();
 * }</pre>
 */
public final class TokenPolicy {

  /** No limits: every preset, never-expiring tokens, explicit dates; nothing revoked on reuse. */
  public static final TokenPolicy UNRESTRICTED = builder().build();

  private final Duration maxLifetime;
  private final boolean neverExpires;
  private final Set<ExpiryPreset> presets;
  private final boolean revokeOnSupersededSecretUse;

  private TokenPolicy(Builder builder) {
    this.maxLifetime = builder.maxLifetime;
    this.neverExpires = builder.neverExpires;
    this.revokeOnSupersededSecretUse = builder.revokeOnSupersededSecretUse;
    EnumSet<ExpiryPreset> offered = EnumSet.noneOf(ExpiryPreset.class);
    for (ExpiryPreset preset : builder.presets) {
      if (permits(preset)) {
        offered.add(preset);
      }
    }
    this.presets = Collections.unmodifiableSet(offered);
  }

  /**
   * Starts a policy with no limits.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the longest lifetime, counted from the moment of issue or edit.
   *
   * @return the limit, empty for none
   */
  public Optional<Duration> maxLifetime() {
    return Optional.ofNullable(maxLifetime);
  }

  /**
   * Whether a token may never expire.
   *
   * @return true unless the policy forbids it (a maximum lifetime forbids it too)
   */
  public boolean neverExpires() {
    return neverExpires && maxLifetime == null;
  }

  /**
   * Returns the presets a token page offers: those configured that the limits allow, in order.
   *
   * @return the presets
   */
  public Set<ExpiryPreset> presets() {
    return presets;
  }

  /**
   * Whether a token is deleted when its superseded secret is used after the grace period.
   *
   * @return true to revoke then; false (the default) only reports it
   */
  public boolean revokeOnSupersededSecretUse() {
    return revokeOnSupersededSecretUse;
  }

  /**
   * Returns the latest expiry a token issued or edited at {@code now} may get.
   *
   * @param now the moment of issue or edit
   * @return the latest instant, empty when there is no maximum lifetime
   */
  public Optional<Instant> latestExpiry(Instant now) {
    return maxLifetime().map(now::plus);
  }

  private boolean permits(ExpiryPreset preset) {
    return preset
        .duration()
        .map(d -> maxLifetime == null || d.compareTo(maxLifetime) <= 0)
        .orElse(neverExpires());
  }

  /**
   * Returns why an expiry set at {@code now} breaks this policy.
   *
   * @param expiresAt the expiry, empty for never
   * @param preset the preset it came from, empty for an explicit instant
   * @param now the moment of issue or edit
   * @return the reasons, empty when it is allowed
   */
  List<String> problems(Optional<Instant> expiresAt, Optional<ExpiryPreset> preset, Instant now) {
    List<String> problems = new ArrayList<>();
    if (expiresAt.isEmpty()) {
      if (!neverExpires()) {
        problems.add(
            "the organization's policy requires tokens to expire"
                + maxLifetime().map(d -> " within " + days(d)).orElse(""));
      }
    } else if (maxLifetime != null && expiresAt.get().isAfter(now.plus(maxLifetime))) {
      problems.add("the organization's policy allows tokens to live at most " + days(maxLifetime));
    }
    if (problems.isEmpty() && preset.isPresent() && !presets.contains(preset.get())) {
      problems.add(
          "the organization's policy does not offer "
              + preset.get().wireName()
              + "; offered: "
              + String.join(", ", presets.stream().map(ExpiryPreset::wireName).toList()));
    }
    return problems;
  }

  private static String days(Duration duration) {
    long days = duration.toDays();
    return duration.equals(Duration.ofDays(days))
        ? days + (days == 1 ? " day" : " days")
        : duration.toString();
  }

  @Override
  public String toString() {
    return "TokenPolicy[maxLifetime="
        + maxLifetime
        + ", neverExpires="
        + neverExpires()
        + ", presets="
        + presets
        + ", revokeOnSupersededSecretUse="
        + revokeOnSupersededSecretUse
        + "]";
  }

  /** Collects a {@link TokenPolicy}. Not thread-safe. */
  public static final class Builder {

    private Duration maxLifetime;
    private boolean neverExpires = true;
    private Set<ExpiryPreset> presets = EnumSet.allOf(ExpiryPreset.class);
    private boolean revokeOnSupersededSecretUse;

    private Builder() {}

    /**
     * Limits how long a token may live, counted from the moment of issue or edit; this also forbids
     * never-expiring tokens.
     *
     * @param lifetime between 1 minute and 100 years
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxLifetime(Duration lifetime) {
      requireNonNull(lifetime, "lifetime must not be null");
      if (lifetime.compareTo(Duration.ofMinutes(1)) < 0
          || lifetime.compareTo(Duration.ofDays(36_500)) > 0) {
        throw new IllegalArgumentException(
            "maxLifetime must be between 1 minute and 100 years, was " + lifetime);
      }
      this.maxLifetime = lifetime;
      return this;
    }

    /**
     * Whether tokens may never expire; true by default (false whenever a maximum lifetime is set).
     *
     * @param allowed false to require an expiry
     * @return this builder
     */
    public Builder neverExpires(boolean allowed) {
      this.neverExpires = allowed;
      return this;
    }

    /**
     * Sets the presets a page offers (before the limits remove those they forbid); all by default.
     *
     * @param offered the presets, at least one
     * @return this builder
     * @throws IllegalArgumentException if empty
     */
    public Builder presets(Set<ExpiryPreset> offered) {
      requireNonNull(offered, "offered must not be null");
      if (offered.isEmpty()) {
        throw new IllegalArgumentException("presets must not be empty");
      }
      offered.forEach(p -> requireNonNull(p, "presets must not hold null"));
      this.presets = EnumSet.copyOf(offered);
      return this;
    }

    /**
     * Whether a token is revoked when its superseded secret is used after the grace period (a sign
     * that a copy of the old secret leaked); false by default, which only reports it.
     *
     * @param revoke true to revoke
     * @return this builder
     */
    public Builder revokeOnSupersededSecretUse(boolean revoke) {
      this.revokeOnSupersededSecretUse = revoke;
      return this;
    }

    /**
     * Returns the policy.
     *
     * @return an immutable policy
     * @throws IllegalStateException if the limits leave no preset to offer
     */
    public TokenPolicy build() {
      TokenPolicy policy = new TokenPolicy(this);
      if (policy.presets.isEmpty()) {
        throw new IllegalStateException(
            "the policy's limits leave none of the presets " + presets + " to offer");
      }
      return policy;
    }
  }
}
