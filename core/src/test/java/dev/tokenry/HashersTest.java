package dev.tokenry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenry.spi.TokenHasher;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class HashersTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private static String secret() {
    return TokenFormat.newSecret(RANDOM);
  }

  private static HmacKey key(String id) {
    byte[] material = new byte[32];
    RANDOM.nextBytes(material);
    return HmacKey.of(id, material);
  }

  @Test
  void sha256WhenHashedThenSelfDescribingAndMatchesOnlyTheSecret() {
    TokenHasher hasher = TokenHashers.sha256();
    String secret = secret();

    String hash = hasher.hash(secret);

    assertThat(hash).startsWith("$sha256$").doesNotContain(secret);
    assertThat(hasher.recognizes(hash)).isTrue();
    assertThat(hasher.matches(secret, hash)).isTrue();
    assertThat(hasher.matches(secret(), hash)).isFalse();
    assertThat(hasher.needsRehash(hash)).isFalse();
    assertThat(hasher.matches(secret, "$sha256$not base64!")).isFalse();
    assertThat(hasher.recognizes("$hmac-sha256$k=a$xyz")).isFalse();
    assertThat(hasher.algorithm()).isEqualTo("sha256");
  }

  @Test
  void sha256WhenHashedRepeatedlyOnOneThreadThenEachDigestStandsAlone() {
    // Digests reuses one MessageDigest per thread without an explicit reset.
    TokenHasher hasher = TokenHashers.sha256();
    String abc = "$sha256$ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0";

    for (int i = 0; i < 3; i++) {
      assertThat(hasher.hash(secret())).isNotEqualTo(abc);
      assertThat(hasher.hash("abc")).isEqualTo(abc);
      assertThat(hasher.matches("abc", abc)).isTrue();
    }
  }

  @Test
  void hmacWhenOneKeyIdStartsAnotherThenEachHashFindsItsOwnKey() {
    HmacKey k1 = key("k1");
    HmacKey k10 = key("k10");
    TokenHasher current = TokenHashers.hmacSha256(k10, k1);
    String secret = secret();
    String underK1 = TokenHashers.hmacSha256(k1).hash(secret);
    String underK10 = current.hash(secret);

    assertThat(underK10).startsWith("$hmac-sha256$k=k10$");
    assertThat(current.matches(secret, underK1)).isTrue();
    assertThat(current.matches(secret, underK10)).isTrue();
    assertThat(current.needsRehash(underK1)).isTrue();
    assertThat(current.needsRehash(underK10)).isFalse();
    assertThat(TokenHashers.hmacSha256(k1).recognizes(underK10)).isFalse();
    assertThat(current.recognizes("$hmac-sha256$k=k1")).isFalse();
  }

  @Test
  void hmacWhenHashedThenCarriesKeyIdAndNeedsTheKey() {
    HmacKey k1 = key("k1");
    TokenHasher hasher = TokenHashers.hmacSha256(k1);
    String secret = secret();

    String hash = hasher.hash(secret);

    assertThat(hash).startsWith("$hmac-sha256$k=k1$").doesNotContain(secret);
    assertThat(hasher.matches(secret, hash)).isTrue();
    assertThat(hasher.matches(secret(), hash)).isFalse();
    assertThat(TokenHashers.hmacSha256(key("k1")).matches(secret, hash))
        .as("same id, other key material")
        .isFalse();
    assertThat(hasher.algorithm()).isEqualTo("hmac-sha256");
  }

  @Test
  void hmacWhenKeysRotateThenOldHashesVerifyAndNeedRehash() {
    HmacKey k1 = key("k1");
    HmacKey k2 = key("k2");
    String secret = secret();
    String oldHash = TokenHashers.hmacSha256(k1).hash(secret);

    TokenHasher rotated = TokenHashers.hmacSha256(k2, k1);

    assertThat(rotated.recognizes(oldHash)).isTrue();
    assertThat(rotated.matches(secret, oldHash)).isTrue();
    assertThat(rotated.needsRehash(oldHash)).isTrue();
    String newHash = rotated.hash(secret);
    assertThat(newHash).startsWith("$hmac-sha256$k=k2$");
    assertThat(rotated.needsRehash(newHash)).isFalse();
    assertThat(TokenHashers.hmacSha256(k2).recognizes(oldHash)).as("k1 dropped").isFalse();
    assertThat(TokenHashers.hmacSha256(k2).matches(secret, oldHash)).isFalse();
  }

  @Test
  void hmacWhenKeysAreUnfitThenThrowsNamingTheProblem() {
    assertThatThrownBy(() -> HmacKey.of("k1", new byte[31]))
        .hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> HmacKey.of("k$1", new byte[32])).hasMessageContaining("key id");
    assertThatThrownBy(() -> TokenHashers.hmacSha256(key("a"), key("a")))
        .hasMessageContaining("distinct");
    HmacKey key = key("visible-id");
    assertThat(key.toString()).isEqualTo("HmacKey[visible-id]");
    assertThat(TokenHashers.hmacSha256(key).toString()).contains("visible-id");
    assertThat(key)
        .isEqualTo(HmacKey.of("visible-id", key.material()))
        .isNotEqualTo(key("visible-id"));
    assertThat(key.material()).hasSize(32);
  }

  private static Argon2idHasher smallArgon2(int maxConcurrent) {
    return (Argon2idHasher)
        TokenHashers.argon2idBuilder()
            .memoryKiB(1024)
            .iterations(1)
            .parallelism(1)
            .cacheSize(2)
            .maxConcurrent(maxConcurrent)
            .build();
  }

  @Test
  void argon2WhenHashedThenPhcStringWithParametersAndVerifies() {
    Argon2idHasher hasher = smallArgon2(2);
    String secret = secret();

    String hash = hasher.hash(secret);

    assertThat(hash).startsWith("$argon2id$v=19$m=1024,t=1,p=1$").doesNotContain(secret);
    assertThat(hasher.recognizes(hash)).isTrue();
    assertThat(hasher.needsRehash(hash)).isFalse();
    assertThat(smallArgon2(1).matches(secret, hash)).as("fresh hasher, no cache").isTrue();
    assertThat(smallArgon2(1).matches(secret(), hash)).isFalse();
  }

  @Test
  void argon2WhenDefaultsThenOwaspMinimum() {
    String hash = TokenHashers.argon2id().hash(secret());

    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
  }

  @Test
  void argon2WhenParametersChangeThenNeedsRehash() {
    String hash = smallArgon2(1).hash(secret());
    TokenHasher stronger = TokenHashers.argon2idBuilder().memoryKiB(2048).iterations(1).build();

    assertThat(stronger.needsRehash(hash)).isTrue();
  }

  @Test
  void argon2WhenVerifiedTwiceThenSecondIsACacheHitAndOtherSecretsFail() {
    Argon2idHasher hasher = smallArgon2(1);
    String secret = secret();
    String hash = smallArgon2(1).hash(secret);

    assertThat(hasher.cachedVerifications()).isZero();
    assertThat(hasher.matches(secret, hash)).isTrue();
    assertThat(hasher.cachedVerifications()).isEqualTo(1);
    assertThat(hasher.matches(secret, hash)).isTrue();
    assertThat(hasher.matches(secret(), hash)).isFalse();
  }

  @Test
  void argon2WhenCacheIsFullThenStaysWithinItsBound() {
    Argon2idHasher hasher = smallArgon2(1);
    for (int i = 0; i < 5; i++) {
      String secret = secret();
      assertThat(hasher.matches(secret, smallArgon2(1).hash(secret))).isTrue();
    }
    assertThat(hasher.cachedVerifications()).isEqualTo(2);
  }

  @Test
  void argon2WhenFloodedWithBadSecretsThenNeverExceedsMaxConcurrent() throws Exception {
    Argon2idHasher hasher = smallArgon2(1);
    String hash = smallArgon2(1).hash(secret());
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        results.add(pool.submit(() -> hasher.matches(secret(), hash)));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isFalse();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(hasher.peakConcurrent()).isEqualTo(1);
    assertThat(hasher.maxConcurrent()).isEqualTo(1);
    assertThat(hasher.cachedVerifications()).isZero();
  }

  @Test
  void argon2WhenBuilderGetsBadValuesThenThrowsNamingThem() {
    assertThatThrownBy(() -> TokenHashers.argon2idBuilder().memoryKiB(0))
        .hasMessageContaining("memoryKiB");
    assertThatThrownBy(() -> TokenHashers.argon2idBuilder().iterations(0))
        .hasMessageContaining("iterations");
    assertThatThrownBy(() -> TokenHashers.argon2idBuilder().parallelism(0))
        .hasMessageContaining("parallelism");
    assertThatThrownBy(() -> TokenHashers.argon2idBuilder().cacheSize(0))
        .hasMessageContaining("cacheSize");
    assertThatThrownBy(() -> TokenHashers.argon2idBuilder().maxConcurrent(0))
        .hasMessageContaining("maxConcurrent");
    assertThatThrownBy(() -> TokenHashers.argon2idBuilder().memoryKiB(15).parallelism(2).build())
        .hasMessageContaining("memoryKiB must be at least 8 × parallelism (16)");
  }

  @Test
  void boundedCacheWhenFullThenEvictsToStayWithinBound() {
    BoundedCache<String, String> cache = new BoundedCache<>(3);
    for (int i = 0; i < 10; i++) {
      cache.put("k" + i, "v" + i);
    }
    assertThat(cache.size()).isEqualTo(3);
    assertThat(cache.get("k9")).isEqualTo("v9");
    cache.put("k9", "again");
    assertThat(cache.get("k9")).isEqualTo("again");
    assertThatThrownBy(() -> new BoundedCache<>(0)).hasMessageContaining("maximumSize");
  }
}
