package dev.tokenry.examples;

import static java.util.Objects.requireNonNull;

import dev.tokenry.Actor;
import dev.tokenry.PermissionSet;
import dev.tokenry.Role;
import dev.tokenry.spi.UserPermissionResolver;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The demo's organizations, projects, users and permissions: fixed, in memory, and for the demo
 * only. A real host answers these questions from its own user directory.
 */
public final class DemoDirectory implements UserPermissionResolver {

  /** Every permission the demo API knows. */
  public static final List<String> PERMISSIONS =
      List.of("contracts:read", "contracts:write", "royalties:read", "royalties:write");

  /** What Members hold: the two read permissions. */
  public static final List<String> MEMBER_PERMISSIONS = List.of("contracts:read", "royalties:read");

  /** A project of an organization. */
  public record Project(String id, String name, String organizationId) {}

  /** An organization with its projects. */
  public record Organization(String id, String name, List<Project> projects) {}

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

    /**
     * Returns the permissions the user's role holds.
     *
     * @return the permissions, in a stable order
     */
    public List<String> permissions() {
      return role == Role.MEMBER ? MEMBER_PERMISSIONS : PERMISSIONS;
    }
  }

  private final Map<String, Organization> organizations;
  private final Map<String, User> users;

  /** Creates the directory with the documented demo data. */
  public DemoDirectory() {
    List<Organization> orgs =
        List.of(
            new Organization(
                "acme",
                "Acme Records",
                List.of(
                    new Project("royalties", "Royalties", "acme"),
                    new Project("catalog", "Catalog", "acme"))),
            new Organization(
                "globex", "Globex", List.of(new Project("ledger", "Ledger", "globex"))));
    this.organizations =
        orgs.stream().collect(Collectors.toUnmodifiableMap(Organization::id, Function.identity()));
    this.users =
        List.of(
                new User("alice", "acme", Role.OWNER),
                new User("bob", "acme", Role.ADMIN),
                new User("carol", "acme", Role.MEMBER),
                new User("dave", "globex", Role.OWNER))
            .stream()
            .collect(Collectors.toUnmodifiableMap(User::name, Function.identity()));
  }

  /**
   * Returns the demo users, alphabetically.
   *
   * @return the users
   */
  public List<User> users() {
    return users.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
  }

  /**
   * Finds a user by name.
   *
   * @param name the user name
   * @return the user, if one has that name
   */
  public Optional<User> user(String name) {
    return Optional.ofNullable(name).map(users::get);
  }

  /**
   * Finds an organization by id.
   *
   * @param organizationId the id
   * @return the organization, if it exists
   */
  public Optional<Organization> organization(String organizationId) {
    return Optional.ofNullable(organizationId).map(organizations::get);
  }

  /**
   * Finds a project inside an organization; a project of another organization is not found.
   *
   * @param organizationId the organization
   * @param projectId the project
   * @return the project, if the organization has it
   */
  public Optional<Project> project(String organizationId, String projectId) {
    requireNonNull(projectId, "projectId must not be null");
    return organization(organizationId)
        .flatMap(org -> org.projects().stream().filter(p -> p.id().equals(projectId)).findFirst());
  }

  /**
   * Lists an organization's projects for Tokenry's project directory.
   *
   * @param organizationId the organization
   * @return its projects with their display names; none for an unknown organization
   */
  public List<dev.tokenry.spi.Project> projectsOf(String organizationId) {
    return organization(organizationId).map(Organization::projects).orElse(List.of()).stream()
        .map(project -> new dev.tokenry.spi.Project(project.id(), project.name()))
        .toList();
  }

  @Override
  public Optional<PermissionSet> permissionsOf(String organizationId, String userId) {
    return user(userId)
        .filter(user -> user.organizationId().equals(organizationId))
        .map(user -> PermissionSet.of(user.permissions()));
  }
}
