package dev.tokenry;

import static java.util.Objects.requireNonNull;

import dev.tokenry.spi.TokenHasher;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in {@link TokenHasher}s. See the README's hashing section for the trade-offs.
 *
 * <pre>{@code
 * Tokenry.builder().hasher(TokenHashers.hmacSha256(HmacKey.of("k2", newKey), HmacKey.of("k1", oldKey)))
 * }</pre>
 */
public final class TokenHashers {

  private TokenHashers() {}

  /**
   * One SHA-256 of the secret: the default, and the fastest. Tokens carry about 190 bits of
   * entropy, for which an approved fast hash is accepted (NIST SP 800-63B, OWASP ASVS).
   *
   * @return the hasher
   */
  public static TokenHasher sha256() {
    return Sha256Hasher.INSTANCE;
  }

  /**
   * HMAC-SHA-256 under a server-side key: the production recommendation, since a stolen database
   * alone cannot confirm a leaked token. New hashes use {@code current}; hashes under the {@code
   * older} keys still verify and are upgraded on their next successful verification.
   *
   * @param current the key for new hashes
   * @param older keys still accepted, newest first
   * @return the hasher
   */
  public static TokenHasher hmacSha256(HmacKey current, HmacKey... older) {
    requireNonNull(current, "current must not be null");
    requireNonNull(older, "older must not be null");
    List<HmacKey> keys = new ArrayList<>();
    keys.add(current);
    keys.addAll(List.of(older));
    return new HmacSha256Hasher(keys);
  }

  /**
   * Argon2id with OWASP's minimum parameters (m=19456 KiB, t=2, p=1), a verification cache of
   * 10,000 entries and at most one concurrent computation per processor. Needs {@code
   * de.mkammerer:argon2-jvm} on the class path.
   *
   * @return the hasher
   */
  public static TokenHasher argon2id() {
    return argon2idBuilder().build();
  }

  /**
   * Starts an Argon2id hasher with custom parameters.
   *
   * @return a builder with OWASP's minimum parameters
   */
  public static Argon2idBuilder argon2idBuilder() {
    return new Argon2idBuilder();
  }

  /** Configures an Argon2id hasher; each value is checked when it is set. */
  public static final class Argon2idBuilder {

    private int memoryKiB = 19_456;
    private int iterations = 2;
    private int parallelism = 1;
    private int cacheSize = 10_000;
    private int maxConcurrent = Math.max(1, Runtime.getRuntime().availableProcessors());

    private Argon2idBuilder() {}

    /**
     * Sets the memory cost.
     *
     * @param memoryKiB KiB per computation, at least 8 × parallelism
     * @return this builder
     */
    public Argon2idBuilder memoryKiB(int memoryKiB) {
      this.memoryKiB = requirePositive(memoryKiB, "memoryKiB");
      return this;
    }

    /**
     * Sets the time cost.
     *
     * @param iterations passes over memory, at least 1
     * @return this builder
     */
    public Argon2idBuilder iterations(int iterations) {
      this.iterations = requirePositive(iterations, "iterations");
      return this;
    }

    /**
     * Sets the number of lanes.
     *
     * @param parallelism lanes, at least 1
     * @return this builder
     */
    public Argon2idBuilder parallelism(int parallelism) {
      this.parallelism = requirePositive(parallelism, "parallelism");
      return this;
    }

    /**
     * Sets how many verified hashes are remembered, each costing about 200 bytes of heap.
     *
     * @param cacheSize entries, at least 1
     * @return this builder
     */
    public Argon2idBuilder cacheSize(int cacheSize) {
      this.cacheSize = requirePositive(cacheSize, "cacheSize");
      return this;
    }

    /**
     * Sets how many Argon2 computations may run at once; others wait. Native memory used by Argon2
     * stays below {@code maxConcurrent × memoryKiB}.
     *
     * @param maxConcurrent at least 1
     * @return this builder
     */
    public Argon2idBuilder maxConcurrent(int maxConcurrent) {
      this.maxConcurrent = requirePositive(maxConcurrent, "maxConcurrent");
      return this;
    }

    /**
     * Returns the hasher.
     *
     * @return the hasher
     * @throws IllegalStateException if argon2-jvm is missing or memory is too small for the lanes
     */
    public TokenHasher build() {
      if (memoryKiB < 8 * parallelism) {
        throw new IllegalStateException(
            "memoryKiB must be at least 8 × parallelism ("
                + 8 * parallelism
                + "), was "
                + memoryKiB);
      }
      try {
        Class.forName(
            "de.mkammerer.argon2.Argon2Factory", false, TokenHashers.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(
            "The argon2id hasher needs de.mkammerer:argon2-jvm on the" + " class path", e);
      }
      return new Argon2idHasher(memoryKiB, iterations, parallelism, cacheSize, maxConcurrent);
    }

    private static int requirePositive(int value, String name) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, was " + value);
      }
      return value;
    }
  }
}
