package dev.tokenry.spi;

import static java.util.Objects.requireNonNull;

import dev.tokenry.ApiToken;
import dev.tokenry.PermissionSet;
import dev.tokenry.TokenKind;
import dev.tokenry.TokenScope;
import dev.tokenry.TokenType;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Builds {@link StoredToken} and {@link ApiToken} values with sensible defaults for store tests.
 * Every builder gets a fresh random id, a unique name and a distinct hash marker, so tests only set
 * what they are about. Shared by {@link TokenStoreContract} and store modules' own tests.
 *
 * <pre>{@code
 * StoredToken token = TokenFixture.organizationToken(orgId).name("Deploy").build();
 * StoredToken mine = TokenFixture.personalToken(orgId, "alice").project("p1").build();
 * }</pre>
 */
public final class TokenFixture {

  /** A creation instant with milliseconds, used when a test does not set one. */
  public static final Instant CREATED_AT = Instant.parse("2026-11-23T10:15:30.123Z");

  /** Every hash the fixture makes starts with this, so tests can search output for it. */
  public static final String HASH_MARKER = "$fixture-sha256$HASHMARKER";

  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  private TokenFixture() {}

  /**
   * Starts an organization token of the given organization.
   *
   * @param organizationId the organization
   * @return a builder with defaults
   */
  public static Builder organizationToken(String organizationId) {
    return new Builder(organizationId, TokenKind.ORGANIZATION, null);
  }

  /**
   * Starts a personal token of the given owner in the given organization.
   *
   * @param organizationId the organization
   * @param owner the owning user id
   * @return a builder with defaults
   */
  public static Builder personalToken(String organizationId, String owner) {
    requireNonNull(owner, "owner must not be null");
    return new Builder(organizationId, TokenKind.PERSONAL, owner);
  }

  /**
   * Starts a builder holding every field of an existing token, to derive a changed copy.
   *
   * @param stored the token to copy
   * @return a builder with the token's fields
   */
  public static Builder copyOf(StoredToken stored) {
    ApiToken t = stored.token();
    Builder b = new Builder(t.organizationId(), t.kind(), t.owner().orElse(null));
    b.id = t.id();
    b.prefix = t.prefix();
    b.name = t.name();
    b.description = t.description();
    b.projectId = t.scope().projectId();
    b.type = t.type();
    b.permissions = t.permissions();
    b.createdAt = t.createdAt();
    b.createdBy = t.createdBy();
    b.expiresAt = t.expiresAt();
    b.lastUsedAt = t.lastUsedAt();
    b.secretHash = stored.secretHash();
    b.version = stored.version();
    return b;
  }

  /**
   * Returns a fresh organization id, so each test sees only its own tokens even in a shared store.
   *
   * @return a random organization id
   */
  public static String randomOrganizationId() {
    return "org-" + UUID.randomUUID();
  }

  /**
   * Returns a fresh user id.
   *
   * @return a random user id
   */
  public static String randomUserId() {
    return "user-" + UUID.randomUUID();
  }

  /**
   * Returns a random token id in Tokenry's format: 16 base62 characters.
   *
   * @return the id
   */
  public static String randomId() {
    return randomBase62(16);
  }

  /**
   * Returns a random secret of a real token's length and alphabet.
   *
   * @return 32 base62 characters
   */
  public static String randomSecret() {
    return randomBase62(32);
  }

  /**
   * Returns a new distinct hash string that starts with {@link #HASH_MARKER}.
   *
   * @return the hash
   */
  public static String randomHash() {
    return HASH_MARKER + randomBase62(32);
  }

