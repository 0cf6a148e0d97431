package dev.tokenry.examples;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses, before any servlet or filter runs, what the demo must never answer: a {@code Host} that
 * is not the address it listens on (421; DNS rebinding would otherwise let any web page talk to the
 * demo, which trusts its {@code tokenry-demo-user} cookie), and {@code TRACE} (405; the container
 * would echo the {@code Authorization} header back in the body).
 */
final class DemoRequestGuard extends Handler.Wrapper {

  private static final String ALLOW = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

  private final List<String> names;
  private final IntSupplier port;

  /**
   * @param host the {@code --host} the connector listens on
   * @param port the port it listens on, read per request because port 0 is chosen at start
   * @param handler what an allowed request goes on to
   */
  DemoRequestGuard(String host, IntSupplier port, Handler handler) {
    super(requireNonNull(handler, "handler must not be null"));
    String own = requireNonNull(host, "host must not be null").toLowerCase(Locale.ROOT);
    if (own.indexOf(':') >= 0 && !own.startsWith("[")) {
      own = "[" + own + "]";
    }
    this.names = List.of("127.0.0.1", "localhost", "[::1]", own);
    this.port = requireNonNull(port, "port must not be null");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!isAllowedHost(request.getHeaders().get(HttpHeader.HOST))) {
      return refuse(response, callback, 421, "This server answers only for its own address.");
    }
    if ("TRACE".equalsIgnoreCase(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, ALLOW);
      return refuse(response, callback, 405, "Method Not Allowed.");
    }
    return super.handle(request, response, callback);
  }

  private boolean isAllowedHost(String header) {
    if (header == null) {
      return false;
    }
    int p = port.getAsInt();
    String given = header.strip().toLowerCase(Locale.ROOT);
    for (String name : names) {
      if (given.equals(name + ":" + p) || (p == 80 && given.equals(name))) {
        return true;
      }
    }
    return false;
  }

  private static boolean refuse(Response response, Callback callback, int status, String message) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    String body = "{\"message\":\"" + message + "\"}";
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}
