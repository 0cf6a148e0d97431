package dev.tokenry;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * An edit of an existing token: only the fields set are changed. A new expiration is counted from
 * the moment of the edit. Checked like a {@link TokenRequest} by {@link Tokenry#update(Actor,
 * String, TokenUpdate)}.
 *
 * <pre>{@code
 * tokenry.update(alice, tokenId, TokenUpdate.builder().name("CI deploy (old)").build());
 * }</pre>
 */
public final class TokenUpdate {

  private final String name;
  private final String description;
  private final TokenType type;
  private final List<String> permissions;
  private final Expiration expiration;

  private TokenUpdate(Builder builder) {
    this.name = builder.name;
    this.description = builder.description;
    this.type = builder.type;
    this.permissions = builder.permissions == null ? null : List.copyOf(builder.permissions);
    this.expiration = builder.expiration;
  }

  /**
   * Starts an edit that changes nothing until fields are set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the new name.
   *
   * @return the name, empty to keep it
   */
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /**
   * Returns the new description.
   *
   * @return the description, empty to keep it
   */
  public Optional<String> description() {
    return Optional.ofNullable(description);
  }

  /**
   * Returns the new permission preset.
   *
   * @return the type, empty to keep it
   */
  public Optional<TokenType> type() {
    return Optional.ofNullable(type);
  }

  /**
   * Returns the new explicit permissions (custom tokens only).
   *
   * @return the permissions, empty to keep them
   */
  public Optional<List<String>> permissions() {
    return Optional.ofNullable(permissions);
  }

  /**
   * Returns the new expiration, counted from the moment of the edit.
   *
   * @return the expiration, empty to keep it
   */
  public Optional<Expiration> expiration() {
    return Optional.ofNullable(expiration);
  }

  /**
   * Whether this edit changes nothing.
   *
   * @return true when no field is set
   */
  public boolean isEmpty() {
    return name == null
        && description == null
        && type == null
        && permissions == null
        && expiration == null;
  }

  @Override
  public String toString() {
    return "TokenUpdate[name="
        + name
        + ", type="
        + type
        + ", permissions="
        + permissions
        + ", expiration="
        + expiration
        + "]";
  }

  /** Collects the fields of a {@link TokenUpdate}. Not thread-safe; {@link #build()} is a copy. */
  public static final class Builder {

    private String name;
    private String description;
    private TokenType type;
    private List<String> permissions;
    private Expiration expiration;

    private Builder() {}

    /**
     * Renames the token.
     *
     * @param name the new name, 1 to 100 characters after trimming
     * @return this builder
     */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name must not be null");
      return this;
    }

    /**
     * Replaces the description; an empty string clears it.
     *
     * @param description the new description, at most 500 characters
     * @return this builder
     */
    public Builder description(String description) {
      this.description = requireNonNull(description, "description must not be null");
      return this;
    }

    /**
     * Changes the permission preset; {@link TokenType#CUSTOM} needs {@link #permissions}.
     *
     * @param type the new type
     * @return this builder
     */
    public Builder type(TokenType type) {
      this.type = requireNonNull(type, "type must not be null");
      return this;
    }

    /**
     * Replaces the permissions of a custom token.
     *
     * @param permissions permission strings
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
     * Sets a new expiration, counted from the moment of the edit.
     *
     * @param expiration the new expiration
     * @return this builder
     */
    public Builder expiration(Expiration expiration) {
      this.expiration = requireNonNull(expiration, "expiration must not be null");
      return this;
    }

    /**
     * Sets a new preset lifetime, counted from the moment of the edit.
     *
     * @param preset the preset
     * @return this builder
     */
    public Builder expiresIn(ExpiryPreset preset) {
      return expiration(Expiration.in(preset));
    }

    /**
     * Returns the edit.
     *
     * @return an immutable edit
     */
    public TokenUpdate build() {
      return new TokenUpdate(this);
    }
  }
}
