package dev.tokenry;

import java.util.List;
import java.util.Map;

/**
 * The actor may not do this: a Member touching organization tokens, or anyone granting a token
 * permissions they do not hold themselves. {@link #errors()} says which field or token ids were
 * refused, when that helps the user fix the request.
 */
public class TokenAccessDeniedException extends TokenryException {

  private static final long serialVersionUID = 1L;

  /** Details per refused field (or {@code ids}), unmodifiable; part of the serialized form. */
  private final Map<String, List<String>> errors;

  /**
   * Creates the exception.
   *
   * @param message why the action was refused, safe to show to the actor
   */
  public TokenAccessDeniedException(String message) {
    this(message, Map.of());
  }

  /**
   * Creates the exception with details per field.
   *
   * @param message why the action was refused, safe to show to the actor
   * @param errors details per field name, such as {@code permissions} or {@code ids}
   */
  public TokenAccessDeniedException(String message, Map<String, List<String>> errors) {
    super(message);
    this.errors = FieldErrors.copy(errors);
  }

  /**
   * Returns details per field, possibly empty.
   *
   * @return an unmodifiable map from field name to messages
   */
  public Map<String, List<String>> errors() {
    return errors;
  }
}
