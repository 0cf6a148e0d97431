package dev.tokenry.internal;

import static java.util.Objects.requireNonNull;

import dev.tokenry.HmacKey;
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
 * {@code $hmac-sha256$k=<keyId>$<base64>}: an HMAC-SHA-256 of the secret under a server-side key
 * (a pepper), so a stolen database alone cannot confirm a leaked token. Several keys can be
 * accepted; new hashes use the first, and hashes under older keys are upgraded on their next
 * successful verification.
 */
public final class HmacSha256Hasher implements TokenHasher {

  private static final String MARK = "$hmac-sha256$k=";

  private final HmacKey current;
  private final Map<String, ThreadLocal<Mac>> macsByKeyId = new LinkedHashMap<>();

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
        throw new IllegalArgumentException("HMAC key ids must be distinct; '" + key.id()
            + "' appears twice");
      }
      SecretKeySpec spec = new SecretKeySpec(key.material(), "HmacSHA256");
      macsByKeyId.put(key.id(), ThreadLocal.withInitial(() -> newMac(spec)));
    }
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
    return MARK + current.id() + "$" + Digests.B64.encodeToString(mac(current.id(), secret));
  }

  private byte[] mac(String keyId, String secret) {
    Mac mac = macsByKeyId.get(keyId).get();
    return mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean recognizes(String storedHash) {
    String keyId = keyId(storedHash);
    return keyId != null && macsByKeyId.containsKey(keyId);
  }

  @Override
  public boolean matches(String secret, String storedHash) {
    String keyId = keyId(storedHash);
    if (keyId == null || !macsByKeyId.containsKey(keyId)) {
      return false;
    }
    byte[] expected =
        Digests.decodeOrNull(storedHash.substring(MARK.length() + keyId.length() + 1));
    // Constant-time comparison: timing reveals nothing about how close a guess was.
    return expected != null && MessageDigest.isEqual(expected, mac(keyId, secret));
  }

  @Override
  public boolean needsRehash(String storedHash) {
    return !current.id().equals(keyId(storedHash));
  }

  private static String keyId(String storedHash) {
    if (!storedHash.startsWith(MARK)) {
      return null;
    }
    int end = storedHash.indexOf('$', MARK.length());
    return end < 0 ? null : storedHash.substring(MARK.length(), end);
  }

  @Override
  public String toString() {
    return "TokenHasher[hmac-sha256, current key=" + current.id() + ", accepted keys="
        + macsByKeyId.keySet() + "]";
  }
}
