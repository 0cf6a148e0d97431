package dev.tokenry;

import java.util.Optional;

/**
 * A token's permission preset: {@code read-only} grants {@code *:read}, {@code full-access} grants
 * {@code *}, and {@code custom} grants an explicit set.
 */
public enum TokenType {
  /** Grants {@code *:read}. */
  READ_ONLY("read-only", PermissionSet.of("*:read")),
  /** Grants {@code *}. */
  FULL_ACCESS("full-access", PermissionSet.of("*")),
  /** Grants exactly the permissions given when the token is issued or edited. */
  CUSTOM("custom", null);

  private final String wireName;
  private final PermissionSet preset;

  TokenType(String wireName, PermissionSet preset) {
    this.wireName = wireName;
    this.preset = preset;
  }

  /**
   * Returns the name used in JSON and storage: {@code read-only}, {@code full-access} or {@code
   * custom}.
   *
   * @return the wire name
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the permissions this preset grants, or empty for {@link #CUSTOM}.
   *
   * @return the preset's permissions
   */
  public Optional<PermissionSet> presetPermissions() {
    return Optional.ofNullable(preset);
  }

  /**
   * Parses a wire name.
   *
   * @param value {@code read-only}, {@code full-access} or {@code custom}
   * @return the type
   * @throws IllegalArgumentException if the value is none of these
   */
  public static TokenType fromWireName(String value) {
    for (TokenType type : values()) {
      if (type.wireName.equals(value)) {
        return type;
      }
    }
    throw new IllegalArgumentException("type must be 'read-only', 'full-access' or 'custom'");
  }
}
