package dev.tokenry.servlet;

import java.time.Clock;
import java.time.Duration;

/**
 * Counts attempts per client and says when a client has made too many: failed verifications in
 * {@link TokenAuthenticationFilter}, every request in {@link PublicRevokeServlet}. Keys are client
 * addresses as the {@link ClientAddressResolver} gives them, IPv6 addresses grouped by their /64
 * network (one host usually holds a whole /64).
 *
 * <p>{@link #retryAfter} is called on every guarded request and must not do I/O; {@link #record} is
 * called on the (rare) counted attempt and may. {@link #perInstance} counts in this process's
 * memory; the {@code tokenry-throttle-postgresql} module counts for a whole fleet on a shared
 * PostgreSQL. Implementations are thread-safe.
 */
public interface AttemptThrottle {

  /**
   * How long this client must wait before its next attempt, without counting one.
   *
   * @param clientKey the client's key
   * @return {@link Duration#ZERO} if it may go on, else the time until it may (whole seconds are
   *     sent as {@code Retry-After}, at least 1)
   */
  Duration retryAfter(String clientKey);

  /**
   * Counts one attempt of this client.
   *
   * @param clientKey the client's key
   */
  void record(String clientKey);

  /**
   * The key a client address is counted under, as Tokenry's own guards count it: an IPv4 address as
   * it is, an IPv6 address as its /64 network, anything else cut to 45 characters. For a host that
   * guards another entry point with the same throttle.
   *
   * @param clientAddress the address, as a {@link ClientAddressResolver} gives it
   * @return the key; empty for {@code null}
   */
  static String clientKey(String clientAddress) {
    return ClientAddresses.throttleKey(clientAddress);
  }

  /**
   * A throttle that never refuses: turns throttling off.
   *
   * @return the throttle
   */
  static AttemptThrottle none() {
    return NoThrottle.INSTANCE;
  }

  /**
   * Counts in this process's memory over a sliding window: a client that made {@code maxAttempts}
   * attempts within the last {@code window} waits. Memory is bounded at {@value
   * SlidingWindowThrottle#DEFAULT_MAX_CLIENTS} clients however many addresses send attempts.
   *
   * @param maxAttempts attempts allowed per window, 1 to 1,000,000
   * @param window the window, 1 second to 1 day
   * @return the throttle
   * @throws IllegalArgumentException if out of range
   */
  static AttemptThrottle perInstance(int maxAttempts, Duration window) {
    return new SlidingWindowThrottle(
        maxAttempts, window, SlidingWindowThrottle.DEFAULT_MAX_CLIENTS, Clock.systemUTC());
  }

  /**
   * Like {@link #perInstance(int, Duration)} with another bound on the clients tracked at once.
   * When the bound is reached, clients with no recent attempts are forgotten first, then the least
   * counted ones.
   *
   * @param maxAttempts attempts allowed per window, 1 to 1,000,000
   * @param window the window, 1 second to 1 day
   * @param maxClients clients tracked at once, 100 to 10,000,000
   * @return the throttle
   * @throws IllegalArgumentException if out of range
   */
  static AttemptThrottle perInstance(int maxAttempts, Duration window, int maxClients) {
    return new SlidingWindowThrottle(maxAttempts, window, maxClients, Clock.systemUTC());
  }
}
