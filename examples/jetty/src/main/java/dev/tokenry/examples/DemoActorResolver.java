package dev.tokenry.examples;

import static java.util.Objects.requireNonNull;

import dev.tokenry.Actor;
import dev.tokenry.servlet.ActorResolver;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * DEMO ONLY: takes the acting user from the {@code tokenry-demo-user} cookie that the demo's
 * sign-in page ({@link DemoSignInServlet}) sets, and that anybody can set by hand. A real host
 * resolves the actor from its own signed-in session instead.
 */
public final class DemoActorResolver implements ActorResolver {

  /** The cookie holding the demo user's name ({@code SameSite=Strict}, {@code HttpOnly}). */
  public static final String COOKIE = "tokenry-demo-user";

  private final DemoDirectory directory;

  /**
   * Creates the resolver.
   *
   * @param directory the demo users
   */
  public DemoActorResolver(DemoDirectory directory) {
    this.directory = requireNonNull(directory, "directory must not be null");
  }

  @Override
  public Optional<Actor> resolve(HttpServletRequest request) {
    return userName(request).flatMap(directory::user).map(DemoDirectory.User::actor);
  }

  static Optional<String> userName(HttpServletRequest request) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return Optional.empty();
    }
    String found = null;
    for (Cookie cookie : cookies) {
      if (COOKIE.equals(cookie.getName())) {
        if (found != null) {
          return Optional.empty(); // two of them: trust neither
        }
        found = cookie.getValue();
      }
    }
    return Optional.ofNullable(found);
  }
}
