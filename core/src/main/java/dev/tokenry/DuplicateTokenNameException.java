package dev.tokenry;

/**
 * Another token already has this name: organization token names are unique within their
 * organization, personal token names within their owner's tokens. Names compare case-insensitively.
 */
public class DuplicateTokenNameException extends TokenryException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param name the name that is taken (a name is not a secret)
   */
  public DuplicateTokenNameException(String name) {
    super("A token named '" + name + "' already exists.");
  }
}
