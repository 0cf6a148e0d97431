package dev.tokenry;

import java.util.Locale;

/** Who manages a token: the organization's Owners and Admins, or one user for themselves. */
public enum TokenKind {
  /** Managed by the organization's Owners and Admins; not tied to a user. */
  ORGANIZATION,
  /** Belongs to one user, managed only by that user, never more powerful than that user. */
  PERSONAL;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /**
   * Returns the lower-case name used in JSON and storage: {@code organization} or {@code personal}.
   *
   * @return the wire name
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Parses a wire name.
   *
   * @param value {@code organization} or {@code personal}
   * @return the kind
   * @throws IllegalArgumentException if the value is neither
   */
  public static TokenKind fromWireName(String value) {
    for (TokenKind kind : values()) {
      if (kind.wireName().equals(value)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("kind must be 'organization' or 'personal'");
  }
}
