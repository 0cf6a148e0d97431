package dev.tokenry.examples;

import static java.util.Objects.requireNonNull;

import dev.tokenry.Actor;
import dev.tokenry.servlet.ActorResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * DEMO ONLY: takes the acting user from the {@code X-Demo-User} header, which anybody can set. A
 * real host resolves the actor from its own signed-in session instead.
 */
public final class DemoActorResolver implements ActorResolver {

  /** The header the admin page sets from its user picker. */
  public static final String HEADER = "X-Demo-User";

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
    return directory.user(request.getHeader(HEADER)).map(DemoDirectory.User::actor);
  }
}
