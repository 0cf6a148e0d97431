package dev.tokenry;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where a management request came from, for the audit trail: the client address and user agent.
 * Both are what the client or its proxy sent, cut to a bounded length; never used for decisions.
 *
 * @param clientAddress the client's address, at most {@value #MAX_ADDRESS_LENGTH} characters
 * @param userAgent the {@code User-Agent}, at most {@value #MAX_USER_AGENT_LENGTH} characters
 */
public record AuditOrigin(Optional<String> clientAddress, Optional<String> userAgent) {

  /** Characters of an address kept. */
  public static final int MAX_ADDRESS_LENGTH = 64;

  /** Characters of a user agent kept. */
  public static final int MAX_USER_AGENT_LENGTH = 256;

  /** No known origin: a call from the host's own code. */
  public static final AuditOrigin UNKNOWN = new AuditOrigin(Optional.empty(), Optional.empty());

  /**
   * Cuts both values to their bounds; empty strings become empty.
   *
   * @param clientAddress the client's address, at most {@value #MAX_ADDRESS_LENGTH} characters
   * @param userAgent the {@code User-Agent}, at most {@value #MAX_USER_AGENT_LENGTH} characters
   * @throws NullPointerException if a component is null
   */
  public AuditOrigin {
    clientAddress = cut(requireNonNull(clientAddress, "clientAddress must not be null"), 64);
    userAgent = cut(requireNonNull(userAgent, "userAgent must not be null"), 256);
  }

  /**
   * An origin from possibly-null values.
   *
   * @param clientAddress the address, or null
   * @param userAgent the user agent, or null
   * @return the origin
   */
  public static AuditOrigin of(String clientAddress, String userAgent) {
    return new AuditOrigin(Optional.ofNullable(clientAddress), Optional.ofNullable(userAgent));
  }

  private static Optional<String> cut(Optional<String> value, int max) {
    return value.filter(v -> !v.isEmpty()).map(v -> v.length() > max ? v.substring(0, max) : v);
  }
}
