package dev.tokenry;

import java.util.Optional;

/**
 * What a token reaches: its whole organization, or one project of it.
 *
 * @param organizationId the organization the token belongs to
 * @param projectId the one project the token is limited to, or empty for the whole organization
 */
public record TokenScope(String organizationId, Optional<String> projectId) {

  /**
   * Validates the components.
   *
   * @param organizationId the organization the token belongs to
   * @param projectId the one project the token is limited to, or empty for the whole organization
   * @throws NullPointerException if any is null
   * @throws IllegalArgumentException if an id is blank, too long or holds unusual characters
   */
  public TokenScope {
    Identifiers.requireId(organizationId, "organizationId");
    java.util.Objects.requireNonNull(projectId, "projectId must not be null");
    projectId.ifPresent(id -> Identifiers.requireId(id, "projectId"));
  }

  /**
   * The whole organization.
   *
   * @param organizationId the organization's id
   * @return the scope
   */
  public static TokenScope organization(String organizationId) {
    return new TokenScope(organizationId, Optional.empty());
  }

  /**
   * One project of an organization.
   *
   * @param organizationId the organization's id
   * @param projectId the project's id
   * @return the scope
   */
  public static TokenScope project(String organizationId, String projectId) {
    return new TokenScope(
        organizationId,
        Optional.of(java.util.Objects.requireNonNull(projectId, "projectId must not be null")));
  }

  /**
   * Whether this scope reaches the given project of its organization.
   *
   * @param projectId a project id
   * @return true for an organization-wide scope or a scope of exactly that project
   */
  public boolean covers(String projectId) {
    return this.projectId.isEmpty() || this.projectId.get().equals(projectId);
  }
}
