package dev.tokenry;

/**
 * The token store could not answer: the database is down, a connection was lost or a query timed
 * out. Verification fails closed with this exception; it never means "invalid token" and must not
 * be turned into a 401. The servlet filter answers 503 with {@code Retry-After}.
 */
public class TokenStoreUnavailableException extends TokenryException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be done, without secrets
   * @param cause the infrastructure failure, such as an {@code SQLException} with its SQL state
   */
  public TokenStoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception without a cause.
   *
   * @param message what could not be done, without secrets
   */
  public TokenStoreUnavailableException(String message) {
    super(message);
  }
}
