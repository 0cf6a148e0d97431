package dev.tokenry;

import java.util.List;
import java.util.Optional;

/**
 * One page of a token list, newest first.
 *
 * @param tokens the tokens on this page
 * @param nextCursor the cursor of the next page, empty on the last page
 */
public record TokenPage(List<ApiToken> tokens, Optional<String> nextCursor) {

  /**
   * Copies the list so the page is immutable.
   *
   * @param tokens the tokens on this page
   * @param nextCursor the cursor of the next page, empty on the last page
   * @throws NullPointerException if a component is null
   */
  public TokenPage {
    tokens = List.copyOf(tokens);
    java.util.Objects.requireNonNull(nextCursor, "nextCursor must not be null");
  }
}
