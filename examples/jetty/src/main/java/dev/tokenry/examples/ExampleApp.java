package dev.tokenry.examples;

import java.io.PrintStream;
import java.util.List;

/**
 * Runs the example application from the command line: {@code java -jar
 * examples/jetty/target/tokenry-examples.jar [--port N] [--jdbc-url URL] [--prefix P]}. Ctrl-C
 * stops it cleanly (last-used times are written first).
 */
public final class ExampleApp {

  private ExampleApp() {}

  /**
   * Starts the app and keeps it running until the JVM is asked to stop.
   *
   * @param args the command line; see {@link AppOptions#USAGE}
   * @throws Exception if the app cannot start
   */
  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    AppOptions options;
    try {
      options = AppOptions.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println("tokenry-examples: " + e.getMessage());
      System.err.println(AppOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      out.println(AppOptions.USAGE);
      return;
    }
    ExampleServer server;
    try {
      server = ExampleServer.start(options);
    } catch (Exception e) {
      System.err.println(
          "tokenry-examples: could not start: "
              + e.getMessage()
              + (e.getMessage() != null && e.getMessage().contains("bind")
                  ? " (is another program using port " + options.port() + "? try --port)"
                  : ""));
      System.exit(1);
      return;
    }
    Thread shutdown =
        new Thread(
            () -> {
              out.println("Stopping the Tokenry demo...");
              server.close();
              out.println("Stopped.");
              out.flush();
            },
            "tokenry-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdown);

    String host = options.host();
    boolean loopback = host.equals(AppOptions.DEFAULT_HOST) || host.equals("localhost");
    boolean wildcard = host.equals("0.0.0.0") || host.equals("::");
    String base = "http://" + (loopback || wildcard ? "localhost" : host) + ":" + server.port();
    out.println();
    out.println("Tokenry demo is running (database " + options.jdbcUrl() + ").");
    if (!loopback) {
      out.println(
          "  Listening on "
              + host
              + ": anyone who can reach this port can act as any"
              + " demo user (the tokenry-demo-user cookie). Demo only.");
    }
    out.println("  Sign in:     " + base + "/demo/sign-in   (demo users alice, bob, carol, dave)");
    out.println("  Admin page:  " + base + "/admin/api/");
    out.println("  Demo API:    " + base + "/api/v1/me");
    out.println("               " + base + "/api/projects/royalties/contracts");
    out.println("  Try:  curl -H 'Authorization: Bearer <token>' " + base + "/api/v1/me");
    out.println("Press Ctrl-C to stop.");
    out.flush();
  }
}