  private static String randomBase62(int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
    }
    return sb.toString();
  }

  /** A mutable builder; {@link #build()} may be called more than once. */
  public static final class Builder {
    private final String organizationId;
    private final TokenKind kind;
    private final String owner;
    private String id = randomId();
    private String prefix = "tkr";
    private String name = "token " + randomBase62(8);
    private String description = "";
    private Optional<String> projectId = Optional.empty();
    private TokenType type = TokenType.READ_ONLY;
    private PermissionSet permissions = PermissionSet.of("*:read");
    private Instant createdAt = CREATED_AT;
    private String createdBy = "creator";
    private Optional<Instant> expiresAt = Optional.empty();
    private Optional<Instant> lastUsedAt = Optional.empty();
    private String secretHash = randomHash();
    private long version = 1;

    private Builder(String organizationId, TokenKind kind, String owner) {
      this.organizationId = requireNonNull(organizationId, "organizationId must not be null");
      this.kind = kind;
      this.owner = owner;
    }

    /**
     * Sets the id.
     *
     * @param value the id
     * @return this builder
     */
    public Builder id(String value) {
      this.id = value;
      return this;
    }

    /**
     * Sets the prefix.
     *
     * @param value the prefix
     * @return this builder
     */
    public Builder prefix(String value) {
      this.prefix = value;
      return this;
    }

    /**
     * Sets the name.
     *
     * @param value the name
     * @return this builder
     */
    public Builder name(String value) {
      this.name = value;
      return this;
    }

    /**
     * Sets the description.
     *
     * @param value the description
     * @return this builder
     */
    public Builder description(String value) {
      this.description = value;
      return this;
    }

    /**
     * Limits the token to one project.
     *
     * @param value the project id
     * @return this builder
     */
    public Builder project(String value) {
      this.projectId = Optional.of(value);
      return this;
    }

    /**
     * Makes the token organization-wide.
     *
     * @return this builder
     */
    public Builder wholeOrganization() {
      this.projectId = Optional.empty();
      return this;
    }

    /**
     * Sets a custom type with these permissions.
     *
     * @param values the permissions
     * @return this builder
     */
    public Builder custom(String... values) {
      this.type = TokenType.CUSTOM;
      this.permissions = PermissionSet.of(values);
      return this;
    }

    /**
     * Sets a preset type and its permissions.
     *
     * @param value {@link TokenType#READ_ONLY} or {@link TokenType#FULL_ACCESS}
     * @return this builder
     */
    public Builder type(TokenType value) {
      this.type = value;
      this.permissions = value.presetPermissions().orElse(PermissionSet.NONE);
      return this;
    }

    /**
     * Sets the creation instant.
     *
     * @param value the instant
     * @return this builder
     */
    public Builder createdAt(Instant value) {
      this.createdAt = value;
      return this;
    }

    /**
     * Sets the creator.
     *
     * @param value the user id
     * @return this builder
     */
    public Builder createdBy(String value) {
      this.createdBy = value;
      return this;
    }

    /**
     * Sets the expiry instant.
     *
     * @param value the instant, or null for never
     * @return this builder
     */
    public Builder expiresAt(Instant value) {
      this.expiresAt = Optional.ofNullable(value);
      return this;
    }

    /**
     * Sets the last-used instant.
     *
     * @param value the instant, or null for never
     * @return this builder
     */
    public Builder lastUsedAt(Instant value) {
      this.lastUsedAt = Optional.ofNullable(value);
      return this;
    }

    /**
     * Sets the stored hash.
     *
     * @param value the hash
     * @return this builder
     */
    public Builder secretHash(String value) {
      this.secretHash = value;
      return this;
    }

    /**
     * Sets the version.
     *
     * @param value the version
     * @return this builder
     */
    public Builder version(long value) {
      this.version = value;
      return this;
    }

    /**
     * Builds the metadata.
     *
     * @return the token
     */
    public ApiToken apiToken() {
      return new ApiToken(
          id,
          prefix,
          name,
          description,
          kind,
          new TokenScope(organizationId, projectId),
          Optional.ofNullable(owner),
          type,
          permissions,
          createdAt,
          createdBy,
          expiresAt,
          lastUsedAt);
    }

    /**
     * Builds the stored token.
     *
     * @return the stored token
     */
    public StoredToken build() {
      return new StoredToken(apiToken(), secretHash, version);
    }
  }
}
