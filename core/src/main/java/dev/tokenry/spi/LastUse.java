package dev.tokenry.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One token's latest successful use, as the write-behind hands it to {@link
 * TokenStore#recordLastUse}: when, and from which client address.
 *
 * @param at when the token was used
 * @param address the client address as the host's resolver read it (at most {@value
 *     #MAX_ADDRESS_LENGTH} characters), empty if unknown
 */
public record LastUse(Instant at, Optional<String> address) {

  /** The longest address kept; longer ones are dropped, not cut. */
  public static final int MAX_ADDRESS_LENGTH = 64;

  /**
   * Checks the components.
   *
   * @param at when the token was used
   * @param address the client address, empty if unknown
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the address is longer than {@value #MAX_ADDRESS_LENGTH}
   */
  public LastUse {
    requireNonNull(at, "at must not be null");
    requireNonNull(address, "address must not be null");
    if (address.isPresent() && address.get().length() > MAX_ADDRESS_LENGTH) {
      throw new IllegalArgumentException(
          "address must be at most " + MAX_ADDRESS_LENGTH + " characters");
    }
  }
}
