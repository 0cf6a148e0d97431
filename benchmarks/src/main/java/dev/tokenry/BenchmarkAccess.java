package dev.tokenry;

import dev.tokenry.spi.TokenHasher;

/**
 * The benchmarks' window onto core's package-private token format and Argon2 counters. It sits in
 * core's package (as Caffeine's benchmarks mirror its packages) so that core need not make these
 * types public; it is not part of any deployed artifact.
 */
public final class BenchmarkAccess {

  /** Characters in a token's public id. */
  public static final int ID_LENGTH = TokenFormat.ID_LENGTH;

  /** Characters in a token's secret. */
  public static final int SECRET_LENGTH = TokenFormat.SECRET_LENGTH;

  private BenchmarkAccess() {}

  /**
   * A token's id and secret, as the format parses them.
   *
   * @param id the public id
   * @param secret the secret
   */
  public record Parts(String id, String secret) {}

  /** Core's token format for one prefix. */
  public static final class Format {
    private final TokenFormat format;

    /**
     * Creates the format for a prefix.
     *
     * @param prefix the token prefix
     */
    public Format(String prefix) {
      this.format = new TokenFormat(prefix);
    }

    /**
     * Formats a token string with its checksum.
     *
     * @param id the public id
     * @param secret the secret
     * @return the token string
     */
    public String format(String id, String secret) {
      return format.format(id, secret);
    }

    /**
     * Parses a token string as verification does.
     *
     * @param presented the token string
     * @return its parts, or null when it is malformed
     */
    public Parts parse(String presented) {
      TokenFormat.ParsedToken parsed = format.parse(presented);
      return parsed == null ? null : new Parts(parsed.id(), parsed.secret());
    }
  }

  /**
   * Returns the most Argon2 computations an argon2id hasher has run at once.
   *
   * @param hasher a hasher from {@link TokenHashers#argon2idBuilder()}
   * @return the peak
   */
  public static int argon2PeakConcurrent(TokenHasher hasher) {
    return ((Argon2idHasher) hasher).peakConcurrent();
  }

  /**
   * Returns how many Argon2 computations an argon2id hasher allows at once.
   *
   * @param hasher a hasher from {@link TokenHashers#argon2idBuilder()}
   * @return the bound
   */
  public static int argon2MaxConcurrent(TokenHasher hasher) {
    return ((Argon2idHasher) hasher).maxConcurrent();
  }

  /**
   * Returns how many verified secrets an argon2id hasher's cache holds.
   *
   * @param hasher a hasher from {@link TokenHashers#argon2idBuilder()}
   * @return the number of cached verifications
   */
  public static int argon2CachedVerifications(TokenHasher hasher) {
    return ((Argon2idHasher) hasher).cachedVerifications();
  }
}
