package dev.tokenry.spi;

import java.util.Locale;

/**
 * The form in which token names are compared for uniqueness and filtering: lower case in the root
 * locale. Stores keep it next to the name so that a database constraint can enforce uniqueness.
 */
public final class NameKey {

  private NameKey() {}

  /**
   * Returns the comparison form of a name.
   *
   * @param name a token name
   * @return the name in lower case
   */
  public static String of(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
