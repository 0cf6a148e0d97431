package dev.tokenry.benchmarks;

import dev.tokenry.TokenHashers;
import dev.tokenry.Tokenry;
import dev.tokenry.servlet.RouteRules;
import dev.tokenry.servlet.TokenAuthenticationFilter;
import dev.tokenry.servlet.UndeclaredRoutes;
import dev.tokenry.store.memory.InMemoryTokenStore;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A trivial endpoint in embedded Jetty 12 (ee10) behind {@link TokenAuthenticationFilter}, against
 * the same endpoint in a second server without the filter. The load client sends the same request
 * bytes (with the same {@code Authorization} header) to both over HTTP/1.1 keep-alive on loopback.
 * Throughput: requests per second; the target is the filtered throughput at least 0.9 of the
 * unfiltered one.
 *
 * <p>The {@code sideBySide} group runs one client against each server at the same time, so that
 * both see the same load from the rest of the machine; on a shared machine it is the fairer pair.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class HttpFilterBenchmark {

  static final String PATH = "/api/projects/p1/contracts";
  static final int WARM_UP_REQUESTS = 10_000;

  Tokenry tokenry;
  Server withFilter;
  Server withoutFilter;
  int withFilterPort;
  int withoutFilterPort;
  String authorization;

  @Setup
  public void setUp() throws Exception {
    InMemoryTokenStore store = new InMemoryTokenStore();
    String[] presented =
        Fixtures.populate(store, 1000, 1, TokenHashers.sha256(), TokenHashers.sha256(), null);
    authorization = "Bearer " + presented[0];
    tokenry = Tokenry.builder().store(store).build();
    RouteRules rules =
        RouteRules.builder()
            .realm("bench")
            .require("GET", "/api/projects/{projectId}/contracts", "contracts:read")
            .undeclared(UndeclaredRoutes.DENY)
            .build();
    withFilter = new Server();
    withFilterPort = start(withFilter, new TokenAuthenticationFilter(tokenry, rules));
    withoutFilter = new Server();
    withoutFilterPort = start(withoutFilter, null);
    // Both paths are compiled in every fork, however short the warm-up given on the command line:
    // otherwise the fork with the filter spends its first seconds compiling more code.
    try (KeepAliveClient filtered = new KeepAliveClient(withFilterPort, PATH, authorization);
        KeepAliveClient unfiltered = new KeepAliveClient(withoutFilterPort, PATH, authorization)) {
      for (int i = 0; i < WARM_UP_REQUESTS; i++) {
        expectOk(filtered.exchange());
        expectOk(unfiltered.exchange());
      }
    }
  }

  private static int start(Server server, TokenAuthenticationFilter filter) throws Exception {
    ServerConnector connector = new ServerConnector(server);
    // As docs/servlet.md tells hosts: tokens are case-sensitive, Jetty's header cache is not.
    connector
        .getConnectionFactory(HttpConnectionFactory.class)
        .getHttpConfiguration()
        .setHeaderCacheCaseSensitive(true);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    if (filter != null) {
      context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
    }
    context.addServlet(new ServletHolder(new Endpoint()), "/api/*");
    server.setHandler(context);
    server.start();
    return connector.getLocalPort();
  }

  @TearDown
  public void tearDown() throws Exception {
    withFilter.stop();
    withoutFilter.stop();
    tokenry.close();
  }

  /** The host's trivial endpoint. */
  static final class Endpoint extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final byte[] BODY = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("application/json");
      resp.setContentLength(BODY.length);
      resp.getOutputStream().write(BODY);
    }
  }

  /** One keep-alive connection per benchmark thread to each server. */
  @State(Scope.Thread)
  public static class Connections {
    KeepAliveClient filtered;
    KeepAliveClient unfiltered;

    @Setup
    public void open(HttpFilterBenchmark benchmark) throws IOException {
      filtered = new KeepAliveClient(benchmark.withFilterPort, PATH, benchmark.authorization);
      unfiltered = new KeepAliveClient(benchmark.withoutFilterPort, PATH, benchmark.authorization);
    }

    @TearDown
    public void close() throws IOException {
      filtered.close();
      unfiltered.close();
    }
  }

  private static int expectOk(int status) {
    if (status != 200) {
      throw new IllegalStateException("expected 200, got " + status);
    }
    return status;
  }

  @Benchmark
  @Threads(1)
  public int withFilter(Connections connections, ProcessCpuTime cpu) throws IOException {
    cpu.op();
    return expectOk(connections.filtered.exchange());
  }

  @Benchmark
  @Threads(1)
  public int withoutFilter(Connections connections, ProcessCpuTime cpu) throws IOException {
    cpu.op();
    return expectOk(connections.unfiltered.exchange());
  }

  @Benchmark
  @Threads(2)
  public int withFilterThreads2(Connections connections, ProcessCpuTime cpu) throws IOException {
    cpu.op();
    return expectOk(connections.filtered.exchange());
  }

  @Benchmark
  @Threads(2)
  public int withoutFilterThreads2(Connections connections, ProcessCpuTime cpu) throws IOException {
    cpu.op();
    return expectOk(connections.unfiltered.exchange());
  }

  @Benchmark
  @Group("sideBySide")
  @GroupThreads(1)
  public int filtered(Connections connections) throws IOException {
    return expectOk(connections.filtered.exchange());
  }

  @Benchmark
  @Group("sideBySide")
  @GroupThreads(1)
  public int unfiltered(Connections connections) throws IOException {
    return expectOk(connections.unfiltered.exchange());
  }
}
