package dev.tokenry.servlet;

import static java.util.Objects.requireNonNull;

import dev.tokenry.TokenPrincipal;
import dev.tokenry.TokenStoreUnavailableException;
import dev.tokenry.Tokenry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates API requests by bearer token and enforces {@link RouteRules}. Map it in front of
 * the host's API servlets; it answers exactly as the HTTP contract says:
 *
 * <ul>
 *   <li>no credentials or another scheme: 401, {@code WWW-Authenticate: Bearer realm="…"};
 *   <li>a token that was presented and failed for any reason: 401 with {@code
 *       error="invalid_token"};
 *   <li>a valid token lacking the route's permission, project or organization: 403 with {@code
 *       error="insufficient_scope", scope="…"};
 *   <li>the token store unavailable: 503 with {@code Retry-After}, never a 401;
 *   <li>a client address past its limit of failed verifications ({@link
 *       Builder#throttle(AttemptThrottle)}): 429 with {@code Retry-After}, answered without any
 *       store access.
 * </ul>
 *
 * <p>Bodies are {@code {"message":"Unauthenticated."}}, {@code {"message":"Forbidden."}} and {@code
 * {"message":"Service Unavailable."}} as {@code application/json} with {@code Cache-Control:
 * no-store}; a path that cannot be normalised safely gets 400. On success the request continues
 * with {@link HttpServletRequest#getUserPrincipal()} returning the {@link TokenPrincipal}, {@link
 * HttpServletRequest#getAuthType()} returning {@code "Bearer"}, and the attributes {@link
 * #PRINCIPAL_ATTRIBUTE} and {@link #PATH_VARIABLES_ATTRIBUTE} set.
 *
 * <pre>{@code
 * context.addFilter(new FilterHolder(new TokenAuthenticationFilter(tokenry, rules)), "/*",
 *     EnumSet.of(DispatcherType.REQUEST));
 * }</pre>
 *
 * <p>Map it to {@code /*} and open what it must not guard with {@link RouteRules.Builder#permit}: a
 * container with lenient URI settings may route an encoded path such as {@code /api%2fx} to an
 * {@code /api/*} servlet without running an {@code /api/*} filter.
 *
 * <p>Tokens are read from the {@code Authorization} header only, never from the query string, a
 * form body or a cookie; header values are never echoed back or logged.
 */
public final class TokenAuthenticationFilter implements Filter {

  /** The request attribute holding the authenticated {@link TokenPrincipal}. */
  public static final String PRINCIPAL_ATTRIBUTE = "dev.tokenry.principal";

  /**
   * The request attribute holding the matched route's path variables, an unmodifiable {@code
   * Map<String, String>} (empty when the route has none or no rule matched).
   */
  public static final String PATH_VARIABLES_ATTRIBUTE = "dev.tokenry.pathVariables";

  /**
   * The request attribute holding the client's address as the filter's {@link
   * ClientAddressResolver} read it, a {@code String}, set on every request the filter sees.
   */
  public static final String CLIENT_ADDRESS_ATTRIBUTE = "dev.tokenry.clientAddress";

  /**
   * The default name of the response header that carries the token's expiry on every authenticated
   * answer, such as {@code API-Token-Expiration: 2026-12-23T10:00:00Z}; absent for tokens that
   * never expire.
   */
  public static final String DEFAULT_EXPIRY_HEADER = "API-Token-Expiration";

  /**
   * Failed verifications per minute and client address allowed by default ({@link
   * Builder#throttle}): generous, so that only automation meets it.
   */
  public static final int DEFAULT_MAX_FAILURES_PER_MINUTE = 1000;

  /** The value of {@link HttpServletRequest#getAuthType()} for token-authenticated requests. */
  public static final String AUTH_TYPE = "Bearer";

  private static final Logger LOG = LoggerFactory.getLogger(TokenAuthenticationFilter.class);

  private final Tokenry tokenry;
  private final RouteRules rules;
  private final String challenge;
  private final String invalidToken;
  private final ClientAddressResolver clientAddresses;
  private final String expiryHeader;
  private final AttemptThrottle throttle;
  private volatile long lastThrottleWarning;

  /**
   * Creates the filter with the default settings; {@link #builder} offers the others.
   *
   * @param tokenry verifies the tokens
   * @param rules what each route needs
   */
  public TokenAuthenticationFilter(Tokenry tokenry, RouteRules rules) {
    this(builder(tokenry, rules));
  }

  private TokenAuthenticationFilter(Builder builder) {
    this.tokenry = builder.tokenry;
    this.rules = builder.rules;
    this.clientAddresses = builder.clientAddresses;
    this.expiryHeader = builder.expiryHeader;
    this.throttle = builder.throttle;
    // The realm was validated by RouteRules (no quotes, backslashes or control characters).
    this.challenge = "Bearer realm=\"" + rules.realm() + "\"";
    this.invalidToken = challenge + ", error=\"invalid_token\"";
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    String clientAddress = clientAddresses.clientAddress(request);
    request.setAttribute(CLIENT_ADDRESS_ATTRIBUTE, clientAddress);
    List<String> segments = PathNormalizer.segments(pathOf(request));
    if (segments == null) {
      ErrorAnswers.badRequest(response);
      return;
    }
    RouteRules.Match match = rules.match(request.getMethod(), segments);
    Map<String, String> variables = match == null ? Map.of() : match.variables();
    if (match != null && match.access() == RouteRules.Access.PERMIT) {
      request.setAttribute(PATH_VARIABLES_ATTRIBUTE, variables);
      chain.doFilter(request, response);
      return;
    }

    String throttleKey = ClientAddresses.throttleKey(clientAddress);
    Duration wait = throttle.retryAfter(throttleKey);
    if (!wait.isZero()) {
      ErrorAnswers.tooManyRequests(response, wait);
      return;
    }
    BearerCredentials credentials = BearerCredentials.read(request);
    if (credentials.kind() == BearerCredentials.Kind.NONE) {
      ErrorAnswers.unauthenticated(response, challenge);
      return;
    }
    if (credentials.kind() == BearerCredentials.Kind.INVALID) {
      recordFailure(throttleKey);
      ErrorAnswers.unauthenticated(response, invalidToken);
      return;
    }
    Optional<TokenPrincipal> verified;
    try {
      verified = tokenry.verify(credentials.token(), clientAddress);
    } catch (TokenStoreUnavailableException e) {
      LOG.warn("Token store unavailable; answering 503: {}", e.getMessage());
      ErrorAnswers.unavailable(response);
      return;
    } catch (RuntimeException e) {
      // Anything else that stops a verification (the host's permission directory failing, a
      // record the store cannot read) fails closed the same way, with our own answer rather than
      // the container's error page.
      LOG.warn("Token verification failed; answering 503", e);
      ErrorAnswers.unavailable(response);
      return;
    }
    if (verified.isEmpty()) {
      recordFailure(throttleKey);
      ErrorAnswers.unauthenticated(response, invalidToken);
      return;
    }
    TokenPrincipal principal = verified.get();
    if (expiryHeader != null) {
      // On every authenticated answer, a 403 included, so clients can warn before it is too late.
      principal
          .token()
          .expiresAt()
          .ifPresent(
              at -> response.setHeader(expiryHeader, DateTimeFormatter.ISO_INSTANT.format(at)));
    }

    if (match == null && rules.undeclared() == UndeclaredRoutes.DENY) {
      ErrorAnswers.forbidden(response, challenge + ", error=\"insufficient_scope\"");
      return;
    }
    String needed = match == null ? null : match.permission();
    if (!reaches(principal, variables)
        || !reachesOnAnyMethod(principal, segments)
        || (needed != null && !principal.allows(needed))) {
      ErrorAnswers.forbidden(
          response,
          challenge
              + ", error=\"insufficient_scope\""
              + (needed == null ? "" : ", scope=\"" + needed + "\""));
      return;
    }
    request.setAttribute(PRINCIPAL_ATTRIBUTE, principal);
    request.setAttribute(PATH_VARIABLES_ATTRIBUTE, variables);
    chain.doFilter(new AuthenticatedRequest(request, principal), response);
  }

  /** Counts a failed verification; a throttle that cannot count never changes the answer. */
  private void recordFailure(String throttleKey) {
    try {
      throttle.record(throttleKey);
    } catch (RuntimeException e) {
      // At most one line a minute: every failed attempt lands here while the throttle is broken.
      long now = System.nanoTime();
      long last = lastThrottleWarning;
      if (last == 0 || now - last > 60_000_000_000L) {
        lastThrottleWarning = now;
        LOG.warn("Could not count a failed verification: {}", e.toString());
      }
    }
  }

  /** A path naming another project or organization is refused whatever the method. */
  private boolean reachesOnAnyMethod(TokenPrincipal principal, List<String> segments) {
    for (Map<String, String> variables : rules.variablesOnAnyMethod(segments)) {
      if (!reaches(principal, variables)) {
        return false;
      }
    }
    return true;
  }

  private static boolean reaches(TokenPrincipal principal, Map<String, String> variables) {
    String organization = variables.get(RouteRules.ORGANIZATION_VARIABLE);
    if (organization != null && !organization.equals(principal.organizationId())) {
      return false;
    }
    String project = variables.get(RouteRules.PROJECT_VARIABLE);
    return project == null || principal.scope().covers(project);
  }

  /** The raw path below the context path, still percent-encoded, without the query string. */
  private static String pathOf(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    if (uri == null) {
      return null;
    }
    if (context != null && !context.isEmpty()) {
      if (!uri.startsWith(context)) {
        return null;
      }
      uri = uri.substring(context.length());
      return uri.isEmpty() ? "/" : uri;
    }
    return uri;
  }

  @Override
  public String toString() {
    return "TokenAuthenticationFilter[" + rules + "]";
  }

  /** The request as the host's servlets see it after authentication. */
  private static final class AuthenticatedRequest extends HttpServletRequestWrapper {

    private final TokenPrincipal principal;

    AuthenticatedRequest(HttpServletRequest request, TokenPrincipal principal) {
      super(request);
      this.principal = principal;
    }

    @Override
    public Principal getUserPrincipal() {
      return principal;
    }

    @Override
    public String getAuthType() {
      return AUTH_TYPE;
    }

    @Override
    public String getRemoteUser() {
      return principal.getName();
    }

    @Override
    public boolean isUserInRole(String role) {
      return false;
    }
  }

  /**
   * Starts a filter with settings beyond the defaults of the {@linkplain
   * #TokenAuthenticationFilter(Tokenry, RouteRules) constructor}.
   *
   * @param tokenry verifies the tokens
   * @param rules what each route needs
   * @return a builder
   */
  public static Builder builder(Tokenry tokenry, RouteRules rules) {
    return new Builder(tokenry, rules);
  }

  /** Builds a {@link TokenAuthenticationFilter}. */
  public static final class Builder {
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

    private final Tokenry tokenry;
    private final RouteRules rules;
    private ClientAddressResolver clientAddresses = ClientAddressResolver.remoteAddress();
    private String expiryHeader = DEFAULT_EXPIRY_HEADER;
    private AttemptThrottle throttle =
        AttemptThrottle.perInstance(DEFAULT_MAX_FAILURES_PER_MINUTE, Duration.ofMinutes(1));

    private Builder(Tokenry tokenry, RouteRules rules) {
      this.tokenry = requireNonNull(tokenry, "tokenry must not be null");
      this.rules = requireNonNull(rules, "rules must not be null");
    }

    /**
     * How the client's address is read; {@link ClientAddressResolver#remoteAddress()} unless set,
     * so forwarded headers are never trusted by default.
     *
     * @param resolver the resolver
     * @return this builder
     */
    public Builder clientAddress(ClientAddressResolver resolver) {
      this.clientAddresses = requireNonNull(resolver, "resolver must not be null");
      return this;
    }

    /**
     * Names the response header that carries the token's expiry (ISO-8601 UTC, such as {@code
     * 2026-12-23T10:00:00Z}) on every authenticated answer; {@link
     * TokenAuthenticationFilter#DEFAULT_EXPIRY_HEADER} unless set. Tokens that never expire get no
     * such header.
     *
     * @param name an HTTP header name (RFC 9110 token characters), at most 64 characters
     * @return this builder
     * @throws IllegalArgumentException if the name is not a header name
     */
    public Builder expiryHeader(String name) {
      requireNonNull(name, "name must not be null");
      if (!HEADER_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "expiryHeader must be an HTTP header name of at most 64 characters");
      }
      this.expiryHeader = name;
      return this;
    }

    /**
     * Sends no expiry header.
     *
     * @return this builder
     */
    public Builder noExpiryHeader() {
      this.expiryHeader = null;
      return this;
    }

    /**
     * How failed verifications are counted per client address (the {@linkplain #clientAddress
     * resolver's} address, IPv6 by /64): once an address reaches the throttle's limit, every
     * request of it that needs a token answers 429 with {@code Retry-After} and {@code
     * {"message":"Too Many Requests."}} without reading the token or touching the store, until the
     * window has moved on. Default: {@link AttemptThrottle#perInstance} with {@value
     * #DEFAULT_MAX_FAILURES_PER_MINUTE} failures per minute, counted in this process; {@link
     * AttemptThrottle#none()} turns it off. Clients behind one NAT share an address, and so a
     * limit: see docs/servlet.md.
     *
     * @param throttle the throttle
     * @return this builder
     */
    public Builder throttle(AttemptThrottle throttle) {
      this.throttle = requireNonNull(throttle, "throttle must not be null");
      return this;
    }

    /**
     * Builds the filter.
     *
     * @return the filter
     */
    public TokenAuthenticationFilter build() {
      return new TokenAuthenticationFilter(this);
    }
  }
}
