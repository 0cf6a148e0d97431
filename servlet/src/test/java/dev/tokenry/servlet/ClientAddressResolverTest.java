package dev.tokenry.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each resolver answered over real HTTP on Jetty; the peer is always 127.0.0.1. */
class ClientAddressResolverTest {

  private static Server server;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.addServlet(new ServletHolder(new Echo(ClientAddressResolver.remoteAddress())), "/peer");
    context.addServlet(
        new ServletHolder(
            new Echo(
                ClientAddressResolver.trustedProxyHeader("X-Forwarded-For", Set.of("127.0.0.1")))),
        "/trusted");
    context.addServlet(
        new ServletHolder(
            new Echo(
                ClientAddressResolver.trustedProxyHeader("X-Forwarded-For", Set.of("10.9.9.9")))),
        "/untrusted");
    server.setHandler(context);
    server.start();
    port = connector.getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  @Test
  void theDefaultIgnoresForwardedHeaders() throws IOException {
    assertThat(address("/peer", "X-Forwarded-For: 203.0.113.5")).isEqualTo("127.0.0.1");
  }

  @Test
  void aTrustedProxysHeaderGivesItsLastEntry() throws IOException {
    assertThat(address("/trusted", "X-Forwarded-For: 198.51.100.1, 203.0.113.5"))
        .isEqualTo("203.0.113.5");
    assertThat(address("/trusted", "X-Forwarded-For: 1.1.1.1", "X-Forwarded-For: 2001:DB8::7"))
        .isEqualTo("2001:db8::7");
    assertThat(address("/trusted")).isEqualTo("127.0.0.1");
  }

  @Test
  void theHeaderFromAPeerThatIsNotAProxyIsIgnored() throws IOException {
    assertThat(address("/untrusted", "X-Forwarded-For: 203.0.113.5")).isEqualTo("127.0.0.1");
  }

  @Test
  void aValueThatIsNotAnAddressFallsBackToThePeer() throws IOException {
    for (String value :
        new String[] {
          "evil.example",
          "203.0.113.5:8080",
          "[2001:db8::1]",
          "999.1.1.1",
          "1.2.3",
          "",
          "203.0.113.5 forged=yes",
          "x".repeat(200)
        }) {
      assertThat(address("/trusted", "X-Forwarded-For: " + value)).as(value).isEqualTo("127.0.0.1");
    }
  }

  @Test
  void plainAddresses() {
    assertThat(ClientAddresses.isPlainAddress("203.0.113.5")).isTrue();
    assertThat(ClientAddresses.isPlainAddress("::1")).isTrue();
    assertThat(ClientAddresses.isPlainAddress("::ffff:192.0.2.1")).isTrue();
    assertThat(ClientAddresses.isPlainAddress("256.0.0.1")).isFalse();
    assertThat(ClientAddresses.isPlainAddress("2001:db8::12345")).isFalse();
    assertThat(ClientAddresses.isPlainAddress("1:2")).isFalse();
    assertThat(ClientAddresses.isPlainAddress("fe80::1%eth0")).isFalse();
    assertThat(ClientAddresses.isPlainAddress("1.2.3.4\r\nX: y")).isFalse();
  }

  @Test
  void refusesAnUnusableConfiguration() {
    assertThatThrownBy(() -> ClientAddressResolver.trustedProxyHeader(" ", Set.of("10.0.0.1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("headerName");
    assertThatThrownBy(() -> ClientAddressResolver.trustedProxyHeader("X-Forwarded-For", Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trustedProxies");
  }

  private static String address(String path, String... headers) throws IOException {
    RawHttp.Answer answer = RawHttp.send(port, "GET", path, headers);
    assertThat(answer.status()).isEqualTo(200);
    return answer.body();
  }

  private static final class Echo extends HttpServlet {
    private final transient ClientAddressResolver resolver;

    Echo(ClientAddressResolver resolver) {
      this.resolver = resolver;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentType("text/plain");
      response.getWriter().write(resolver.clientAddress(request));
    }
  }
}
