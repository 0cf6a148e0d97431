package dev.tokenry.spring.boot;

import dev.tokenry.TokenPrincipal;
import dev.tokenry.TokenStoreUnavailableException;
import dev.tokenry.Tokenry;
import dev.tokenry.servlet.AttemptThrottle;
import dev.tokenry.servlet.ClientAddressResolver;
import dev.tokenry.servlet.TokenAuthenticationFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.PathContainer;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Reads a Tokenry bearer token from the {@code Authorization} header only (RFC 6750 §2.1) and puts
 * a {@link TokenAuthentication} in the security context of this request only (never a session). A
 * rejected token is answered 401 {@code invalid_token} here; an unavailable store 503 with {@code
 * Retry-After}, never 401 or 500; a project-scoped token on another project's path 403. The
 * client's address (the host's {@link ClientAddressResolver}, else the peer address) is recorded as
 * the token's last use and counts failed verifications: an address past the throttle's limit is
 * answered 429 with {@code Retry-After} before any store access. Authenticated answers carry the
 * token's expiry header unless it is turned off. With {@code foreignBearer} set, a bearer value
 * without Tokenry's prefix and checksum is left for another authentication on the same chain (such
 * as the host's JWTs).
 */
final class TokenryBearerFilter extends OncePerRequestFilter {

  private static final Logger LOG = LoggerFactory.getLogger(TokenryBearerFilter.class);
  private static final String SCHEME = "Bearer";
  private static final int MAX_HEADER_LENGTH = 8 + 512;

  private final Tokenry tokenry;
  private final TokenryAuthorities authorities;
  private final TokenryAnswers answers;
  private final List<PathPattern> projectPaths;
  private final boolean foreignBearer;
  private final ClientAddressResolver clientAddresses;
  private final String expiryHeader;
  private final AttemptThrottle throttle;
  private volatile long lastThrottleWarning;
  private SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

  TokenryBearerFilter(
      Tokenry tokenry,
      TokenryAuthorities authorities,
      TokenryAnswers answers,
      List<String> projectPaths,
      boolean foreignBearer,
      ClientAddressResolver clientAddresses,
      String expiryHeader,
      AttemptThrottle throttle) {
    this.tokenry = tokenry;
    this.authorities = authorities;
    this.answers = answers;
    this.projectPaths =
        projectPaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
    this.foreignBearer = foreignBearer;
    this.clientAddresses = clientAddresses;
    this.expiryHeader = expiryHeader == null || expiryHeader.isEmpty() ? null : expiryHeader;
    this.throttle = throttle;
  }

  void contexts(SecurityContextHolderStrategy strategy) {
    this.contexts = strategy;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Enumeration<String> headers = request.getHeaders("Authorization");
    if (headers == null || !headers.hasMoreElements()) {
      chain.doFilter(request, response);
      return;
    }
    String value = headers.nextElement();
    boolean repeated = headers.hasMoreElements();
    String token = bearerValue(value);
    if (token == null && !repeated) {
      chain.doFilter(request, response); // another scheme (Basic, ...): not ours
      return;
    }
    if (foreignBearer && !repeated && !tokenry.recognizes(token)) {
      chain.doFilter(request, response); // another bearer token, such as a JWT
      return;
    }
    String clientAddress = clientAddresses.clientAddress(request);
    request.setAttribute(TokenAuthenticationFilter.CLIENT_ADDRESS_ATTRIBUTE, clientAddress);
    String throttleKey = AttemptThrottle.clientKey(clientAddress);
    Duration wait = throttle.retryAfter(throttleKey);
    if (!wait.isZero()) {
      answers.tooManyRequests(response, wait);
      return;
    }
    if (repeated || token.isEmpty()) {
      recordFailure(throttleKey);
      answers.invalidToken(response);
      return;
    }
    Optional<TokenPrincipal> verified;
    try {
      verified = tokenry.verify(token, clientAddress);
    } catch (TokenStoreUnavailableException e) {
      LOG.warn("Token store unavailable; answering 503: {}", e.getMessage());
      answers.unavailable(response);
      return;
    } catch (RuntimeException e) {
      // The host's permission resolver failing, a record the store cannot read: fail closed the
      // same way, with Tokenry's answer rather than the container's error page.
      LOG.warn("Token verification failed; answering 503", e);
      answers.unavailable(response);
      return;
    }
    if (verified.isEmpty()) {
      recordFailure(throttleKey);
      answers.invalidToken(response);
      return;
    }
    TokenPrincipal principal = verified.get();
    if (expiryHeader != null) {
      // On every answer to an authenticated request, a 403 included, so that clients can warn.
      principal
          .token()
          .expiresAt()
          .ifPresent(
              at -> response.setHeader(expiryHeader, DateTimeFormatter.ISO_INSTANT.format(at)));
    }
    if (!reachesProject(principal, request)) {
      answers.insufficientScope(response, null);
      return;
    }
    SecurityContext context = contexts.createEmptyContext();
    context.setAuthentication(new TokenAuthentication(principal, authorities.of(principal)));
    contexts.setContext(context);
    try {
      // Beside another bearer authentication (a JWT resource server), that one must not see the
      // credential Tokenry has accepted, or it would try to decode it and answer 401.
      chain.doFilter(foreignBearer ? new CredentialHidden(request) : request, response);
    } finally {
      contexts.clearContext();
    }
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

  /** The request without its {@code Authorization} header, once Tokenry has taken it. */
  private static final class CredentialHidden extends HttpServletRequestWrapper {

    CredentialHidden(HttpServletRequest request) {
      super(request);
    }

    private static boolean isAuthorization(String name) {
      return "Authorization".equalsIgnoreCase(name);
    }

    @Override
    public String getHeader(String name) {
      return isAuthorization(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return isAuthorization(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      List<String> names = new ArrayList<>();
      for (String name : Collections.list(super.getHeaderNames())) {
        if (!isAuthorization(name)) {
          names.add(name);
        }
      }
      return Collections.enumeration(names);
    }
  }

  /**
   * The credential after {@code Bearer} and one or more spaces; empty when malformed or too long;
   * null for another scheme.
   */
  private static String bearerValue(String value) {
    if (value == null || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    if (value.length() > SCHEME.length() && value.charAt(SCHEME.length()) != ' ') {
      return value.charAt(SCHEME.length()) == '\t' ? "" : null;
    }
    if (value.length() > MAX_HEADER_LENGTH) {
      return "";
    }
    int start = SCHEME.length();
    while (start < value.length() && value.charAt(start) == ' ') {
      start++;
    }
    return start == SCHEME.length() ? "" : value.substring(start);
  }

  /** The decoded, container-normalised path is matched, so an encoded letter cannot slip by. */
  private boolean reachesProject(TokenPrincipal principal, HttpServletRequest request) {
    if (projectPaths.isEmpty()) {
      return true;
    }
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    PathContainer container = PathContainer.parsePath(path);
    for (PathPattern pattern : projectPaths) {
      PathPattern.PathMatchInfo match = pattern.matchAndExtract(container);
      if (match != null) {
        String project = match.getUriVariables().get("projectId");
        if (project != null && !principal.scope().covers(project)) {
          return false;
        }
      }
    }
    return true;
  }
}
