package dev.tokenry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A token's metadata as lists and pages show it. It never holds the plaintext or the stored hash;
 * the plaintext exists only once, in the {@link IssuedToken} returned by issue or regenerate.
 *
 * @param id the public lookup id (16 base62 characters)
 * @param prefix the token prefix it was issued with, such as {@code tkr}
 * @param name the display name, unique per organization (or per owner for personal tokens)
 * @param description a free-text description, empty when none was given
 * @param kind organization or personal
 * @param scope the organization, and the one project when the token is project-scoped
 * @param owner the owning user of a personal token; empty for organization tokens
 * @param type the permission preset
 * @param permissions the permissions the token grants (before a personal token's owner limit)
 * @param createdAt when the token was issued
 * @param createdBy the user id of the actor who issued it
 * @param expiresAt when it stops working, empty if never
 * @param lastUsedAt when it last verified successfully (recorded write-behind), empty if never
 * @param version the store's optimistic-concurrency version ({@link
 *     dev.tokenry.spi.StoredToken#version()}), which every edit and regeneration raises; a client
 *     that read version {@code n} can make its edit conditional on it with {@link
 *     Tokenry#update(Actor, String, TokenUpdate, long)}
 * @param previousSecretValidUntil after a regeneration, until when the superseded secret still
 *     verifies (a past instant once its grace period is over, or the moment of the regeneration
 *     when there was none); empty if the token was never regenerated. Set from {@link
 *     dev.tokenry.spi.StoredToken#supersededSecret()}, like the version
 * @param lastUsedFrom the client address of the latest successful verification, as the filter's
 *     address resolver read it (recorded write-behind with {@code lastUsedAt}), empty if unknown
 */
public record ApiToken(
    String id,
    String prefix,
    String name,
    String description,
    TokenKind kind,
    TokenScope scope,
    Optional<String> owner,
    TokenType type,
    PermissionSet permissions,
    Instant createdAt,
    String createdBy,
    Optional<Instant> expiresAt,
    Optional<Instant> lastUsedAt,
    long version,
    Optional<Instant> previousSecretValidUntil,
    Optional<String> lastUsedFrom) {

  /**
   * Checks that no component is null and that kind and owner agree.
   *
   * @param id the public lookup id (16 base62 characters)
   * @param prefix the token prefix it was issued with, such as {@code tkr}
   * @param name the display name, unique per organization (or per owner for personal tokens)
   * @param description a free-text description, empty when none was given
   * @param kind organization or personal
   * @param scope the organization, and the one project when the token is project-scoped
   * @param owner the owning user of a personal token; empty for organization tokens
   * @param type the permission preset
   * @param permissions the permissions the token grants (before a personal token's owner limit)
   * @param createdAt when the token was issued
   * @param createdBy the user id of the actor who issued it
   * @param expiresAt when it stops working, empty if never
   * @param lastUsedAt when it last verified successfully (recorded write-behind), empty if never
   * @param version the store's optimistic-concurrency version; at least 1
   * @param previousSecretValidUntil until when the superseded secret verifies, empty if none
   * @param lastUsedFrom the client address of the latest use, empty if unknown
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if a personal token has no owner or an organization token has
   *     one, or the version is below 1
   */
  public ApiToken {
    requireNonNull(id, "id must not be null");
    requireNonNull(prefix, "prefix must not be null");
    requireNonNull(name, "name must not be null");
    requireNonNull(description, "description must not be null");
    requireNonNull(kind, "kind must not be null");
    requireNonNull(scope, "scope must not be null");
    requireNonNull(owner, "owner must not be null");
    requireNonNull(type, "type must not be null");
    requireNonNull(permissions, "permissions must not be null");
    requireNonNull(createdAt, "createdAt must not be null");
    requireNonNull(createdBy, "createdBy must not be null");
    requireNonNull(expiresAt, "expiresAt must not be null");
    requireNonNull(lastUsedAt, "lastUsedAt must not be null");
    requireNonNull(previousSecretValidUntil, "previousSecretValidUntil must not be null");
    requireNonNull(lastUsedFrom, "lastUsedFrom must not be null");
    if ((kind == TokenKind.PERSONAL) != owner.isPresent()) {
      throw new IllegalArgumentException("owner must be present exactly for personal tokens");
    }
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, was " + version);
    }
  }

  /**
   * Creates the metadata at version 1, as a store builds it from its row: {@link
   * dev.tokenry.spi.StoredToken} then sets the version it keeps, so stores need not pass it twice.
   *
   * @param id the public lookup id (16 base62 characters)
   * @param prefix the token prefix it was issued with, such as {@code tkr}
   * @param name the display name, unique per organization (or per owner for personal tokens)
   * @param description a free-text description, empty when none was given
   * @param kind organization or personal
   * @param scope the organization, and the one project when the token is project-scoped
   * @param owner the owning user of a personal token; empty for organization tokens
   * @param type the permission preset
   * @param permissions the permissions the token grants (before a personal token's owner limit)
   * @param createdAt when the token was issued
   * @param createdBy the user id of the actor who issued it
   * @param expiresAt when it stops working, empty if never
   * @param lastUsedAt when it last verified successfully (recorded write-behind), empty if never
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if a personal token has no owner or an organization token has
   *     one
   */
  public ApiToken(
      String id,
      String prefix,
      String name,
      String description,
      TokenKind kind,
      TokenScope scope,
      Optional<String> owner,
      TokenType type,
      PermissionSet permissions,
      Instant createdAt,
      String createdBy,
      Optional<Instant> expiresAt,
      Optional<Instant> lastUsedAt) {
    this(
        id,
        prefix,
        name,
        description,
        kind,
        scope,
        owner,
        type,
        permissions,
        createdAt,
        createdBy,
        expiresAt,
        lastUsedAt,
        1);
  }

  /**
   * Creates the metadata without a superseded secret or a last-used address, as stores written
   * before those existed build it.
   *
   * @param id the public lookup id (16 base62 characters)
   * @param prefix the token prefix it was issued with, such as {@code tkr}
   * @param name the display name, unique per organization (or per owner for personal tokens)
   * @param description a free-text description, empty when none was given
   * @param kind organization or personal
   * @param scope the organization, and the one project when the token is project-scoped
   * @param owner the owning user of a personal token; empty for organization tokens
   * @param type the permission preset
   * @param permissions the permissions the token grants (before a personal token's owner limit)
   * @param createdAt when the token was issued
   * @param createdBy the user id of the actor who issued it
   * @param expiresAt when it stops working, empty if never
   * @param lastUsedAt when it last verified successfully (recorded write-behind), empty if never
   * @param version the store's optimistic-concurrency version; at least 1
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if a personal token has no owner or an organization token has
   *     one, or the version is below 1
   */
  public ApiToken(
      String id,
      String prefix,
      String name,
      String description,
      TokenKind kind,
      TokenScope scope,
      Optional<String> owner,
      TokenType type,
      PermissionSet permissions,
      Instant createdAt,
      String createdBy,
      Optional<Instant> expiresAt,
      Optional<Instant> lastUsedAt,
      long version) {
    this(
        id,
        prefix,
        name,
        description,
        kind,
        scope,
        owner,
        type,
        permissions,
        createdAt,
        createdBy,
        expiresAt,
        lastUsedAt,
        version,
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Returns the organization the token belongs to.
   *
   * @return the organization id
   */
  public String organizationId() {
    return scope.organizationId();
  }

  /**
   * Returns the masked form shown in lists: the prefix and id, never the secret, for example {@code
   * tkr_4fJ9x0QmZp2LrT7a_…}.
   *
   * @return the masked token
   */
  public String masked() {
    return prefix + "_" + id + "_…";
  }

  /**
   * Whether the token has expired at the given instant ({@code now >= expiresAt}).
   *
   * @param now the instant to check
   * @return true when expired
   */
  public boolean isExpiredAt(Instant now) {
    return expiresAt.isPresent() && !now.isBefore(expiresAt.get());
  }

  /**
   * Returns a copy with another last-used instant; stores use it when reading rows back.
   *
   * @param newLastUsedAt when the token was last used, empty if never
   * @return the copy
   */
  public ApiToken withLastUsedAt(Optional<Instant> newLastUsedAt) {
    return withLastUse(newLastUsedAt, lastUsedFrom);
  }

  /**
   * Returns a copy with another last use: when and from which client address. Stores use it when
   * reading rows back.
   *
   * @param newLastUsedAt when the token was last used, empty if never
   * @param newLastUsedFrom the client address of that use, empty if unknown
   * @return the copy
   */
  public ApiToken withLastUse(Optional<Instant> newLastUsedAt, Optional<String> newLastUsedFrom) {
    return new ApiToken(
        id,
        prefix,
        name,
        description,
        kind,
        scope,
        owner,
        type,
        permissions,
        createdAt,
        createdBy,
        expiresAt,
        newLastUsedAt,
        version,
        previousSecretValidUntil,
        newLastUsedFrom);
  }

  /**
   * Returns a copy with another version; {@link dev.tokenry.spi.StoredToken} uses it so that its
   * metadata always reports the version it keeps.
   *
   * @param newVersion the version, at least 1
   * @return the copy, or this token when the version is the same
   */
  public ApiToken withVersion(long newVersion) {
    if (newVersion == version) {
      return this;
    }
    return new ApiToken(
        id,
        prefix,
        name,
        description,
        kind,
        scope,
        owner,
        type,
        permissions,
        createdAt,
        createdBy,
        expiresAt,
        lastUsedAt,
        newVersion,
        previousSecretValidUntil,
        lastUsedFrom);
  }

  /**
   * Returns a copy with another end of the superseded secret's grace period; {@link
   * dev.tokenry.spi.StoredToken} uses it so that the metadata shows what the store keeps.
   *
   * @param validUntil until when the superseded secret verifies, empty if there is none
   * @return the copy, or this token when nothing changes
   */
  public ApiToken withPreviousSecretValidUntil(Optional<Instant> validUntil) {
    if (validUntil.equals(previousSecretValidUntil)) {
      return this;
    }
    return new ApiToken(
        id,
        prefix,
        name,
        description,
        kind,
        scope,
        owner,
        type,
        permissions,
        createdAt,
        createdBy,
        expiresAt,
        lastUsedAt,
        version,
        validUntil,
        lastUsedFrom);
  }

  /**
   * Whether the superseded secret still verifies at the given instant.
   *
   * @param now the instant to check
   * @return true within the grace period of the latest regeneration
   */
  public boolean previousSecretValidAt(Instant now) {
    return previousSecretValidUntil.isPresent() && now.isBefore(previousSecretValidUntil.get());
  }
}
