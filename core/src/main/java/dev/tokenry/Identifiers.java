package dev.tokenry;

import static java.util.Objects.requireNonNull;

/** Checks for the ids a host hands in: organizations, projects and users. */
final class Identifiers {

  /** The longest id accepted. */
  public static final int MAX_LENGTH = 128;

  private Identifiers() {}

  /**
   * Checks an id: not null, not blank, at most {@value #MAX_LENGTH} characters, no control
   * characters and no surrounding white space.
   *
   * @param value the id
   * @param name the parameter name, for the message
   * @return the id
   */
  public static String requireId(String value, String name) {
    requireNonNull(value, name + " must not be null");
    String problem = problem(value);
    if (problem != null) {
      throw new IllegalArgumentException(name + " " + problem);
    }
    return value;
  }

  /**
   * Describes what is wrong with an id, for field error messages.
   *
   * @param value the id
   * @return the problem, or null if the id is fine
   */
  public static String problem(String value) {
    if (value.isBlank()) {
      return "must not be blank";
    }
    if (value.length() > MAX_LENGTH) {
      return "must be at most " + MAX_LENGTH + " characters, was " + value.length();
    }
    if (!value.strip().equals(value)) {
      return "must not start or end with white space";
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        return "must not contain control characters";
      }
    }
    return null;
  }
}
