package dev.tokenry.spring.boot;

import dev.tokenry.TokenPrincipal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A principal's effective permissions as Spring authorities: every permission of the catalogue it
 * allows (so {@code hasAuthority('contracts:read')} is granted to a {@code *:read} or {@code *}
 * token), plus the permissions it holds as written (so {@code hasAuthority('*:read')} works, and
 * without a catalogue a token holds exactly its own strings).
 */
final class TokenryAuthorities {

  private final List<String> known;

  TokenryAuthorities(Collection<String> known) {
    this.known = List.copyOf(known);
  }

  Collection<GrantedAuthority> of(TokenPrincipal principal) {
    Set<String> names = new LinkedHashSet<>();
    for (String permission : known) {
      if (principal.allows(permission)) {
        names.add(permission);
      }
    }
    names.addAll(principal.permissions().values());
    List<GrantedAuthority> authorities = new ArrayList<>(names.size());
    for (String name : names) {
      authorities.add(new SimpleGrantedAuthority(name));
    }
    return List.copyOf(authorities);
  }
}
