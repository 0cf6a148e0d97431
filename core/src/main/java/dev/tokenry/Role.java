package dev.tokenry;

/** An actor's role in its organization, as the host application knows it. */
public enum Role {
  /** Manages organization tokens and their own personal tokens. */
  OWNER,
  /** Manages organization tokens and their own personal tokens. */
  ADMIN,
  /** Manages only their own personal tokens. */
  MEMBER;

  /**
   * Whether this role may view and manage organization tokens.
   *
   * @return true for {@link #OWNER} and {@link #ADMIN}
   */
  public boolean managesOrganizationTokens() {
    return this != MEMBER;
  }
}
