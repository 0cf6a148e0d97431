package dev.tokenry.spring.boot;

import dev.tokenry.Tokenry;
import dev.tokenry.servlet.AttemptThrottle;
import dev.tokenry.servlet.ClientAddressResolver;
import dev.tokenry.servlet.TokenAuthenticationFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.ExceptionHandlingConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.www.DigestAuthenticationFilter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Adds Tokenry's bearer tokens to a host's own {@code SecurityFilterChain} in one call:
 *
 * <pre>{@code
 * @Bean
 * SecurityFilterChain api(HttpSecurity http) throws Exception {
 *   return http
 *       .securityMatcher("/api/**")
 *       .with(TokenryConfigurer.tokenry(), Customizer.withDefaults())
 *       .authorizeHttpRequests(a -> a
 *           .requestMatchers(HttpMethod.GET, "/api/**").hasAuthority("contracts:read")
 *           .anyRequest().authenticated())
 *       .build();
 * }
 * }</pre>
 *
 * <p>It uses the context's {@link Tokenry} bean and {@code tokenry.*} properties, puts a {@link
 * TokenAuthentication} in the request's security context (never in a session), and answers with
 * Tokenry's HTTP contract: 401 with {@code WWW-Authenticate: Bearer realm=…} (and {@code
 * error="invalid_token"} for a bad token), 403 {@code insufficient_scope}, 503 with {@code
 * Retry-After} when the store is down, 429 with {@code Retry-After} for a client address past its
 * limit of failed verifications (the context's {@code AttemptThrottle} bean). The client address
 * comes from the context's {@code ClientAddressResolver} bean, else the peer address; authenticated
 * answers carry the expiry header of {@code tokenry.expiry-header}. With {@link
 * #alongsideOtherBearerTokens()} a bearer value that lacks Tokenry's prefix and checksum passes on
 * to the chain's other bearer authentication (for example {@code oauth2ResourceServer(o ->
 * o.jwt(...))}), which then owns the 401 answers.
 */
public final class TokenryConfigurer
    extends AbstractHttpConfigurer<TokenryConfigurer, HttpSecurity> {

  private boolean alongside;

  private TokenryConfigurer() {}

  /**
   * Starts the configurer; hand it to {@code HttpSecurity.with(...)}.
   *
   * @return a new configurer
   */
  public static TokenryConfigurer tokenry() {
    return new TokenryConfigurer();
  }

  /**
   * Leaves bearer values that are not Tokenry tokens (no Tokenry prefix, wrong checksum) to another
   * authentication on the same chain, such as the host's JWTs. Tokenry then answers only for its
   * own tokens, and the chain's other entry point answers requests without credentials.
   *
   * @return this configurer
   */
  public TokenryConfigurer alongsideOtherBearerTokens() {
    this.alongside = true;
    return this;
  }

  @Override
  public void init(HttpSecurity http) {
    TokenryAnswers answers = answers(http);
    ExceptionHandlingConfigurer<HttpSecurity> exceptions =
        http.getConfigurer(ExceptionHandlingConfigurer.class);
    if (exceptions == null) {
      return;
    }
    RequestMatcher tokenCaller = TokenryConfigurer::isTokenCaller;
    exceptions.defaultAccessDeniedHandlerFor(new TokenryAccessDeniedHandler(answers), tokenCaller);
    if (!alongside) {
      exceptions.defaultAuthenticationEntryPointFor(
          (request, response, e) -> answers.unauthenticated(response), AnyRequestMatcher.INSTANCE);
    }
  }

  @Override
  public void configure(HttpSecurity http) {
    ApplicationContext context = http.getSharedObject(ApplicationContext.class);
    TokenryProperties properties = context.getBean(TokenryProperties.class);
    Tokenry tokenry = context.getBean(Tokenry.class);
    TokenryBearerFilter filter =
        new TokenryBearerFilter(
            tokenry,
            new TokenryAuthorities(properties.knownPermissions()),
            answers(http),
            properties.projectPaths(),
            alongside,
            context
                .getBeanProvider(ClientAddressResolver.class)
                .getIfUnique(ClientAddressResolver::remoteAddress),
            properties.expiryHeader(),
            context
                .getBeanProvider(AttemptThrottle.class)
                .getIfUnique(TokenryConfigurer::defaultThrottle));
    filter.contexts(SecurityContextHolder.getContextHolderStrategy());
    // Before every other authentication filter, the resource server's bearer filter included, so
    // that
    // a Tokenry token is judged by Tokenry before a JWT decoder could refuse it.
    http.addFilterBefore(postProcess(filter), DigestAuthenticationFilter.class);
  }

  /** Without Tokenry's auto-configuration (a host's own {@code Tokenry} setup), the default. */
  private static AttemptThrottle defaultThrottle() {
    return AttemptThrottle.perInstance(
        TokenAuthenticationFilter.DEFAULT_MAX_FAILURES_PER_MINUTE, Duration.ofMinutes(1));
  }

  private static TokenryAnswers answers(HttpSecurity http) {
    ApplicationContext context = http.getSharedObject(ApplicationContext.class);
    return new TokenryAnswers(context.getBean(TokenryProperties.class).realm());
  }

  private static boolean isTokenCaller(HttpServletRequest request) {
    Authentication current =
        SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication();
    return current instanceof TokenAuthentication;
  }

  @Override
  public String toString() {
    return "TokenryConfigurer[alongsideOtherBearerTokens=" + alongside + "]";
  }
}
