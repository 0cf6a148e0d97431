package dev.tokenry.spi;

/**
 * Hashes token secrets for storage and checks presented secrets against stored hashes. Hashes are
 * self-describing PHC-style strings ({@code $sha256$...}, {@code $hmac-sha256$k=key1$...}, {@code
 * $argon2id$v=19$m=19456,t=2,p=1$...}), so a store can hold hashes of several kinds and Tokenry can
 * upgrade a token's hash on its next successful verification.
 *
 * <p>Implementations are thread-safe, compare in constant time, and never put a secret or a hash in
 * an exception message or log line. Built-in hashers come from {@code dev.tokenry.TokenHashers}.
 */
public interface TokenHasher {

  /**
   * Returns the algorithm name as it appears in the hash string, such as {@code sha256}.
   *
   * @return the algorithm name
   */
  String algorithm();

  /**
   * Hashes a secret for storage.
   *
   * @param secret the secret part of a token
   * @return a self-describing hash string
   */
  String hash(String secret);

  /**
   * Whether this hasher can check the given stored hash (its algorithm, and its key where it has
   * one).
   *
   * @param storedHash a hash string from a store
   * @return true if {@link #matches} can decide for it
   */
  boolean recognizes(String storedHash);

  /**
   * Checks a secret against a stored hash in constant time.
   *
   * @param secret the presented secret
   * @param storedHash a hash this hasher {@link #recognizes}
   * @return true if the secret is the one that was hashed
   */
  boolean matches(String secret, String storedHash);

  /**
   * Whether a hash this hasher recognizes was made with other parameters or an older key, and
   * should be replaced by {@link #hash} after the next successful verification.
   *
   * @param storedHash a hash this hasher recognizes
   * @return true to re-hash
   */
  default boolean needsRehash(String storedHash) {
    return false;
  }
}
