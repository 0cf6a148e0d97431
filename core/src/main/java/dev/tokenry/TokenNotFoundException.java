package dev.tokenry;

import java.util.Collection;
import java.util.List;

/**
 * No token with this id exists, or the actor may not see it. A token of another organization, or
 * another user's personal token, is "not found" rather than "forbidden", so its existence is not
 * revealed.
 */
public class TokenNotFoundException extends TokenryException {

  private static final long serialVersionUID = 1L;

  /** The ids that were not found or not visible, unmodifiable; part of the serialized form. */
  private final List<String> tokenIds;

  /**
   * Creates the exception for the given token ids (token ids are public, not secrets).
   *
   * @param tokenIds the ids that were not found or not visible
   */
  public TokenNotFoundException(Collection<String> tokenIds) {
    super("Token not found: " + shown(tokenIds) + ".");
    this.tokenIds = List.copyOf(tokenIds);
  }

  private static String shown(Collection<String> tokenIds) {
    StringBuilder shown = new StringBuilder();
    for (String id : tokenIds) {
      shown.append(shown.length() == 0 ? "" : ", ").append(Printable.of(String.valueOf(id)));
    }
    return shown.toString();
  }

  /**
   * Creates the exception for one token id.
   *
   * @param tokenId the id that was not found or not visible
   */
  public TokenNotFoundException(String tokenId) {
    this(List.of(tokenId));
  }

  /**
   * Returns the ids that were not found.
   *
   * @return an unmodifiable list of token ids
   */
  public List<String> tokenIds() {
    return tokenIds;
  }
}
