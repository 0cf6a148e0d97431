package dev.tokenry.spi;

import static java.util.Objects.requireNonNull;

/**
 * A project of an organization, as the host's {@link ProjectDirectory} names it.
 *
 * @param id the id a project-scoped token names, such as {@code royalties}
 * @param name the name people see, such as {@code Royalties}
 */
public record Project(String id, String name) {

  /**
   * Checks the components.
   *
   * @param id the project id
   * @param name the display name
   * @throws NullPointerException if a component is null
   */
  public Project {
    requireNonNull(id, "id must not be null");
    requireNonNull(name, "name must not be null");
  }
}
