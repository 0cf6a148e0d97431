package dev.tokenry;

import static java.util.Objects.requireNonNull;

/**
 * A token as it is handed out by issue or regenerate: the metadata and, this one time only, the
 * plaintext. Show the plaintext to the user once and then drop this object; it is never stored and
 * cannot be read again. {@link #toString()} shows only the masked form.
 */
public final class IssuedToken {

  private final ApiToken token;
  private final String plaintext;

  /**
   * Creates the pair. Stores and applications have no reason to call this.
   *
   * @param token the metadata
   * @param plaintext the full token string
   */
  IssuedToken(ApiToken token, String plaintext) {
    this.token = requireNonNull(token, "token must not be null");
    this.plaintext = requireNonNull(plaintext, "plaintext must not be null");
  }

  /**
   * Returns the metadata.
   *
   * @return the token's metadata
   */
  public ApiToken token() {
    return token;
  }

  /**
   * Returns the full token string, to show to the user once.
   *
   * @return the plaintext token
   */
  public String plaintext() {
    return plaintext;
  }

  /** Shows the masked token only. */
  @Override
  public String toString() {
    return "IssuedToken[" + token.masked() + "]";
  }
}
