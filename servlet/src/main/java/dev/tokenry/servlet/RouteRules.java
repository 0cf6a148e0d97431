package dev.tokenry.servlet;

import static java.util.Objects.requireNonNull;

import dev.tokenry.PermissionSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What each route of the host's API needs, for {@link TokenAuthenticationFilter}. A rule is an HTTP
 * method ({@code "*"} for any; a {@code GET} rule also covers {@code HEAD}), a path pattern, and
 * either a required permission, "any valid token", or "open". Rules are tried in the order they
 * were declared; the first match decides. Immutable and thread-safe.
 *
 * <pre>{@code
 * RouteRules rules = RouteRules.builder()
 *     .realm("acme-api")
 *     .require("GET", "/api/projects/{projectId}/contracts", "contracts:read")
 *     .require("POST", "/api/projects/{projectId}/contracts", "contracts:write")
 *     .authenticated("GET", "/api/v1/me")
 *     .permit("GET", "/api/health")
 *     .undeclared(UndeclaredRoutes.DENY)
 *     .build();
 * }</pre>
 *
 * <p>Patterns are matched against the request path below the context path, after normalisation
 * (matrix parameters stripped, percent-escapes decoded once, {@code //}, {@code .} and {@code ..}
 * resolved). A pattern is {@code /}-separated segments: a literal (matched case-sensitively), a
 * variable {@code {name}} matching exactly one segment, or a final {@code **} matching any rest,
 * including none. Two variables are checked against the token: {@code {projectId}} must lie in a
 * project-scoped token's project and {@code {organizationId}} must be the token's organization,
 * else the answer is 403.
 */
public final class RouteRules {

  /** The path variable checked against a project-scoped token's project. */
  public static final String PROJECT_VARIABLE = "projectId";

  /** The path variable checked against the token's organization. */
  public static final String ORGANIZATION_VARIABLE = "organizationId";

  private static final Pattern METHOD = Pattern.compile("\\*|[A-Z]{1,20}");
  private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]{0,63})}");
  private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9\\-._~!$&'()+,=:@]+");
  private static final Pattern REALM = Pattern.compile("[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]{1,100}");

  private final String realm;
  private final List<Rule> rules;
  private final UndeclaredRoutes undeclared;

  private RouteRules(Builder builder) {
    this.realm = builder.realm;
    this.rules = List.copyOf(builder.rules);
    this.undeclared = builder.undeclared;
  }

  /**
   * Starts a set of rules; the default realm is {@code tokenry} and undeclared routes need any
   * valid token.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the realm named in {@code WWW-Authenticate} answers.
   *
   * @return the realm
   */
  public String realm() {
    return realm;
  }

  /**
   * Returns what happens to requests no rule matches.
   *
   * @return the policy
   */
  public UndeclaredRoutes undeclared() {
    return undeclared;
  }

  /**
   * Finds the first rule matching a request.
   *
   * @param method the HTTP method
   * @param segments the normalised path segments
   * @return the match, or null when no rule matches
   */
  Match match(String method, List<String> segments) {
    for (Rule rule : rules) {
      // HEAD runs the GET handler in every servlet, so a GET rule guards it too.
      if (rule.method.equals("*")
          || rule.method.equals(method)
          || (rule.method.equals("GET") && "HEAD".equals(method))) {
        Map<String, String> variables = rule.match(segments);
        if (variables != null) {
          return new Match(rule.access, rule.permission, variables);
        }
      }
    }
    return null;
  }

  /**
   * Returns the path variables that every rule whose pattern matches the path binds, whatever its
   * method: a path that names a project names it for every method, declared or not.
   *
   * @param segments the normalised path segments
   * @return one map per matching rule, in rule order; empty when no pattern matches
   */
  List<Map<String, String>> variablesOnAnyMethod(List<String> segments) {
    List<Map<String, String>> bound = new ArrayList<>();
    for (Rule rule : rules) {
      Map<String, String> variables = rule.match(segments);
      if (variables != null && !variables.isEmpty()) {
        bound.add(variables);
      }
    }
    return bound;
  }

  @Override
  public String toString() {
    return "RouteRules[realm=" + realm + ", rules=" + rules + ", undeclared=" + undeclared + "]";
  }

  /** What a rule lets through. */
  enum Access {
    PERMIT,
    AUTHENTICATED,
    PERMISSION
  }

  /** The outcome of matching a request: what it needs and the path variables it bound. */
  record Match(Access access, String permission, Map<String, String> variables) {}

  private static final class Rule {
    private final String method;
    private final String pattern;
    private final List<String> segments;
    private final boolean rest;
    private final Access access;
    private final String permission;

    Rule(String method, String pattern, Access access, String permission) {
      this.method = method;
      this.pattern = pattern;
      this.access = access;
      this.permission = permission;
      List<String> parts = new ArrayList<>();
      String body = pattern.equals("/") ? "" : pattern.substring(1);
      String[] split = body.isEmpty() ? new String[0] : body.split("/", -1);
      boolean sawRest = false;
      List<String> names = new ArrayList<>();
      for (int i = 0; i < split.length; i++) {
        String part = split[i];
        if (part.equals("**")) {
          if (i != split.length - 1) {
            throw new IllegalArgumentException("'**' may only end a pattern, in '" + pattern + "'");
          }
          sawRest = true;
        } else if (VARIABLE.matcher(part).matches()) {
          if (names.contains(part)) {
            throw new IllegalArgumentException(
                "variable " + part + " appears twice in '" + pattern + "'");
          }
          names.add(part);
          parts.add(part);
        } else if (LITERAL.matcher(part).matches() && !part.equals(".") && !part.equals("..")) {
          parts.add(part);
        } else {
          throw new IllegalArgumentException(
              "pattern segment '"
                  + part
                  + "' is not a literal, a"
                  + " {variable} or a final '**', in '"
                  + pattern
                  + "'");
        }
      }
      this.segments = List.copyOf(parts);
      this.rest = sawRest;
    }

    Map<String, String> match(List<String> path) {
      if (rest ? path.size() < segments.size() : path.size() != segments.size()) {
        return null;
      }
      Map<String, String> variables = null;
      for (int i = 0; i < segments.size(); i++) {
        String part = segments.get(i);
        if (part.charAt(0) == '{') {
          if (variables == null) {
            variables = new LinkedHashMap<>();
          }
          variables.put(part.substring(1, part.length() - 1), path.get(i));
        } else if (!part.equals(path.get(i))) {
          return null;
        }
      }
      return variables == null ? Map.of() : Collections.unmodifiableMap(variables);
    }

    @Override
    public String toString() {
      return method
          + " "
          + pattern
          + " -> "
          + (access == Access.PERMISSION ? permission : access.name().toLowerCase(Locale.ROOT));
    }
  }

  /** Collects rules. Each argument is checked as it is given. Not thread-safe. */
  public static final class Builder {

    private String realm = "tokenry";
    private final List<Rule> rules = new ArrayList<>();
    private UndeclaredRoutes undeclared = UndeclaredRoutes.AUTHENTICATED;

    private Builder() {}

    /**
     * Sets the realm named in {@code WWW-Authenticate}: 1 to 100 printable ASCII characters, no
     * {@code "} or {@code \}.
     *
     * @param realm the realm
     * @return this builder
     * @throws IllegalArgumentException if it holds other characters
     */
    public Builder realm(String realm) {
      requireNonNull(realm, "realm must not be null");
      if (!REALM.matcher(realm).matches()) {
        throw new IllegalArgumentException(
            "realm must be 1 to 100 printable ASCII characters" + " without '\"' or '\\'");
      }
      this.realm = realm;
      return this;
    }

    /**
     * Requires a permission on a route.
     *
     * @param method an HTTP method in upper case, or {@code "*"} for any
     * @param pattern a path pattern such as {@code /api/projects/{projectId}/contracts}
     * @param permission a concrete permission such as {@code contracts:read}
     * @return this builder
     * @throws IllegalArgumentException if the method, pattern or permission is malformed
     */
    public Builder require(String method, String pattern, String permission) {
      requireNonNull(permission, "permission must not be null");
      if (!PermissionSet.isWellFormed(permission) || permission.contains("*")) {
        throw new IllegalArgumentException(
            "permission must be a concrete resource:action such as"
                + " contracts:read, was '"
                + permission
                + "'");
      }
      return add(method, pattern, Access.PERMISSION, permission);
    }

    /**
     * Lets any valid token through on a route (path variables are still checked).
     *
     * @param method an HTTP method in upper case, or {@code "*"} for any
     * @param pattern a path pattern
     * @return this builder
     * @throws IllegalArgumentException if the method or pattern is malformed
     */
    public Builder authenticated(String method, String pattern) {
      return add(method, pattern, Access.AUTHENTICATED, null);
    }

    /**
     * Lets every request through on a route without reading any credential, for endpoints such as a
     * health check.
     *
     * @param method an HTTP method in upper case, or {@code "*"} for any
     * @param pattern a path pattern
     * @return this builder
     * @throws IllegalArgumentException if the method or pattern is malformed
     */
    public Builder permit(String method, String pattern) {
      return add(method, pattern, Access.PERMIT, null);
    }

    /**
     * Sets what happens to requests no rule matches; default {@link
     * UndeclaredRoutes#AUTHENTICATED}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder undeclared(UndeclaredRoutes policy) {
      this.undeclared = requireNonNull(policy, "policy must not be null");
      return this;
    }

    private Builder add(String method, String pattern, Access access, String permission) {
      requireNonNull(method, "method must not be null");
      requireNonNull(pattern, "pattern must not be null");
      if (!METHOD.matcher(method).matches()) {
        throw new IllegalArgumentException(
            "method must be an upper-case HTTP method or '*', was '" + method + "'");
      }
      if (!pattern.startsWith("/")
          || pattern.contains("//")
          || (pattern.length() > 1 && pattern.endsWith("/"))) {
        throw new IllegalArgumentException(
            "pattern must start with '/' and have no empty" + " segments, was '" + pattern + "'");
      }
      rules.add(new Rule(method, pattern, access, permission));
      return this;
    }

    /**
     * Returns the rules.
     *
     * @return an immutable rule set
     */
    public RouteRules build() {
      return new RouteRules(this);
    }
  }
}
