package dev.tokenry.spi;

import java.util.List;

/**
 * Tells Tokenry which projects an organization of the host application has, so that a token can be
 * scoped only to a real project of its own organization (another organization's project, or a typo,
 * is refused on {@code scope.projectId}) and token lists can show the project's name.
 *
 * <pre>{@code
 * ProjectDirectory projects = organizationId ->
 *     repository.projectsOf(organizationId).stream()
 *         .map(p -> new Project(p.slug(), p.title()))
 *         .toList();
 * }</pre>
 */
@FunctionalInterface
public interface ProjectDirectory {

  /**
   * Returns the projects of an organization as they are now.
   *
   * @param organizationId the organization
   * @return its projects, empty if it has none or is unknown
   */
  List<Project> projectsOf(String organizationId);
}
