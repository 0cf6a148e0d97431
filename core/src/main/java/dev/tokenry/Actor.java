package dev.tokenry;

import static java.util.Objects.requireNonNull;

/**
 * Who performs a management action: a user of an organization with a role, or the host application
 * itself. Hosts build actors from their own session; Tokenry decides what each actor may do.
 *
 * <pre>{@code
 * Actor alice = Actor.user("alice", "acme", Role.OWNER);
 * Actor provisioning = Actor.system("acme");
 * }</pre>
 *
 * @param userId the acting user's id in the host application
 * @param organizationId the organization the user acts in
 * @param role the user's role in that organization
 * @param system whether this is the host application itself rather than a user
 * @param origin where the request came from, for the audit trail ({@link #from})
 */
public record Actor(
    String userId, String organizationId, Role role, boolean system, AuditOrigin origin) {

  /** The user id of {@link #system(String)} actors, as recorded in {@code createdBy}. */
  public static final String SYSTEM_USER_ID = "system";

  /**
   * Validates the components.
   *
   * @param userId the acting user's id in the host application
   * @param organizationId the organization the user acts in
   * @param role the user's role in that organization
   * @param system whether this is the host application itself rather than a user
   * @param origin where the request came from
   * @throws NullPointerException if any is null
   * @throws IllegalArgumentException if an id is blank or too long
   */
  public Actor {
    Identifiers.requireId(userId, "userId");
    Identifiers.requireId(organizationId, "organizationId");
    requireNonNull(role, "role must not be null");
    requireNonNull(origin, "origin must not be null");
  }

  /**
   * An actor of no known origin, as before origins were recorded.
   *
   * @param userId the acting user's id in the host application
   * @param organizationId the organization the user acts in
   * @param role the user's role in that organization
   * @param system whether this is the host application itself rather than a user
   */
  public Actor(String userId, String organizationId, Role role, boolean system) {
    this(userId, organizationId, role, system, AuditOrigin.UNKNOWN);
  }

  /**
   * The same actor acting from a request's client address and user agent, which the audit trail
   * records with each action. The admin servlet sets it on every request.
   *
   * @param origin where the request came from
   * @return an actor equal to this one but for its origin
   */
  public Actor from(AuditOrigin origin) {
    return new Actor(userId, organizationId, role, system, origin);
  }

  /**
   * A user acting in an organization.
   *
   * @param userId the user's id in the host application
   * @param organizationId the organization's id
   * @param role the user's role there
   * @return the actor
   */
  public static Actor user(String userId, String organizationId, Role role) {
    return new Actor(userId, organizationId, role, false);
  }

  /**
   * The host application itself, for provisioning and tests: manages the organization's tokens and
   * holds every permission, but owns no personal tokens. Never return it for a user's request.
   *
   * @param organizationId the organization's id
   * @return the actor
   */
  public static Actor system(String organizationId) {
    return new Actor(SYSTEM_USER_ID, organizationId, Role.OWNER, true);
  }
}
