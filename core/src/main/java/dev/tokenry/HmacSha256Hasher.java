package dev.tokenry;

import static java.util.Objects.requireNonNull;

import dev.tokenry.spi.TokenHasher;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code $hmac-sha256$k=<keyId>$<base64>}: an HMAC-SHA-256 of the secret under a server-side key (a
 * pepper), so a stolen database alone cannot confirm a leaked token. Several keys can be accepted;
 * new hashes use the first, and hashes under older keys are upgraded on their next successful
 * verification.
 */
final class HmacSha256Hasher implements TokenHasher {

  private static final String MARK = "$hmac-sha256$k=";

  private final HmacKey current;
  private final Map<String, ThreadLocal<Mac>> macsByKeyId = new LinkedHashMap<>();

  /** The same keys as arrays, newest first, for lookups that allocate nothing. */
  private final String[] keyIds;

  private final List<ThreadLocal<Mac>> macs;

  /**
   * Creates the hasher.
   *
   * @param keys the accepted keys, newest first; at least one, with distinct ids
   */
  public HmacSha256Hasher(List<HmacKey> keys) {
    requireNonNull(keys, "keys must not be null");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one HMAC key is required");
    }
    this.current = requireNonNull(keys.get(0), "keys must not hold null");
    for (HmacKey key : keys) {
      requireNonNull(key, "keys must not hold null");
      if (macsByKeyId.containsKey(key.id())) {
        throw new IllegalArgumentException(
            "HMAC key ids must be distinct; '" + key.id() + "' appears twice");
      }
      SecretKeySpec spec = new SecretKeySpec(key.material(), "HmacSHA256");
      macsByKeyId.put(key.id(), ThreadLocal.withInitial(() -> newMac(spec)));
    }
    this.keyIds = macsByKeyId.keySet().toArray(new String[0]);
    this.macs = List.copyOf(macsByKeyId.values());
  }

  private static Mac newMac(SecretKeySpec spec) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(spec);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  @Override
  public String algorithm() {
    return "hmac-sha256";
  }

  @Override
  public String hash(String secret) {
    return MARK + current.id() + "$" + Digests.B64.encodeToString(mac(0, secret));
  }

  private byte[] mac(int key, String secret) {
    return macs.get(key).get().doFinal(secret.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean recognizes(String storedHash) {
    return keyIndex(storedHash) >= 0;
  }

  @Override
  public boolean matches(String secret, String storedHash) {
    int key = keyIndex(storedHash);
    if (key < 0) {
      return false;
    }
    byte[] expected =
        Digests.decodeOrNull(storedHash.substring(MARK.length() + keyIds[key].length() + 1));
    // Constant-time comparison: timing reveals nothing about how close a guess was.
    return expected != null && MessageDigest.isEqual(expected, mac(key, secret));
  }

  @Override
  public boolean needsRehash(String storedHash) {
    return keyIndex(storedHash) != 0;
  }

  /**
   * Which accepted key a stored hash was made with, without allocating: this runs up to three times
   * per verification.
   *
   * @return the index into {@link #keyIds}, 0 for the current key, or -1 if none
   */
  private int keyIndex(String storedHash) {
    if (!storedHash.startsWith(MARK)) {
      return -1;
    }
    int end = storedHash.indexOf('$', MARK.length());
    if (end < 0) {
      return -1;
    }
    int length = end - MARK.length();
    for (int i = 0; i < keyIds.length; i++) {
      if (keyIds[i].length() == length
          && storedHash.regionMatches(MARK.length(), keyIds[i], 0, length)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return "TokenHasher[hmac-sha256, current key="
        + current.id()
        + ", accepted keys="
        + macsByKeyId.keySet()
        + "]";
  }
}
