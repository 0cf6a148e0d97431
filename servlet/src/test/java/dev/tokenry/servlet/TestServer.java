package dev.tokenry.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenry.Actor;
import dev.tokenry.PermissionSet;
import dev.tokenry.Role;
import dev.tokenry.TokenFilter;
import dev.tokenry.TokenKind;
import dev.tokenry.TokenPrincipal;
import dev.tokenry.Tokenry;
import dev.tokenry.spi.AuditLog;
import dev.tokenry.spi.Project;
import dev.tokenry.spi.TokenEventListener;
import dev.tokenry.testing.MutableClock;
import dev.tokenry.testing.ObservedStore;
import dev.tokenry.testing.SimpleAuditLog;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Jetty 12 (ee10) server on 127.0.0.1 with the filter in front of everything ({@code /*}, as
 * docs/servlet.md recommends; the rules must permit {@code /admin/**}), a probe servlet at {@code
 * /api/*} that reports what the host would see, and the admin servlet at {@code /admin/api/*}. Two
 * connectors: one with Jetty's default (strict) URI compliance, one that lets ambiguous paths
 * through so the filter's own normalisation is what gets tested.
 */
final class TestServer implements AutoCloseable {

  static final String ACTOR_HEADER = "X-Test-Actor";
  static final ObjectMapper JSON = new ObjectMapper();

  /** user -> (organization, role, permissions). */
  static final Map<String, Object[]> USERS =
      Map.of(
          "alice", new Object[] {"acme", Role.OWNER, PermissionSet.ALL},
          "adam", new Object[] {"acme", Role.ADMIN, PermissionSet.ALL},
          "ada", new Object[] {"acme", Role.ADMIN, PermissionSet.of("contracts:*")},
          "mia",
              new Object[] {
                "acme", Role.MEMBER, PermissionSet.of("contracts:read", "projects:read")
              },
          "gina", new Object[] {"globex", Role.OWNER, PermissionSet.ALL});

  final MutableClock clock = MutableClock.startingNow();
  final ObservedStore store;
  final AuditLog audit;

  /** Makes the host's permission directory throw something other than "unavailable". */
  volatile boolean directoryBroken;

  final Tokenry tokenry;
  private final Server server;
  private final ServerConnector strict;
  private final ServerConnector lenient;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  TestServer(RouteRules rules) throws Exception {
    this(rules, "/");
  }

  TestServer(RouteRules rules, String contextPath) throws Exception {
    this(rules, contextPath, new ObservedStore());
  }

  /** A server whose tokens live in the given store (H2 or PostgreSQL for the hostile tests). */
  TestServer(RouteRules rules, String contextPath, ObservedStore store) throws Exception {
    this(rules, contextPath, store, builder -> builder, filter -> filter);
  }

  /**
   * A server whose Tokenry and filter are configured further, for the lifecycle tests.
   *
   * @param extra more Tokenry settings (policies, maximum idle time)
   * @param filterSettings more filter settings (expiry header, client address)
   */
  TestServer(
      RouteRules rules,
      String contextPath,
      ObservedStore store,
      UnaryOperator<Tokenry.Builder> extra,
      UnaryOperator<TokenAuthenticationFilter.Builder> filterSettings)
      throws Exception {
    this(
        rules,
        contextPath,
        store,
        new SimpleAuditLog(),
        null,
        extra,
        filterSettings,
        (tokenry, context) -> {});
  }

  /**
   * A server with a listener of its own (null: the default logging one), the filter configured by
   * {@code filter}, and more servlets mounted by {@code extra}.
   */
  TestServer(
      RouteRules rules,
      String contextPath,
      ObservedStore store,
      TokenEventListener listener,
      UnaryOperator<TokenAuthenticationFilter.Builder> filter,
      BiConsumer<Tokenry, ServletContextHandler> extra)
      throws Exception {
    this(rules, contextPath, store, new SimpleAuditLog(), listener, filter, extra);
  }

  /** As above, with the audit trail in the given log (a JdbcAuditLog for the JDBC tests). */
  TestServer(
      RouteRules rules,
      String contextPath,
      ObservedStore store,
      AuditLog audit,
      TokenEventListener listener,
      UnaryOperator<TokenAuthenticationFilter.Builder> filter,
      BiConsumer<Tokenry, ServletContextHandler> extra)
      throws Exception {
    this(rules, contextPath, store, audit, listener, builder -> builder, filter, extra);
  }

  /** Every setting: the audit log, a listener (null: the default), Tokenry and filter settings. */
  TestServer(
      RouteRules rules,
      String contextPath,
      ObservedStore store,
      AuditLog audit,
      TokenEventListener listener,
      UnaryOperator<Tokenry.Builder> settings,
      UnaryOperator<TokenAuthenticationFilter.Builder> filter,
      BiConsumer<Tokenry, ServletContextHandler> extra)
      throws Exception {
    this.store = store;
    this.audit = audit;
    Tokenry.Builder builder = Tokenry.builder();
    if (listener != null) {
      builder.eventListener(listener);
    }
    builder
        .store(store)
        .auditLog(audit)
        .clock(clock)
        .prefix("tkr")
        .knownPermissions(
            List.of("contracts:read", "contracts:write", "projects:read", "projects:write"))
        .projects(
            org ->
                org.equals("acme")
                    ? List.of(new Project("p-a", "Project A"), new Project("p-b", "Project B"))
                    : List.of(new Project("g-1", "Globex One")))
        .userPermissions(
            (org, user) -> {
              if (directoryBroken) {
                throw new IllegalStateException("test: the host's user directory is broken");
              }
              return Optional.ofNullable(USERS.get(user))
                  .filter(u -> u[0].equals(org))
                  .map(u -> (PermissionSet) u[2]);
            });
    tokenry = settings.apply(builder).build();
    server = new Server();
    strict = connector(UriCompliance.DEFAULT);
    lenient = connector(UriCompliance.UNSAFE);
    server.addConnector(strict);
    server.addConnector(lenient);
    ServletContextHandler context = new ServletContextHandler(contextPath);
    context.getServletHandler().setDecodeAmbiguousURIs(true);
    context.addFilter(
        new FilterHolder(filter.apply(TokenAuthenticationFilter.builder(tokenry, rules)).build()),
        "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new ProbeServlet()), "/api/*");
    ActorResolver actors =
        request ->
            Optional.ofNullable(request.getHeader(ACTOR_HEADER))
                .map(USERS::get)
                .map(u -> Actor.user(request.getHeader(ACTOR_HEADER), (String) u[0], (Role) u[1]));
    context.addServlet(new ServletHolder(new TokenAdminServlet(tokenry, actors)), "/admin/api/*");
    extra.accept(tokenry, context);
    server.setHandler(context);
    server.start();
  }

  private ServerConnector connector(UriCompliance compliance) {
    HttpConfiguration config = new HttpConfiguration();
    config.setUriCompliance(compliance);
    // Room for the 10 KB token case, so the filter (not Jetty's 431) answers it.
    config.setRequestHeaderSize(32 * 1024);
    config.setSendServerVersion(false);
    // Jetty's per-connection header cache matches values ignoring case by default, which hands
    // the filter an earlier token when a case variant of it follows on the same connection.
    config.setHeaderCacheCaseSensitive(true);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    return connector;
  }

  /** Counts the stored tokens of every test user and organization, through the public API. */
  int tokenCount() {
    int count = 0;
    for (String org : List.of("acme", "globex")) {
      count +=
          tokenry.list(Actor.system(org), TokenFilter.builder().limit(100).build()).tokens().size();
    }
    for (Map.Entry<String, Object[]> user : USERS.entrySet()) {
      count +=
          tokenry
              .list(
                  Actor.user(user.getKey(), (String) user.getValue()[0], (Role) user.getValue()[1]),
                  TokenFilter.builder().kind(TokenKind.PERSONAL).limit(100).build())
              .tokens()
              .size();
    }
    return count;
  }

  int port() {
    return strict.getLocalPort();
  }

  int lenientPort() {
    return lenient.getLocalPort();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  HttpResponse<String> get(String path, String authorization) throws Exception {
    return send("GET", path, authorization);
  }

  /** Sends a request with any method and no body. */
  HttpResponse<String> send(String method, String path, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends an admin API request as a test user (null for nobody). */
  HttpResponse<String> admin(String method, String path, String actor, String json)
      throws Exception {
    return admin(method, path, actor, json, new String[0]);
  }

  /** Sends an admin API request with extra headers given as name, value, name, value… */
  HttpResponse<String> admin(
      String method, String path, String actor, String json, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri("/admin/api" + path))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    if (json != null || method.equals("POST") || method.equals("PATCH")) {
      request.header("Content-Type", "application/json");
    }
    if (actor != null) {
      request.header(ACTOR_HEADER, actor);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  @Override
  public void close() throws Exception {
    tokenry.close();
    server.stop();
  }

  /** Stands for the host's API: reports what it sees of the authenticated request. */
  static final class ProbeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      ObjectNode body = JSON.createObjectNode();
      Object attribute = request.getAttribute(TokenAuthenticationFilter.PRINCIPAL_ATTRIBUTE);
      if (attribute instanceof TokenPrincipal principal) {
        body.put("tokenId", principal.tokenId());
        body.put("organizationId", principal.organizationId());
        body.put("sameAsUserPrincipal", request.getUserPrincipal() == principal);
      }
      body.put("authType", request.getAuthType());
      body.put(
          "clientAddress",
          (String) request.getAttribute(TokenAuthenticationFilter.CLIENT_ADDRESS_ATTRIBUTE));
      body.put("remoteUser", request.getRemoteUser());
      body.set(
          "pathVariables",
          JSON.valueToTree(
              request.getAttribute(TokenAuthenticationFilter.PATH_VARIABLES_ATTRIBUTE)));
      response.setContentType("application/json");
      response.getWriter().write(JSON.writeValueAsString(body));
    }
  }
}
