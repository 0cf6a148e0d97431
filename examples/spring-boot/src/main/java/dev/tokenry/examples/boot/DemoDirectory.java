package dev.tokenry.examples.boot;

import dev.tokenry.Actor;
import dev.tokenry.PermissionSet;
import dev.tokenry.Role;
import dev.tokenry.spi.Project;
import dev.tokenry.spi.ProjectDirectory;
import dev.tokenry.spi.UserPermissionResolver;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The demo's organizations, projects, users and permissions (the same as the Jetty example's):
 * fixed, in memory, demo only. A real host answers from its own user directory.
 */
@Component
public class DemoDirectory implements UserPermissionResolver, ProjectDirectory {

  /** Every permission the demo API knows; Owners and Admins hold all four. */
  public static final List<String> PERMISSIONS =
      List.of("contracts:read", "contracts:write", "royalties:read", "royalties:write");

  /** What Members hold. */
  public static final List<String> MEMBER_PERMISSIONS = List.of("contracts:read", "royalties:read");

  /** A demo user: one organization, one role. */
  public record User(String name, String organizationId, Role role) {

    /**
     * Returns the user as the acting user of an admin request.
     *
     * @return the actor
     */
    public Actor actor() {
      return Actor.user(name, organizationId, role);
    }
  }

  private static final Map<String, List<Project>> PROJECTS =
      Map.of(
          "acme", List.of(new Project("royalties", "Royalties"), new Project("catalog", "Catalog")),
          "globex", List.of(new Project("ledger", "Ledger")));

  private static final Map<String, User> USERS =
      Map.of(
          "alice", new User("alice", "acme", Role.OWNER),
          "bob", new User("bob", "acme", Role.ADMIN),
          "carol", new User("carol", "acme", Role.MEMBER),
          "dave", new User("dave", "globex", Role.OWNER));

  /** Created by Spring. */
  public DemoDirectory() {}

  /**
   * Returns the demo users.
   *
   * @return alice, bob, carol and dave
   */
  public List<User> users() {
    return USERS.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
  }

  /**
   * Finds a user by name.
   *
   * @param name the user name
   * @return the user, if one has that name
   */
  public Optional<User> user(String name) {
    return Optional.ofNullable(name).map(USERS::get);
  }

  /**
   * Whether an organization has a project.
   *
   * @param organizationId the organization
   * @param projectId the project
   * @return true if the project is the organization's
   */
  public boolean hasProject(String organizationId, String projectId) {
    return projectsOf(organizationId).stream().anyMatch(p -> p.id().equals(projectId));
  }

  @Override
  public List<Project> projectsOf(String organizationId) {
    return PROJECTS.getOrDefault(organizationId, List.of());
  }

  @Override
  public Optional<PermissionSet> permissionsOf(String organizationId, String userId) {
    return user(userId)
        .filter(user -> user.organizationId().equals(organizationId))
        .map(
            user ->
                PermissionSet.of(user.role() == Role.MEMBER ? MEMBER_PERMISSIONS : PERMISSIONS));
  }
}
