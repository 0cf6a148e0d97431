package dev.tokenry;

/**
 * The token changed between reading and writing it (optimistic concurrency) and the change could
 * not be applied. Reading it again and retrying is safe.
 */
public class TokenConflictException extends TokenryException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param tokenId the id of the token that changed concurrently
   */
  public TokenConflictException(String tokenId) {
    super("Token " + tokenId + " was changed concurrently; read it again and retry.");
  }

  /** For subclasses that say more precisely what went wrong. */
  TokenConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
