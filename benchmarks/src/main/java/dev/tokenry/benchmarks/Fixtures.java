package dev.tokenry.benchmarks;

import dev.tokenry.ApiToken;
import dev.tokenry.BenchmarkAccess;
import dev.tokenry.PermissionSet;
import dev.tokenry.TokenKind;
import dev.tokenry.TokenScope;
import dev.tokenry.TokenType;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.TokenHasher;
import dev.tokenry.spi.TokenStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Fills stores with realistic tokens fast: ids and secrets come from a seeded {@link
 * SplittableRandom} instead of {@code SecureRandom} (the shape is what matters here, and 1,000,000
 * tokens must be ready in seconds). A few evenly spaced tokens are kept as "samples" whose
 * plaintext the benchmarks present; the others are there to make the store big.
 */
final class Fixtures {

  static final String PREFIX = "tkr";
  static final String ORGANIZATION = "acme";
  static final BenchmarkAccess.Format FORMAT = new BenchmarkAccess.Format(PREFIX);

  private static final char[] BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private Fixtures() {}

  /** What a benchmark needs to know about one token it created. */
  interface TokenSink {
    void accept(int index, String id, String secret);
  }

  /**
   * Inserts {@code count} tokens into {@code store}; the {@code samples} evenly spaced ones are
   * hashed by {@code sampleHasher}, the rest by {@code fillerHasher}.
   *
   * @return the plaintexts of the samples, in index order
   */
  static String[] populate(
      TokenStore store,
      int count,
      int samples,
      TokenHasher sampleHasher,
      TokenHasher fillerHasher,
      TokenSink sink) {
    if (samples > count) {
      throw new IllegalArgumentException("samples " + samples + " > count " + count);
    }
    SplittableRandom random = new SplittableRandom(20261123L + count);
    Instant now = Instant.now();
    Optional<Instant> expiresAt = Optional.of(now.plus(Duration.ofDays(90)));
    PermissionSet permissions = TokenType.READ_ONLY.presetPermissions().orElseThrow();
    TokenScope scope = TokenScope.organization(ORGANIZATION);
    String[] presented = new String[samples];
    int step = count / samples;
    int taken = 0;
    for (int i = 0; i < count; i++) {
      String id = randomBase62(random, BenchmarkAccess.ID_LENGTH);
      String secret = randomBase62(random, BenchmarkAccess.SECRET_LENGTH);
      boolean sample = taken < samples && i % step == 0;
      String hash = (sample ? sampleHasher : fillerHasher).hash(secret);
      ApiToken token =
          new ApiToken(
              id,
              PREFIX,
              "token " + i,
              "",
              TokenKind.ORGANIZATION,
              scope,
              Optional.empty(),
              TokenType.READ_ONLY,
              permissions,
              now,
              "system",
              expiresAt,
              Optional.empty());
      store.insert(new StoredToken(token, hash, 1));
      if (sample) {
        presented[taken++] = FORMAT.format(id, secret);
      }
      if (sink != null) {
        sink.accept(i, id, secret);
      }
    }
    return presented;
  }

  static String randomBase62(SplittableRandom random, int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = BASE62[random.nextInt(BASE62.length)];
    }
    return new String(chars);
  }

  /** A token-shaped string whose checksum is wrong, as a typo or a random guess would be. */
  static String withBadChecksum(String presented) {
    char last = presented.charAt(presented.length() - 1);
    char other = last == '0' ? '1' : '0';
    return presented.substring(0, presented.length() - 1) + other;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
