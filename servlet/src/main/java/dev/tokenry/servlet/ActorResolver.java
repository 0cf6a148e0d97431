package dev.tokenry.servlet;

import dev.tokenry.Actor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The host application's answer to "who is acting?" for an admin API request, usually from its own
 * session. Tokenry's rules then decide what that actor may do.
 *
 * <pre>{@code
 * ActorResolver actors = request -> Optional.ofNullable(request.getSession(false))
 *     .map(session -> (User) session.getAttribute("user"))
 *     .map(user -> Actor.user(user.id(), user.organizationId(), user.role()));
 * }</pre>
 */
@FunctionalInterface
public interface ActorResolver {

  /**
   * Identifies the acting user of a request.
   *
   * @param request the admin API request
   * @return the actor, or empty when nobody is signed in (the API then answers 401)
   */
  Optional<Actor> resolve(HttpServletRequest request);
}
