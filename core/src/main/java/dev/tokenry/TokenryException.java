package dev.tokenry;

/**
 * The root of every exception Tokenry throws on purpose. Messages never hold a plaintext token or a
 * stored hash.
 */
public class TokenryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message that is safe to log.
   *
   * @param message what went wrong, without secrets
   */
  public TokenryException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message that is safe to log and the failure that caused it.
   *
   * @param message what went wrong, without secrets
   * @param cause the underlying failure
   */
  public TokenryException(String message, Throwable cause) {
    super(message, cause);
  }
}
