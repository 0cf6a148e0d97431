package dev.tokenry.spi;

import dev.tokenry.TokenPolicy;

/**
 * The host's token policy of each organization: how long tokens may live, whether they may never
 * expire, which presets a page offers, what happens when a superseded secret is used. Asked on
 * issue, edit, regenerate, expiry preview and when a superseded secret shows up, never on an
 * ordinary verification.
 *
 * <pre>{@code
 * Tokenry.builder().policies(org -> org.equals("acme")
 *     ? TokenPolicy.builder().maxLifetime(Duration.ofDays(90)).neverExpires(false).build()
 *     : TokenPolicy.UNRESTRICTED);
 * }</pre>
 */
@FunctionalInterface
public interface TokenPolicies {

  /**
   * Returns an organization's policy.
   *
   * @param organizationId the organization
   * @return its policy; {@link TokenPolicy#UNRESTRICTED} for none
   */
  TokenPolicy policyOf(String organizationId);
}
