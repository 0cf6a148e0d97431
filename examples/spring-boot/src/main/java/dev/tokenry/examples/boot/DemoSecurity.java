package dev.tokenry.examples.boot;

import dev.tokenry.servlet.ActorResolver;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * Who may sign in to the admin page and who acts there: everything this host writes for security.
 * The starter's default chains do the rest (tokens on the API, sign-in and CSRF on the admin API).
 */
@Configuration(proxyBeanMethods = false)
public class DemoSecurity {

  /** The demo users' password: demo only, fixed in code, the server listens on 127.0.0.1. */
  public static final String DEMO_PASSWORD = "demo";

  /** Created by Spring. */
  public DemoSecurity() {}

  /**
   * The demo users, for form login and HTTP Basic.
   *
   * @param directory the demo directory
   * @return the users
   */
  @Bean
  public UserDetailsService demoUsers(DemoDirectory directory) {
    return new InMemoryUserDetailsManager(
        directory.users().stream()
            .map(
                user ->
                    User.withUsername(user.name())
                        .password("{noop}" + DEMO_PASSWORD)
                        .roles(user.role().name())
                        .build())
            .toList());
  }

  /**
   * The acting user of the admin API: the signed-in Spring user.
   *
   * @param directory the demo directory
   * @return the resolver
   */
  @Bean
  public ActorResolver demoActors(DemoDirectory directory) {
    return request -> {
      Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
      if (signedIn == null || !signedIn.isAuthenticated()) {
        return Optional.empty();
      }
      return directory.user(signedIn.getName()).map(DemoDirectory.User::actor);
    };
  }
}
