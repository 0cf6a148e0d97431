package dev.tokenry.spi;

import static java.util.Objects.requireNonNull;

import dev.tokenry.ApiToken;
import java.util.Optional;

/**
 * What a {@link TokenStore} keeps for one token: its metadata, the self-describing hash of its
 * secret, and a version for optimistic concurrency. Never the plaintext. {@link #toString()} leaves
 * the hash out. The version kept here is the one truth: the constructor sets it on the metadata
 * too, so {@code token().version() == version()} always holds.
 *
 * @param token the metadata
 * @param secretHash the PHC-style hash string produced by a {@link TokenHasher}
 * @param supersededSecret the secret the latest regeneration replaced, kept (with the end of its
 *     grace period) until the next one; the constructor sets {@link
 *     ApiToken#previousSecretValidUntil()} from it
 * @param version incremented by every {@link TokenStore#update}; starts at 1
 */
public record StoredToken(
    ApiToken token, String secretHash, Optional<SupersededSecret> supersededSecret, long version) {

  /**
   * Checks the components and sets the version and the superseded secret's grace period on the
   * metadata.
   *
   * @param token the metadata
   * @param secretHash the PHC-style hash string produced by a {@link TokenHasher}
   * @param supersededSecret the secret the latest regeneration replaced, if any
   * @param version incremented by every {@link TokenStore#update}; starts at 1
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the version is below 1
   */
  public StoredToken {
    requireNonNull(token, "token must not be null");
    requireNonNull(secretHash, "secretHash must not be null");
    requireNonNull(supersededSecret, "supersededSecret must not be null");
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, was " + version);
    }
    token =
        token
            .withVersion(version)
            .withPreviousSecretValidUntil(supersededSecret.map(SupersededSecret::validUntil));
  }

  /**
   * A token that was never regenerated (or whose store does not keep superseded secrets).
   *
   * @param token the metadata
   * @param secretHash the PHC-style hash string produced by a {@link TokenHasher}
   * @param version incremented by every {@link TokenStore#update}; starts at 1
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the version is below 1
   */
  public StoredToken(ApiToken token, String secretHash, long version) {
    this(token, secretHash, Optional.empty(), version);
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
    return new StoredToken(newToken, secretHash, supersededSecret, version);
  }

  /**
   * Returns a copy with another hash of the same secret (a rehash); the superseded secret stays.
   *
   * @param newHash the hash
   * @return the copy, same metadata and version
   */
  public StoredToken withSecretHash(String newHash) {
    return new StoredToken(token, newHash, supersededSecret, version);
  }

  /**
   * Returns a copy with a new secret's hash, the current one becoming the superseded secret.
   *
   * @param newHash the hash of the new secret
   * @param validUntil until when the current secret keeps verifying
   * @return the copy, same metadata and version
   */
  public StoredToken withNewSecret(String newHash, java.time.Instant validUntil) {
    return new StoredToken(
        token, newHash, Optional.of(new SupersededSecret(secretHash, validUntil)), version);
  }

  /**
   * Returns a copy with another version.
   *
   * @param newVersion the version
   * @return the copy
   */
  public StoredToken withVersion(long newVersion) {
    return new StoredToken(token, secretHash, supersededSecret, newVersion);
  }

  /** Shows the metadata and version, never a hash. */
  @Override
  public String toString() {
    return "StoredToken["
        + token
        + ", secretHash=(redacted)"
        + supersededSecret.map(s -> ", supersededSecret=" + s).orElse("")
        + ", version="
        + version
        + "]";
  }
}
