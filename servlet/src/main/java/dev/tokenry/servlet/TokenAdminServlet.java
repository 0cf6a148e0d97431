package dev.tokenry.servlet;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenry.Actor;
import dev.tokenry.ApiToken;
import dev.tokenry.AuditFilter;
import dev.tokenry.AuditOrigin;
import dev.tokenry.DuplicateTokenNameException;
import dev.tokenry.Expiration;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.InvalidTokenRequestException;
import dev.tokenry.IssuedToken;
import dev.tokenry.StaleTokenEditException;
import dev.tokenry.TokenAccessDeniedException;
import dev.tokenry.TokenConflictException;
import dev.tokenry.TokenFilter;
import dev.tokenry.TokenKind;
import dev.tokenry.TokenNotFoundException;
import dev.tokenry.TokenPolicy;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenStoreUnavailableException;
import dev.tokenry.TokenType;
import dev.tokenry.TokenUpdate;
import dev.tokenry.Tokenry;
import dev.tokenry.spi.AuditAction;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token admin API as JSON, for the host's "Settings › API Tokens" page. Mount it under a path
 * of the host's choosing, protected by the host's own session (not by bearer tokens):
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(new TokenAdminServlet(tokenry, actors)), "/admin/api/*");
 * }</pre>
 *
 * <table>
 *   <caption>Requests, relative to the mount point</caption>
 *   <tr><th>request</th><th>answer</th></tr>
 *   <tr><td>{@code GET /tokens?kind=&name=&projectId=&limit=&cursor=}</td>
 *       <td>{@code {"tokens":[…],"nextCursor":…}}</td></tr>
 *   <tr><td>{@code POST /tokens}</td><td>201 {@code {"token":{…},"plaintext":"…"}}</td></tr>
 *   <tr><td>{@code GET /tokens/{id}}</td><td>the token object</td></tr>
 *   <tr><td>{@code PATCH /tokens/{id}} (optional {@code If-Match})</td><td>the token object</td></tr>
 *   <tr><td>{@code POST /tokens/{id}/regenerate}</td>
 *       <td>{@code {"token":{…},"plaintext":"…"}}</td></tr>
 *   <tr><td>{@code DELETE /tokens/{id}}</td><td>204</td></tr>
 *   <tr><td>{@code POST /tokens/delete {"ids":[…]}}</td><td>{@code {"deleted":n}}</td></tr>
 *   <tr><td>{@code GET /tokens/expiry-preview?expiresIn=30d}</td>
 *       <td>{@code {"expiresAt":…}}, 422 on {@code expiresIn} if the policy does not offer it</td></tr>
 *   <tr><td>{@code GET /tokens/expiry-policy}</td>
 *       <td>{@code {"presets":[…],"neverExpires":…,"maxLifetime":…,"latestExpiresAt":…,
 *       "maxGracePeriod":…}}</td></tr>
 *   <tr><td>{@code GET /audit?tokenId=&actor=&action=&from=&until=&limit=&cursor=}</td>
 *       <td>{@code {"records":[…],"nextCursor":…}}: Owners and Admins their organization's
 *       audit trail, Members that of their own personal tokens</td></tr>
 *   <tr><td>{@code GET /context}</td><td>the acting user and what they may do</td></tr>
 *   <tr><td>{@code GET /}, {@code GET /assets/…}</td><td>the API Tokens page</td></tr>
 * </table>
 *
 * <p>Create and {@code PATCH} take {@code expiresIn} (a preset) or {@code expiresAt} (an ISO-8601
 * instant), not both; an expiry the organization's policy does not allow is a 422 on {@code
 * expiresIn}. {@code POST /tokens/{id}/regenerate} takes an optional body {@code
 * {"gracePeriod":"1h"}} ({@code 30m}, {@code 1h}, {@code 7d} or ISO-8601 such as {@code PT90M}),
 * during which the old secret keeps working; the token object then shows {@code
 * previousSecretValidUntil}.
 *
 * <p>Every management action is recorded in the audit trail (when {@code Tokenry} has an audit log)
 * with the request's client address ({@link TokenAuthenticationFilter#CLIENT_ADDRESS_ATTRIBUTE}
 * when the filter runs in front, else the peer address) and {@code User-Agent}.
 *
 * <p>The same servlet serves the API Tokens page that uses this API: {@code GET /} is the page (a
 * request for the mount without the slash is redirected to it), {@code GET /assets/…} its files
 * (content-hashed names, cached for good, strict Content-Security-Policy), and {@code GET /context}
 * tells the page who is acting, their role, what they may grant, the organization's projects and
 * the expiry presets. Theme and words are set with {@link #builder} (see docs/admin-page.md).
 *
 * <p>Token objects carry their {@code version}; answers about one token (create, get, edit,
 * regenerate) also carry it as a strong {@code ETag} such as {@code "3"}. A {@code PATCH} with
 * {@code If-Match} applies only if one of the listed ETags (or {@code *}) matches the token's
 * current version; otherwise it answers 412 and changes nothing, so an edit from a stale form
 * cannot undo a newer one. A weak or malformed {@code If-Match} never matches (412).
 *
 * <p>Every answer carries {@code Cache-Control: no-store}. Errors are {@code
 * {"message":…,"errors":{field:[…]}}}: 400 unreadable JSON, 401 no actor, 403 not allowed, 404 not
 * found or not visible, 405 wrong method, 409 duplicate name or concurrent edit, 412 {@code
 * If-Match} does not match, 413 body over {@value #MAX_BODY_BYTES} bytes, 415 a body that is not
 * {@code application/json}, 422 invalid or unknown fields, 503 (with {@code Retry-After}) store
 * unavailable. {@code POST} and {@code PATCH} requests must be {@code Content-Type:
 * application/json} even without a body, so a cross-site HTML form cannot trigger them. The
 * plaintext appears only in the create and regenerate answers; stored hashes never. Requires {@code
 * jackson-databind} on the class path.
 */
public final class TokenAdminServlet extends HttpServlet {

  /** The largest request body read, in bytes. */
  public static final int MAX_BODY_BYTES = 16 * 1024;

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(TokenAdminServlet.class);
  private static final String INVALID = "The given data was invalid.";
  private static final String STALE =
      "The token was changed since you loaded it; reload and try again.";
  private static final Set<String> CREATE_FIELDS =
      Set.of(
          "name", "description", "kind", "scope", "expiresIn", "expiresAt", "type", "permissions");
  private static final Set<String> REGENERATE_FIELDS = Set.of("gracePeriod");
  private static final Pattern SHORT_DURATION = Pattern.compile("([1-9][0-9]{0,5})([smhd])");
  private static final Set<String> SCOPE_FIELDS = Set.of("type", "projectId");
  private static final Set<String> PATCH_FIELDS =
      Set.of("name", "description", "type", "permissions", "expiresIn", "expiresAt");
  private static final Set<String> BULK_FIELDS = Set.of("ids");

  private final transient Tokenry tokenry;
  private final transient ActorResolver actors;
  private final transient AdminPage page;

  /**
   * Creates the servlet with the page in English and its own look.
   *
   * @param tokenry manages the tokens and applies the rules
   * @param actors identifies the acting user of each request
   */
  public TokenAdminServlet(Tokenry tokenry, ActorResolver actors) {
    this(builder(tokenry, actors));
  }

  private TokenAdminServlet(Builder builder) {
    this.tokenry = builder.tokenry;
    this.actors = builder.actors;
    this.page = new AdminPage(builder.messages, builder.stylesheets);
  }

  /**
   * Starts a servlet with the page themed or worded by the host (docs/admin-page.md):
   *
   * <pre>{@code
   * TokenAdminServlet admin = TokenAdminServlet.builder(tokenry, actors)
   *     .stylesheet("/static/acme-tokens.css")          // same origin; overrides --tokenry-* colours
   *     .messages(Map.of("page.title", "Jetons d'API"))  // replaces these labels, keeps the rest
   *     .build();
   * }</pre>
   *
   * @param tokenry manages the tokens and applies the rules
   * @param actors identifies the acting user of each request
   * @return the builder
   */
  public static Builder builder(Tokenry tokenry, ActorResolver actors) {
    return new Builder(tokenry, actors);
  }

  /** Builds a {@link TokenAdminServlet}; each argument is checked when it is given. */
  public static final class Builder {
    private final Tokenry tokenry;
    private final ActorResolver actors;
    private final Map<String, String> messages = new LinkedHashMap<>();
    private final List<String> stylesheets = new ArrayList<>();

    private Builder(Tokenry tokenry, ActorResolver actors) {
      this.tokenry = requireNonNull(tokenry, "tokenry must not be null");
      this.actors = requireNonNull(actors, "actors must not be null");
    }

    /**
     * Links one more stylesheet after the page's own, so its rules (for example new values of the
     * {@code --tokenry-*} custom properties) win. The page's Content-Security-Policy allows
     * stylesheets of its own origin only, so give a path on the host, such as {@code
     * /static/tokens.css}, or one relative to the page.
     *
     * @param href a path-absolute ({@code /…}) or page-relative URL of the host's origin
     * @return this builder
     * @throws IllegalArgumentException if it names a scheme or another host
     */
    public Builder stylesheet(String href) {
      requireNonNull(href, "href must not be null");
      if (href.isBlank()
          || href.startsWith("//")
          || href.startsWith("\\")
          || href.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == '\\')
          || href.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
        throw new IllegalArgumentException(
            "stylesheet must be a path on the page's own origin such as /static/tokens.css, not '"
                + href
                + "'");
      }
      stylesheets.add(href);
      return this;
    }

    /**
     * Replaces some of the page's words. Keys are those of the default English file {@code
     * dev/tokenry/servlet/page/messages.properties} in this jar (docs/admin-page.md lists them);
     * keys not given keep their English text. Values are plain text: the page never reads them as
     * HTML.
     *
     * @param replacements message key to text
     * @return this builder
     * @throws IllegalArgumentException if a key is not one of the page's messages
     */
    public Builder messages(Map<String, String> replacements) {
      requireNonNull(replacements, "replacements must not be null");
      Map<String, String> defaults = AdminPage.defaultMessages();
      replacements.forEach(
          (key, value) -> {
            requireNonNull(key, "a message key must not be null");
            requireNonNull(value, "the message " + key + " must not be null");
            if (!defaults.containsKey(key)) {
              throw new IllegalArgumentException(
                  "'" + key + "' is not a message of the token page; see docs/admin-page.md");
            }
          });
      messages.putAll(replacements);
      return this;
    }

    /**
     * Builds the servlet.
     *
     * @return the servlet, ready to be registered
     */
    public TokenAdminServlet build() {
      return new TokenAdminServlet(this);
    }
  }

  /**
   * Routes every method itself (including {@code PATCH}) and maps Tokenry's exceptions to HTTP.
   *
   * @param request the request
   * @param response the response
   * @throws IOException if the client connection fails
   */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo();
    if (servePage(path, request, response)) {
      return;
    }
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    try {
      Actor actor = actors.resolve(request).orElse(null);
      if (actor == null) {
        throw new Answer(401, "Unauthenticated.");
      }
      if ("/context".equals(path)) {
        if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
          throw notAllowed("GET");
        }
        write(response, 200, PageContext.of(tokenry, actor));
        return;
      }
      route(actor.from(origin(request)), request, response);
    } catch (Answer e) {
      e.headers.forEach(response::setHeader);
      write(response, e.status, AdminJson.error(e.getMessage(), e.errors));
    } catch (InvalidTokenRequestException e) {
      // A cursor is opaque: the client never wrote it, so a bad one is a bad request (400), not
      // data to correct (422).
      int status = e.errors().keySet().equals(Set.of("cursor")) ? 400 : 422;
      write(response, status, AdminJson.error(INVALID, e.errors()));
    } catch (TokenAccessDeniedException e) {
      write(response, 403, AdminJson.error(e.getMessage(), e.errors()));
    } catch (TokenNotFoundException e) {
      Map<String, List<String>> errors =
          e.tokenIds().size() > 1 || isBulk(request) ? Map.of("ids", e.tokenIds()) : Map.of();
      write(response, 404, AdminJson.error("Token not found.", errors));
    } catch (DuplicateTokenNameException e) {
      write(
          response,
          409,
          AdminJson.error(
              e.getMessage(), Map.of("name", List.of("a token with this name already exists"))));
    } catch (StaleTokenEditException e) {
      write(response, 412, AdminJson.error(STALE, Map.of()));
    } catch (TokenConflictException e) {
      write(
          response, 409, AdminJson.error("The token was changed meanwhile; try again.", Map.of()));
    } catch (TokenStoreUnavailableException e) {
      LOG.warn("Token store unavailable; answering 503: {}", e.getMessage());
      response.setHeader("Retry-After", ErrorAnswers.RETRY_AFTER_SECONDS);
      write(response, 503, AdminJson.error("Service Unavailable.", Map.of()));
    } catch (RuntimeException e) {
      LOG.error("Admin API request failed: {} {}", request.getMethod(), request.getRequestURI(), e);
      write(response, 500, AdminJson.error("Server Error.", Map.of()));
    }
  }

  /**
   * The page at the mount root and its assets under {@code assets/}; the mount itself (no slash)
   * redirects to the page, so that the page's relative URLs resolve beneath the mount.
   *
   * @return whether the request was answered here
   */
  private boolean servePage(String path, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    boolean read = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
    if (path == null) {
      if (!read) {
        return false;
      }
      String query = request.getQueryString();
      response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
      response.setHeader(
          "Location", request.getRequestURI() + "/" + (query == null ? "" : "?" + query));
      response.setHeader("Cache-Control", "no-store");
      return true;
    }
    if (path.equals("/")) {
      if (!read) {
        response.setHeader("Allow", "GET, HEAD");
        response.setHeader("Cache-Control", "no-store");
        write(response, 405, AdminJson.error("Method Not Allowed.", Map.of()));
        return true;
      }
      page.servePage(request, response);
      return true;
    }
    if (path.startsWith("/assets/")) {
      response.setHeader("X-Content-Type-Options", "nosniff");
      if (!read) {
        response.setHeader("Allow", "GET, HEAD");
        response.setHeader("Cache-Control", "no-store");
        write(response, 405, AdminJson.error("Method Not Allowed.", Map.of()));
      } else if (!page.serveAsset(path.substring("/assets/".length()), request, response)) {
        response.setHeader("Cache-Control", "no-store");
        write(response, 404, AdminJson.error("Not found.", Map.of()));
      }
      return true;
    }
    return false;
  }

  private static boolean isBulk(HttpServletRequest request) {
    return "/tokens/delete".equals(request.getPathInfo());
  }

  private void route(Actor actor, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo() == null ? "" : request.getPathInfo();
    String[] parts = path.startsWith("/") ? path.substring(1).split("/", -1) : new String[0];
    String method = request.getMethod();
    if (parts.length == 1 && parts[0].equals("audit")) {
      if (!method.equals("GET")) {
        throw notAllowed("GET");
      }
      write(response, 200, AdminJson.auditPage(tokenry.audit(actor, auditFilter(request))));
      return;
    }
    if (parts.length == 0
        || !parts[0].equals("tokens")
        || parts.length > 3
        || (parts.length > 1 && parts[1].isEmpty())) {
      throw new Answer(404, "Not found.");
    }
    if (parts.length == 1) {
      if (method.equals("GET")) {
        write(
            response,
            200,
            AdminJson.page(tokenry.list(actor, listFilter(request)), projectNames(actor)));
      } else if (method.equals("POST")) {
        IssuedToken issued = tokenry.issue(actor, createRequest(body(request, true)));
        etag(response, issued.token());
        write(
            response,
            201,
            AdminJson.issued(issued.token(), issued.plaintext(), projectNames(actor)));
      } else {
        throw notAllowed("GET, POST");
      }
      return;
    }
    String id = parts[1];
    if (parts.length == 3) {
      if (!parts[2].equals("regenerate")) {
        throw new Answer(404, "Not found.");
      }
      if (!method.equals("POST")) {
        throw notAllowed("POST");
      }
      ObjectNode body = body(request, false);
      Duration grace = Duration.ZERO;
      if (body != null) {
        requireKnown(body, REGENERATE_FIELDS, "", new LinkedHashMap<>(), true);
        grace = gracePeriod(body);
      }
      IssuedToken issued = tokenry.regenerate(actor, id, grace);
      etag(response, issued.token());
      write(
          response, 200, AdminJson.issued(issued.token(), issued.plaintext(), projectNames(actor)));
      return;
    }
    if (id.equals("delete")) {
      if (!method.equals("POST")) {
        throw notAllowed("POST");
      }
      int deleted = tokenry.revokeAll(actor, bulkIds(body(request, true)));
      ObjectNode answer = AdminJson.MAPPER.createObjectNode();
      answer.put("deleted", deleted);
      write(response, 200, answer);
      return;
    }
    if (id.equals("expiry-preview")) {
      if (!method.equals("GET")) {
        throw notAllowed("GET");
      }
      ExpiryPreset preset = preset(request.getParameter("expiresIn"));
      ObjectNode answer = AdminJson.MAPPER.createObjectNode();
      answer.put("expiresAt", AdminJson.instant(tokenry.previewExpiry(actor, preset)));
      write(response, 200, answer);
      return;
    }
    if (id.equals("expiry-policy")) {
      if (!method.equals("GET")) {
        throw notAllowed("GET");
      }
      write(response, 200, expiryPolicy(actor));
      return;
    }
    switch (method) {
      case "GET" -> writeToken(response, actor, tokenry.get(actor, id));
      case "PATCH" -> writeToken(response, actor, patch(actor, id, request));
      case "DELETE" -> {
        tokenry.revoke(actor, id);
        response.setStatus(204);
      }
      default -> throw notAllowed("GET, PATCH, DELETE");
    }
  }

  /** What a token page may offer: the policy's presets, limits and the longest grace period. */
  private ObjectNode expiryPolicy(Actor actor) {
    TokenPolicy policy = tokenry.policy(actor);
    ObjectNode answer = AdminJson.MAPPER.createObjectNode();
    var presets = answer.putArray("presets");
    policy.presets().forEach(p -> presets.add(p.wireName()));
    answer.put("neverExpires", policy.neverExpires());
    answer.put("maxLifetime", policy.maxLifetime().map(Duration::toString).orElse(null));
    answer.put("latestExpiresAt", AdminJson.instant(tokenry.latestExpiry(actor)));
    answer.put("maxGracePeriod", tokenry.maxGracePeriod().toString());
    return answer;
  }

  /** Reads {@code gracePeriod}: {@code 30m}, {@code 1h}, {@code 7d}, or ISO-8601 ({@code PT1H}). */
  private static Duration gracePeriod(ObjectNode body) {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    Optional<String> text = text(body, "gracePeriod", errors);
    throwIfAny(errors);
    if (text.isEmpty()) {
      return Duration.ZERO;
    }
    String value = text.get();
    Matcher shortForm = SHORT_DURATION.matcher(value);
    if (shortForm.matches()) {
      long amount = Long.parseLong(shortForm.group(1));
      return switch (shortForm.group(2)) {
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    if (value.length() <= 32 && (value.startsWith("P") || value.startsWith("p"))) {
      try {
        return Duration.parse(value);
      } catch (DateTimeParseException e) {
        // Reported below, like any other unreadable value.
      }
    }
    throw invalid(
        "gracePeriod",
        "gracePeriod must be a duration such as 30m, 1h or 7d (or ISO-8601 such as PT1H)");
  }

  /** Reads {@code expiresIn} or {@code expiresAt} (not both) into an expiration. */
  private static Optional<Expiration> expiration(
      ObjectNode body, Map<String, List<String>> errors) {
    Optional<String> preset = text(body, "expiresIn", errors);
    Optional<String> at = text(body, "expiresAt", errors);
    if (preset.isPresent() && at.isPresent()) {
      errors.put("expiresAt", List.of("give expiresIn or expiresAt, not both"));
      return Optional.empty();
    }
    if (preset.isPresent()) {
      try {
        return Optional.of(Expiration.in(ExpiryPreset.fromWireName(preset.get())));
      } catch (IllegalArgumentException e) {
        errors.put("expiresIn", List.of(e.getMessage()));
        return Optional.empty();
      }
    }
    if (at.isPresent()) {
      try {
        return Optional.of(Expiration.at(Instant.parse(at.get())));
      } catch (DateTimeParseException e) {
        errors.put(
            "expiresAt",
            List.of("expiresAt must be an ISO-8601 instant such as 2027-01-31T00:00:00Z"));
      } catch (InvalidTokenRequestException e) {
        errors.putAll(e.errors());
      }
    }
    return Optional.empty();
  }

  private ApiToken patch(Actor actor, String id, HttpServletRequest request) throws IOException {
    IfMatch ifMatch = IfMatch.parse(request.getHeaders("If-Match"));
    TokenUpdate update = update(body(request, true));
    if (ifMatch == null || ifMatch.any()) {
      // No condition, or "*", which any existing token matches (a missing one is still 404).
      return tokenry.update(actor, id, update);
    }
    if (ifMatch.versions().size() == 1) {
      return tokenry.update(actor, id, update, ifMatch.versions().iterator().next());
    }
    // Load first in the other cases, so that a token the actor cannot see is still 404, not 412.
    long current = tokenry.get(actor, id).version();
    if (ifMatch.versions().isEmpty()) {
      throw new Answer(
          412,
          STALE,
          Map.of(
              "If-Match",
              List.of(
                  "give the ETag the token was loaded with, such as \"3\", or *;"
                      + " weak or malformed tags never match")));
    }
    if (!ifMatch.versions().contains(current)) {
      throw new Answer(412, STALE);
    }
    return tokenry.update(actor, id, update, current);
  }

  private void writeToken(HttpServletResponse response, Actor actor, ApiToken token)
      throws IOException {
    etag(response, token);
    write(response, 200, AdminJson.token(token, projectNames(actor)));
  }

  /** The actor's organization's project names by id, for the Scope column. */
  private Map<String, String> projectNames(Actor actor) {
    Map<String, String> names = new HashMap<>();
    tokenry.projects(actor).forEach(project -> names.put(project.id(), project.name()));
    return names;
  }

  private static void etag(HttpServletResponse response, ApiToken token) {
    response.setHeader("ETag", IfMatch.etag(token.version()));
  }

  // ---------------------------------------------------------------------------------------------
  // Reading requests
  // ---------------------------------------------------------------------------------------------

  private static TokenFilter listFilter(HttpServletRequest request) {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    TokenFilter.Builder filter = TokenFilter.builder();
    String kind = request.getParameter("kind");
    if (kind != null && !kind.isEmpty()) {
      parse(errors, "kind", () -> filter.kind(TokenKind.fromWireName(kind)));
    }
    String name = request.getParameter("name");
    if (name != null) {
      filter.nameContains(name);
    }
    String projectId = request.getParameter("projectId");
    if (projectId != null && !projectId.isEmpty()) {
      filter.projectId(projectId);
    }
    String limit = request.getParameter("limit");
    if (limit != null && !limit.isEmpty()) {
      try {
        filter.limit(Integer.parseInt(limit));
      } catch (NumberFormatException e) {
        errors.put(
            "limit",
            List.of("limit must be a whole number between 1 and " + TokenFilter.MAX_LIMIT));
      } catch (InvalidTokenRequestException e) {
        errors.putAll(e.errors());
      }
    }
    String cursor = request.getParameter("cursor");
    if (cursor != null && !cursor.isEmpty()) {
      filter.cursor(cursor);
    }
    throwIfAny(errors);
    return filter.build();
  }

  /** Where the request came from: the filter's client address if it ran, and the user agent. */
  private static AuditOrigin origin(HttpServletRequest request) {
    Object address = request.getAttribute(TokenAuthenticationFilter.CLIENT_ADDRESS_ATTRIBUTE);
    return AuditOrigin.of(
        address instanceof String a ? a : request.getRemoteAddr(), request.getHeader("User-Agent"));
  }

  private static AuditFilter auditFilter(HttpServletRequest request) {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    AuditFilter.Builder filter = AuditFilter.builder();
    parameter(request, "tokenId").ifPresent(filter::tokenId);
    parameter(request, "actor").ifPresent(filter::actorUserId);
    parameter(request, "action")
        .ifPresent(
            action ->
                parse(errors, "action", () -> filter.action(AuditAction.fromWireName(action))));
    parameter(request, "from")
        .ifPresent(from -> instantParameter(errors, "from", from, filter::from));
    parameter(request, "until")
        .ifPresent(until -> instantParameter(errors, "until", until, filter::until));
    parameter(request, "limit")
        .ifPresent(
            limit -> {
              try {
                filter.limit(Integer.parseInt(limit));
              } catch (NumberFormatException e) {
                errors.put(
                    "limit",
                    List.of("limit must be a whole number between 1 and " + AuditFilter.MAX_LIMIT));
              } catch (InvalidTokenRequestException e) {
                errors.putAll(e.errors());
              }
            });
    parameter(request, "cursor").ifPresent(filter::cursor);
    throwIfAny(errors);
    return filter.build();
  }

  private static Optional<String> parameter(HttpServletRequest request, String name) {
    return Optional.ofNullable(request.getParameter(name)).filter(value -> !value.isEmpty());
  }

  private static void instantParameter(
      Map<String, List<String>> errors,
      String field,
      String value,
      java.util.function.Consumer<Instant> set) {
    try {
      set.accept(Instant.parse(value));
    } catch (java.time.format.DateTimeParseException e) {
      errors.put(field, List.of(field + " must be an instant such as 2026-03-01T10:00:00Z"));
    }
  }

  private static ExpiryPreset preset(String value) {
    if (value == null || value.isEmpty()) {
      throw invalid("expiresIn", "expiresIn is required: one of 1d, 7d, 30d, 60d, 90d, never");
    }
    try {
      return ExpiryPreset.fromWireName(value);
    } catch (IllegalArgumentException e) {
      throw invalid("expiresIn", e.getMessage());
    }
  }

  private static TokenRequest createRequest(ObjectNode body) {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    requireKnown(body, CREATE_FIELDS, "", errors, false);
    TokenRequest.Builder request = TokenRequest.builder();
    text(body, "name", errors).ifPresent(request::name);
    text(body, "description", errors).ifPresent(request::description);
    text(body, "kind", errors)
        .ifPresent(kind -> parse(errors, "kind", () -> request.kind(TokenKind.fromWireName(kind))));
    JsonNode scope = body.get("scope");
    if (scope != null && !scope.isNull()) {
      if (!(scope instanceof ObjectNode scopeObject)) {
        errors.put("scope", List.of("scope must be an object with type and projectId"));
      } else {
        requireKnown(scopeObject, SCOPE_FIELDS, "scope.", errors, false);
        Optional<String> type = text(scopeObject, "type", "scope.type", errors);
        Optional<String> project = text(scopeObject, "projectId", "scope.projectId", errors);
        if (type.isEmpty() || type.get().equals("organization")) {
          project.ifPresent(
              p ->
                  errors.put(
                      "scope.projectId",
                      List.of("projectId is only given with scope type project")));
        } else if (type.get().equals("project")) {
          project.ifPresentOrElse(
              request::project,
              () ->
                  errors.put(
                      "scope.projectId", List.of("projectId is required for scope type project")));
        } else {
          errors.put("scope.type", List.of("scope type must be 'organization' or 'project'"));
        }
      }
    }
    expiration(body, errors).ifPresent(request::expiration);
    text(body, "type", errors)
        .ifPresent(type -> parse(errors, "type", () -> request.type(TokenType.fromWireName(type))));
    permissions(body, errors).ifPresent(request::permissions);
    throwIfAny(errors);
    return request.build();
  }

  private static TokenUpdate update(ObjectNode body) {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    requireKnown(body, PATCH_FIELDS, "", errors, false);
    TokenUpdate.Builder update = TokenUpdate.builder();
    text(body, "name", errors).ifPresent(update::name);
    if (body.has("description") && body.get("description").isNull()) {
      update.description("");
    }
    text(body, "description", errors).ifPresent(update::description);
    text(body, "type", errors)
        .ifPresent(type -> parse(errors, "type", () -> update.type(TokenType.fromWireName(type))));
    permissions(body, errors).ifPresent(update::permissions);
    expiration(body, errors).ifPresent(update::expiration);
    throwIfAny(errors);
    return update.build();
  }

  private static List<String> bulkIds(ObjectNode body) {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    requireKnown(body, BULK_FIELDS, "", errors, false);
    List<String> ids = strings(body, "ids", errors).orElse(null);
    if (ids == null && !errors.containsKey("ids")) {
      errors.put("ids", List.of("ids is required: a list of token ids"));
    }
    throwIfAny(errors);
    return ids;
  }

  private static Optional<List<String>> permissions(
      ObjectNode body, Map<String, List<String>> errors) {
    return strings(body, "permissions", errors);
  }

  private static Optional<List<String>> strings(
      ObjectNode body, String field, Map<String, List<String>> errors) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isArray()) {
      errors.put(field, List.of(field + " must be a list of strings"));
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    for (JsonNode element : node) {
      if (!element.isTextual()) {
        errors.put(field, List.of(field + " must be a list of strings"));
        return Optional.empty();
      }
      values.add(element.textValue());
    }
    return Optional.of(values);
  }

  private static Optional<String> text(
      ObjectNode body, String field, Map<String, List<String>> errors) {
    return text(body, field, field, errors);
  }

  private static Optional<String> text(
      ObjectNode body, String field, String errorKey, Map<String, List<String>> errors) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      errors.put(errorKey, List.of(errorKey + " must be a string"));
      return Optional.empty();
    }
    return Optional.of(node.textValue());
  }

  private static void parse(Map<String, List<String>> errors, String field, Runnable action) {
    try {
      action.run();
    } catch (IllegalArgumentException e) {
      errors.put(field, List.of(e.getMessage()));
    }
  }

  private static void requireKnown(
      ObjectNode body,
      Set<String> known,
      String prefix,
      Map<String, List<String>> errors,
      boolean throwNow) {
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        String field = prefix + abbreviate(name);
        errors.put(field, List.of(field + " is not a known field"));
      }
    }
    if (throwNow) {
      throwIfAny(errors);
    }
  }

  private static String abbreviate(String name) {
    return name.length() > 64 ? name.substring(0, 64) + "…" : name;
  }

  private static void throwIfAny(Map<String, List<String>> errors) {
    if (!errors.isEmpty()) {
      throw new InvalidTokenRequestException(errors);
    }
  }

  private static InvalidTokenRequestException invalid(String field, String message) {
    return new InvalidTokenRequestException(field, message);
  }

  /**
   * Reads a JSON object body of at most {@link #MAX_BODY_BYTES}.
   *
   * @param required whether an empty body is an error
   * @return the object, or null when the body is empty and not required
   */
  private static ObjectNode body(HttpServletRequest request, boolean required) throws IOException {
    String contentType = request.getContentType();
    String mime =
        contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!mime.equals("application/json")) {
      throw new Answer(
          415,
          "Unsupported Media Type.",
          Map.of("Content-Type", List.of("send Content-Type: application/json")));
    }
    long declared = request.getContentLengthLong();
    if (declared > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    byte[] bytes;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    if (bytes.length == 0 || isBlank(bytes)) {
      if (required) {
        throw new Answer(400, "The request body must be a JSON object.");
      }
      return null;
    }
    JsonNode node = AdminJson.parse(bytes);
    if (!(node instanceof ObjectNode object)) {
      throw new Answer(400, "The request body must be a JSON object.");
    }
    return object;
  }

  private static boolean isBlank(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  private static Answer tooLarge() {
    return new Answer(
        413,
        "Payload Too Large.",
        Map.of("body", List.of("the body must be at most " + MAX_BODY_BYTES + " bytes")));
  }

  private static Answer notAllowed(String allow) {
    Answer answer = new Answer(405, "Method Not Allowed.");
    answer.headers.put("Allow", allow);
    return answer;
  }

  private static void write(HttpServletResponse response, int status, JsonNode body)
      throws IOException {
    byte[] bytes = AdminJson.bytes(body);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }

  /** An answer decided by this layer (not by Tokenry's rules). */
  private static final class Answer extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient Map<String, List<String>> errors;
    private final transient Map<String, String> headers = new LinkedHashMap<>();

    Answer(int status, String message) {
      this(status, message, Map.of());
    }

    Answer(int status, String message, Map<String, List<String>> errors) {
      super(message, null, false, false);
      this.status = status;
      this.errors = errors;
    }
  }
}
