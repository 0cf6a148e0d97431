package dev.tokenry.spi;

import java.util.List;
import java.util.Optional;

/**
 * One page of stored tokens, newest first, as a {@link TokenStore} returns it.
 *
 * @param tokens the tokens of this page, at most the query's limit
 * @param next the position to continue from, empty when there are no more tokens
 */
public record StoredTokenPage(List<StoredToken> tokens, Optional<PageCursor> next) {

  /**
   * Copies the list.
   *
   * @param tokens the tokens of this page, at most the query's limit
   * @param next the position to continue from, empty when there are no more tokens
   * @throws NullPointerException if a component is null
   */
  public StoredTokenPage {
    tokens = List.copyOf(tokens);
    java.util.Objects.requireNonNull(next, "next must not be null");
  }
}
