package dev.tokenry.examples;

import static java.util.Objects.requireNonNull;

import dev.tokenry.Tokenry;
import dev.tokenry.servlet.RouteRules;
import dev.tokenry.servlet.TokenAdminServlet;
import dev.tokenry.servlet.TokenAuthenticationFilter;
import dev.tokenry.servlet.UndeclaredRoutes;
import dev.tokenry.spi.TokenStore;
import dev.tokenry.store.jdbc.JdbcAuditLog;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example application: Tokenry over a JDBC store, the protected demo API behind {@link
 * TokenAuthenticationFilter}, the admin API ({@link TokenAdminServlet}) and the admin page, all in
 * one embedded Jetty. Start it with {@link #start(AppOptions)}; {@link #close()} stops Jetty,
 * flushes last-used times and closes the database.
 */
public final class ExampleServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExampleServer.class);

  private final Server server;
  private final Tokenry tokenry;
  private final DemoDatabase database;
  private final DemoDirectory directory;
  private boolean closed;

  private ExampleServer(
      Server server, Tokenry tokenry, DemoDatabase database, DemoDirectory directory) {
    this.server = server;
    this.tokenry = tokenry;
    this.database = database;
    this.directory = directory;
  }

  /**
   * Opens the database, builds Tokenry and starts Jetty.
   *
   * @param options the command line options
   * @return the running server
   * @throws Exception if the database or the HTTP port cannot be opened
   */
  public static ExampleServer start(AppOptions options) throws Exception {
    requireNonNull(options, "options must not be null");
    DemoDirectory directory = new DemoDirectory();
    DemoDatabase database = DemoDatabase.open(options);
    Tokenry tokenry = null;
    Server server = null;
    try {
      TokenStore store = database.store();
      JdbcAuditLog audit =
          JdbcAuditLog.builder()
              .dataSource(database.dataSource())
              .createTableIfMissing(true)
              .build();
      tokenry =
          Tokenry.builder()
              .prefix(options.prefix())
              .store(store)
              .auditLog(audit)
              .userPermissions(directory)
              .projects(directory::projectsOf)
              .knownPermissions(DemoDirectory.PERMISSIONS)
              .lastUsedFlushInterval(options.lastUsedFlush())
              .build();
      server = new Server();
      ServerConnector connector = new ServerConnector(server);
      // Tokens are case-sensitive; Jetty's header cache is not, by default (docs/servlet.md).
      connector
          .getConnectionFactory(HttpConnectionFactory.class)
          .getHttpConfiguration()
          .setHeaderCacheCaseSensitive(true);
      connector.setHost(options.host());
      connector.setPort(options.port());
      server.addConnector(connector);
      // Host check and TRACE refusal wrap everything (docs/examples.md, docs/servlet.md).
      server.setHandler(
          new DemoRequestGuard(
              options.host(), connector::getLocalPort, context(tokenry, directory, options)));
      server.setStopAtShutdown(false);
      server.start();
      return new ExampleServer(server, tokenry, database, directory);
    } catch (Exception | Error e) {
      if (server != null) {
        server.stop();
      }
      if (tokenry != null) {
        tokenry.close();
      }
      database.close();
      throw e;
    }
  }

  private static ServletContextHandler context(
      Tokenry tokenry, DemoDirectory directory, AppOptions options) throws IOException {
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    RouteRules rules =
        RouteRules.builder()
            .realm("tokenry-demo")
            // The filter runs on every request (mapped to /*, as docs/servlet.md advises); what is
            // not the token-protected API is opened here: the page and its admin API use the
            // (demo) session instead of a token, /demo/ is the demo's sign-in, and / only
            // redirects to the page.
            .permit("*", "/admin/**")
            .permit("*", "/demo/**")
            .permit("GET", "/")
            // Leak reports are signed by the scanner, the public revoke is for anyone who finds a
            // token: neither carries a bearer token (IncidentEndpoints).
            .permit("POST", IncidentEndpoints.GITHUB_PATH)
            .permit("POST", IncidentEndpoints.GITLAB_PATH)
            .permit("POST", IncidentEndpoints.PUBLIC_REVOKE_PATH)
            .authenticated("GET", "/api/v1/me")
            .require("GET", "/api/projects/{projectId}/contracts", "contracts:read")
            .require("POST", "/api/projects/{projectId}/contracts", "contracts:write")
            .undeclared(UndeclaredRoutes.AUTHENTICATED)
            .build();
    context.addFilter(
        new FilterHolder(
            TokenAuthenticationFilter.builder(tokenry, rules)
                .throttle(IncidentEndpoints.throttle(options.maxFailuresPerMinute()))
                .build()),
        "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new MeServlet()), "/api/v1/me");
    context.addServlet(
        new ServletHolder(new ContractsServlet(directory, Clock.systemUTC())), "/api/projects/*");
    // The admin API and the library's API Tokens page, in one registration: the page at
    // /admin/api/, its assets beneath it, the API at /admin/api/tokens…, themed by the demo.
    context.addServlet(
        new ServletHolder(
            TokenAdminServlet.builder(tokenry, new DemoActorResolver(directory))
                .stylesheet("/demo/theme.css")
                .build()),
        "/admin/api/*");
    IncidentEndpoints.mount(context, tokenry, options.secretScanningKeys());
    context.addServlet(new ServletHolder(new AdminRedirectServlet()), "/admin/*");
    context.addServlet(new ServletHolder(new DemoSignInServlet(directory)), "/demo/*");
    context.addServlet(new ServletHolder(new RootServlet()), "/");
    return context;
  }

  /**
   * Returns the port Jetty listens on (the real one when 0 was asked for).
   *
   * @return the port
   */
  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /**
   * Returns the base URI, such as {@code http://localhost:8080/}.
   *
   * @return the base URI
   */
  public URI baseUri() {
    return URI.create("http://localhost:" + port() + "/");
  }

  /**
   * Returns the Tokenry instance the app runs on (tests issue tokens through it).
   *
   * @return the instance
   */
  public Tokenry tokenry() {
    return tokenry;
  }

  /**
   * Returns the demo users and projects.
   *
   * @return the directory
   */
  public DemoDirectory directory() {
    return directory;
  }

  /** Stops Jetty, writes pending last-used times and closes the database; safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("Jetty did not stop cleanly", e);
    }
    try {
      tokenry.close();
    } catch (RuntimeException e) {
      LOG.warn("Could not write the last-used times: {}", e.getMessage());
    }
    database.close();
  }
}
