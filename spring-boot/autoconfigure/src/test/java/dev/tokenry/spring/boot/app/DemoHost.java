package dev.tokenry.spring.boot.app;

import dev.tokenry.Actor;
import dev.tokenry.PermissionSet;
import dev.tokenry.Role;
import dev.tokenry.TokenPrincipal;
import dev.tokenry.servlet.ActorResolver;
import dev.tokenry.spi.UserPermissionResolver;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A small host as a user of the starter writes it: its users (form and Basic login), who acts on
 * the admin API, what each user may do now, and a demo API behind tokens. Nothing else: no filter,
 * no security chain.
 */
@SpringBootApplication
@EnableMethodSecurity
public class DemoHost {

  /** What Owners hold. */
  public static final List<String> ALL =
      List.of("contracts:read", "contracts:write", "royalties:read", "royalties:write");

  /** Users and their roles in organization acme; the map is mutable so tests can demote. */
  public static final Map<String, Role> ROLES = new ConcurrentHashMap<>();

  static {
    reset();
  }

  /** Restores the documented users. */
  public static void reset() {
    ROLES.clear();
    ROLES.put("alice", Role.OWNER);
    ROLES.put("carol", Role.MEMBER);
  }

  /** Passwords of the test users. */
  public static final String PASSWORD = "correct horse battery";

  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(
        User.withUsername("alice").password("{noop}" + PASSWORD).roles("USER").build(),
        User.withUsername("carol").password("{noop}" + PASSWORD).roles("USER").build());
  }

  @Bean
  ActorResolver actors() {
    return request -> {
      Authentication user = SecurityContextHolder.getContext().getAuthentication();
      if (user == null || !user.isAuthenticated()) {
        return Optional.empty();
      }
      Role role = ROLES.get(user.getName());
      return role == null
          ? Optional.empty()
          : Optional.of(Actor.user(user.getName(), "acme", role));
    };
  }

  @Bean
  UserPermissionResolver userPermissions() {
    return (organization, user) -> {
      Role role = ROLES.get(user);
      if (!"acme".equals(organization) || role == null) {
        return Optional.empty();
      }
      return Optional.of(
          PermissionSet.of(
              role == Role.MEMBER ? List.of("contracts:read", "royalties:read") : ALL));
    };
  }

  /** The demo API. */
  @RestController
  static class Api {

    @GetMapping("/api/v1/me")
    Map<String, Object> me(@AuthenticationPrincipal TokenPrincipal caller, Authentication auth) {
      return Map.of(
          "tokenId", caller.tokenId(),
          "organizationId", caller.organizationId(),
          "authorities",
              auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
    }

    @GetMapping("/api/projects/{projectId}/contracts")
    @PreAuthorize("hasAuthority('contracts:read')")
    Map<String, Object> contracts(@PathVariable("projectId") String projectId) {
      return Map.of("projectId", projectId, "contracts", List.of());
    }

    @PostMapping("/api/projects/{projectId}/contracts")
    @PreAuthorize("hasAuthority('contracts:write')")
    Map<String, Object> addContract(@PathVariable("projectId") String projectId) {
      return Map.of("projectId", projectId, "added", true);
    }

    @GetMapping("/api/whoami")
    Map<String, Object> whoami(Authentication auth) {
      return Map.of("name", auth.getName(), "type", auth.getClass().getSimpleName());
    }

    @GetMapping("/api/royalties")
    @PreAuthorize("hasAuthority('royalties:read')")
    Map<String, Object> royalties() {
      return Map.of("royalties", List.of());
    }
  }
}
