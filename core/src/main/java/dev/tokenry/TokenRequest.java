package dev.tokenry;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What to issue: name, description, kind, scope, expiration and permissions. The organization and,
 * for personal tokens, the owner come from the {@link Actor} who issues it. Fields are checked all
 * at once by {@link Tokenry#issue(Actor, TokenRequest)}, which reports every invalid one.
 *
 * <pre>{@code
 * TokenRequest request = TokenRequest.builder()
 *     .name("CI deploy")
 *     .project("royalties")
 *     .expiresIn(ExpiryPreset.THIRTY_DAYS)
 *     .type(TokenType.READ_ONLY)
 *     .build();
 * }</pre>
 */
public final class TokenRequest {

  private final String name;
  private final String description;
  private final TokenKind kind;
  private final String projectId;
  private final Expiration expiration;
  private final TokenType type;
  private final List<String> permissions;

  private TokenRequest(Builder builder) {
    this.name = builder.name;
    this.description = builder.description;
    this.kind = builder.kind;
    this.projectId = builder.projectId;
    this.expiration = builder.expiration;
    this.type = builder.type;
    this.permissions = builder.permissions == null ? null : List.copyOf(builder.permissions);
  }

  /**
   * Starts a request; kind defaults to organization and scope to the whole organization.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the name as given (issue trims it).
   *
   * @return the name, empty if none was given
   */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /**
   * Returns the description as given.
   *
   * @return the description, empty if none was given
   */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /**
   * Returns the kind.
   *
   * @return organization unless personal was asked for
   */
  public TokenKind kind() {
    return kind;
  }

  /**
   * Returns the project the token is limited to.
   *
   * @return the project id, empty for the whole organization
   */
  public Optional<String> projectId() {
    return Optional.ofNullable(projectId);
  }

  /**
   * Returns the expiration.
   *
   * @return the expiration, empty if none was given (issue then refuses the request)
   */
  public Optional<Expiration> expiration() {
    return Optional.ofNullable(expiration);
  }

  /**
   * Returns the permission preset.
   *
   * @return the type, empty if none was given (issue then refuses the request)
   */
  public Optional<TokenType> type() {
    return Optional.ofNullable(type);
  }

  /**
   * Returns the explicit permissions of a custom token, as given.
   *
   * @return the permission strings, empty if none were given
   */
  public Optional<List<String>> permissions() {
    return Optional.ofNullable(permissions);
  }

  @Override
  public String toString() {
    return "TokenRequest[name="
        + name
        + ", kind="
        + kind
        + ", project="
        + projectId
        + ", expiration="
        + expiration
        + ", type="
        + type
        + ", permissions="
        + permissions
        + "]";
  }

  /** Collects the fields of a {@link TokenRequest}. Not thread-safe; {@link #build()} is a copy. */
  public static final class Builder {

    private String name;
    private String description;
    private TokenKind kind = TokenKind.ORGANIZATION;
    private String projectId;
    private Expiration expiration;
    private TokenType type;
    private List<String> permissions;

    private Builder() {}

    /**
     * Sets the display name: required, 1 to 100 characters after trimming.
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name must not be null");
      return this;
    }

    /**
     * Sets an optional description of at most 500 characters.
     *
     * @param description the description
     * @return this builder
     */
    public Builder description(String description) {
      this.description = requireNonNull(description, "description must not be null");
      return this;
    }

    /**
     * Sets the kind; a personal token is owned by the issuing actor.
     *
     * @param kind organization or personal
     * @return this builder
     */
    public Builder kind(TokenKind kind) {
      this.kind = requireNonNull(kind, "kind must not be null");
      return this;
    }

    /**
     * Limits the token to one project of the actor's organization.
     *
     * @param projectId the project id
     * @return this builder
     */
    public Builder project(String projectId) {
      this.projectId = requireNonNull(projectId, "projectId must not be null");
      return this;
    }

    /**
     * Makes the token reach the whole organization (the default).
     *
     * @return this builder
     */
    public Builder organizationWide() {
      this.projectId = null;
      return this;
    }

    /**
     * Sets when the token expires.
     *
     * @param expiration the expiration
     * @return this builder
     */
    public Builder expiration(Expiration expiration) {
      this.expiration = requireNonNull(expiration, "expiration must not be null");
      return this;
    }

    /**
     * Sets a preset lifetime, counted from the moment of issue.
     *
     * @param preset the preset
     * @return this builder
     */
    public Builder expiresIn(ExpiryPreset preset) {
      return expiration(Expiration.in(preset));
    }

    /**
     * Sets the permission preset; for {@link TokenType#CUSTOM} also call {@link #permissions}.
     *
     * @param type the type
     * @return this builder
     */
    public Builder type(TokenType type) {
      this.type = requireNonNull(type, "type must not be null");
      return this;
    }

    /**
     * Sets the explicit permissions of a custom token.
     *
     * @param permissions permission strings such as {@code contracts:read}
     * @return this builder
     */
    public Builder permissions(Collection<String> permissions) {
      requireNonNull(permissions, "permissions must not be null");
      List<String> copy = new ArrayList<>(permissions.size());
      for (String permission : permissions) {
        copy.add(requireNonNull(permission, "permissions must not hold null"));
      }
      this.permissions = copy;
      return this;
    }

    /**
     * Sets the type to {@link TokenType#CUSTOM} with these permissions.
     *
     * @param permissions permission strings such as {@code contracts:read}
     * @return this builder
     */
    public Builder custom(String... permissions) {
      return type(TokenType.CUSTOM).permissions(List.of(permissions));
    }

    /**
     * Returns the request.
     *
     * @return an immutable request
     */
    public TokenRequest build() {
      return new TokenRequest(this);
    }
  }
}
