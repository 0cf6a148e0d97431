package dev.tokenry.spring.boot;

import static java.util.Objects.requireNonNull;

import dev.tokenry.TokenPrincipal;
import java.util.Collection;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/**
 * A caller authenticated by a Tokenry token: {@link #getPrincipal()} is the {@link TokenPrincipal}
 * (so {@code @AuthenticationPrincipal TokenPrincipal caller} works), and the authorities are its
 * effective permissions, wildcards resolved against {@code tokenry.known-permissions}. It holds no
 * credentials: the plaintext is dropped once verified.
 */
public final class TokenAuthentication extends AbstractAuthenticationToken {

  private static final long serialVersionUID = 1L;

  private final transient TokenPrincipal principal;

  /**
   * Creates an authenticated token authentication.
   *
   * @param principal the verified caller
   * @param authorities its effective permissions as authorities
   */
  public TokenAuthentication(
      TokenPrincipal principal, Collection<? extends GrantedAuthority> authorities) {
    super(authorities);
    this.principal = requireNonNull(principal, "principal must not be null");
    setAuthenticated(true);
  }

  /** Returns the verified caller. */
  @Override
  public TokenPrincipal getPrincipal() {
    return principal;
  }

  /** Returns nothing: the plaintext token is never kept. */
  @Override
  public Object getCredentials() {
    return "";
  }

  /** Returns the token id. */
  @Override
  public String getName() {
    return principal.tokenId();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenAuthentication other
        && principal.tokenId().equals(other.principal.tokenId())
        && getAuthorities().equals(other.getAuthorities());
  }

  @Override
  public int hashCode() {
    return principal.tokenId().hashCode();
  }

  @Override
  public String toString() {
    return "TokenAuthentication[" + principal + "]";
  }
}
