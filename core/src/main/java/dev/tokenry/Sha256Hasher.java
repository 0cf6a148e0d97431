package dev.tokenry;

import dev.tokenry.spi.TokenHasher;
import java.security.MessageDigest;

/**
 * {@code $sha256$<base64>}: one SHA-256 of the secret. Enough for random secrets of about 190 bits
 * (NIST SP 800-63B 5.1.2.2 and OWASP ASVS 5.0 6.5.2 accept an approved fast hash for secrets of 112
 * bits or more), and the fastest choice.
 */
final class Sha256Hasher implements TokenHasher {

  /** The shared instance; the hasher has no state. */
  public static final Sha256Hasher INSTANCE = new Sha256Hasher();

  private static final String MARK = "$sha256$";

  private Sha256Hasher() {}

  @Override
  public String algorithm() {
    return "sha256";
  }

  @Override
  public String hash(String secret) {
    return MARK + Digests.B64.encodeToString(Digests.sha256(secret));
  }

  @Override
  public boolean recognizes(String storedHash) {
    return storedHash.startsWith(MARK);
  }

  @Override
  public boolean matches(String secret, String storedHash) {
    byte[] expected = Digests.decodeOrNull(storedHash.substring(MARK.length()));
    // MessageDigest.isEqual takes the same time whatever the first differing byte is, so the
    // answer's timing does not reveal how much of a guessed hash was right.
    return expected != null && MessageDigest.isEqual(expected, Digests.sha256(secret));
  }

  @Override
  public String toString() {
    return "TokenHasher[sha256]";
  }
}
