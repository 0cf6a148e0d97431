package dev.tokenry;

import java.util.List;
import java.util.Map;

/**
 * A management request had one or more invalid fields. Every invalid field is reported at once,
 * keyed by its name ({@code name}, {@code description}, {@code permissions}, ...), so a form can
 * show each message next to its input. Nothing was changed.
 */
public class InvalidTokenRequestException extends TokenryException {

  private static final long serialVersionUID = 1L;

  /** The messages per invalid field, unmodifiable; part of the serialized form. */
  private final Map<String, List<String>> errors;

  /**
   * Creates the exception.
   *
   * @param errors messages per field name; must not be empty
   */
  public InvalidTokenRequestException(Map<String, List<String>> errors) {
    super(FieldErrors.summary("Invalid token request.", errors));
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("errors must not be empty");
    }
    this.errors = FieldErrors.copy(errors);
  }

  /**
   * Creates the exception for one field.
   *
   * @param field the field name
   * @param message what is wrong with it
   */
  public InvalidTokenRequestException(String field, String message) {
    this(Map.of(field, List.of(message)));
  }

  /**
   * Returns the messages per field, in the order the fields were checked.
   *
   * @return an unmodifiable map from field name to its messages
   */
  public Map<String, List<String>> errors() {
    return errors;
  }
}
