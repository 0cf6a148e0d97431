package dev.tokenry.spring.boot;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.security.autoconfigure.web.servlet.ConditionalOnDefaultWebSecurity;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CsrfFilter;

/**
 * The default security when the application defines no {@code SecurityFilterChain}: two chains.
 *
 * <ol>
 *   <li>The admin chain: everything under {@code tokenry.admin.path} (the API, the page and its
 *       assets) plus {@code /login} and {@code /logout}, for users signed in (only {@code GET} and
 *       {@code HEAD} of the page's static files under {@code assets/} are open) through the host's
 *       own Spring Security authentication (form login and HTTP Basic from its {@code
 *       UserDetailsService}). CSRF as Spring's single-page-application setup: a cookie {@code
 *       XSRF-TOKEN} echoed in the header {@code X-XSRF-TOKEN} on every non-GET request — except a
 *       request carrying HTTP Basic credentials whose body a cross-site form cannot send (JSON, or
 *       a method a form cannot use), which no other site can make a browser send without a CORS
 *       preflight.
 *   <li>The token chain, every other path: Tokenry bearer tokens only, stateless (a session cookie
 *       authenticates nothing here, so CSRF cannot apply), any valid token by default; {@code
 *       /error} is open so that error pages render.
 * </ol>
 */
@AutoConfiguration(
    after = TokenryAutoConfiguration.class,
    beforeName =
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, ConditionalOnDefaultWebSecurity.class})
@ConditionalOnDefaultWebSecurity
public class TokenrySecurityAutoConfiguration {

  /** Created by Spring. */
  public TokenrySecurityAutoConfiguration() {}

  /**
   * The admin chain.
   *
   * @param http the builder
   * @param properties {@code tokenry.*}
   * @return the chain
   * @throws Exception if Spring Security cannot build it
   */
  @Bean
  @Order(SecurityFilterChainOrder.ADMIN)
  public SecurityFilterChain tokenryAdminSecurityFilterChain(
      HttpSecurity http, TokenryProperties properties) throws Exception {
    String admin = TokenryAdminAutoConfiguration.normalizedPath(properties.admin().path());
    return http.securityMatcher(admin, admin + "/**", "/login", "/logout")
        .authorizeHttpRequests(
            a ->
                // The page's own static files (content-hashed, no data): the favicon and the
                // stylesheet load before and without a sign-in. The page itself, its context and
                // the API stay behind the sign-in.
                a.requestMatchers(HttpMethod.GET, admin + "/assets/**")
                    .permitAll()
                    .requestMatchers(HttpMethod.HEAD, admin + "/assets/**")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .formLogin(Customizer.withDefaults())
        .httpBasic(Customizer.withDefaults())
        .csrf(
            c ->
                c.spa()
                    .requireCsrfProtectionMatcher(
                        request ->
                            CsrfFilter.DEFAULT_CSRF_MATCHER.matches(request)
                                && !unforgeableBasicCall(request)))
        .build();
  }

  /**
   * The token chain.
   *
   * @param http the builder
   * @return the chain
   * @throws Exception if Spring Security cannot build it
   */
  @Bean
  @Order(SecurityFilterChainOrder.TOKENS)
  public SecurityFilterChain tokenrySecurityFilterChain(HttpSecurity http) throws Exception {
    return http.with(TokenryConfigurer.tokenry(), Customizer.withDefaults())
        .authorizeHttpRequests(
            a -> a.requestMatchers("/error").permitAll().anyRequest().authenticated())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .securityContext(
            c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
        .requestCache(r -> r.disable())
        .csrf(c -> c.disable())
        .build();
  }

  /**
   * A request with HTTP Basic credentials that a page of another site cannot make a browser send
   * without a CORS preflight: a method other than POST, or a body that is not a form's.
   */
  static boolean unforgeableBasicCall(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    if (!HttpMethod.POST.matches(request.getMethod())) {
      return true;
    }
    String type = request.getContentType();
    if (type == null) {
      return false;
    }
    String mediaType = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return !mediaType.equals("application/x-www-form-urlencoded")
        && !mediaType.equals("multipart/form-data")
        && !mediaType.equals("text/plain");
  }

  /** The orders of the two default chains. */
  static final class SecurityFilterChainOrder {
    static final int ADMIN = org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 100;
    static final int TOKENS = org.springframework.core.Ordered.LOWEST_PRECEDENCE - 100;

    private SecurityFilterChainOrder() {}
  }
}
