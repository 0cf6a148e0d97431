package dev.tokenry.spi;

import static java.util.Objects.requireNonNull;

import dev.tokenry.ApiToken;

/**
 * What a {@link TokenStore} keeps for one token: its metadata, the self-describing hash of its
 * secret, and a version for optimistic concurrency. Never the plaintext. {@link #toString()} leaves
 * the hash out. The version kept here is the one truth: the constructor sets it on the metadata
 * too, so {@code token().version() == version()} always holds.
 *
 * @param token the metadata
 * @param secretHash the PHC-style hash string produced by a {@link TokenHasher}
 * @param version incremented by every {@link TokenStore#update}; starts at 1
 */
public record StoredToken(ApiToken token, String secretHash, long version) {

  /**
   * Checks the components and sets the version on the metadata.
   *
   * @param token the metadata
   * @param secretHash the PHC-style hash string produced by a {@link TokenHasher}
   * @param version incremented by every {@link TokenStore#update}; starts at 1
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the version is below 1
   */
  public StoredToken {
    requireNonNull(token, "token must not be null");
    requireNonNull(secretHash, "secretHash must not be null");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, was " + version);
    }
    token = token.withVersion(version);
  }

  /**
   * Returns the token id.
   *
   * @return the id
   */
  public String id() {
    return token.id();
  }

  /**
   * Returns a copy with other metadata.
   *
   * @param newToken the metadata
   * @return the copy, same hash and version
   */
  public StoredToken withToken(ApiToken newToken) {
    return new StoredToken(newToken, secretHash, version);
  }

  /**
   * Returns a copy with another hash.
   *
   * @param newHash the hash
   * @return the copy, same metadata and version
   */
  public StoredToken withSecretHash(String newHash) {
    return new StoredToken(token, newHash, version);
  }

  /**
   * Returns a copy with another version.
   *
   * @param newVersion the version
   * @return the copy
   */
  public StoredToken withVersion(long newVersion) {
    return new StoredToken(token, secretHash, newVersion);
  }

  /** Shows the metadata and version, never the hash. */
  @Override
  public String toString() {
    return "StoredToken[" + token + ", secretHash=(redacted), version=" + version + "]";
  }
}
