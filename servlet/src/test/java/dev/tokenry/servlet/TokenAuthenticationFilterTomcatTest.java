package dev.tokenry.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.TokenPrincipal;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenStoreUnavailableException;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import dev.tokenry.spi.ForwardingTokenStore;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.TokenStore;
import dev.tokenry.testing.SimpleTokenStore;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bearer filter on embedded Tomcat 11, the container Spring Boot runs: the HTTP contract rows,
 * project paths after Tomcat's own path handling, and several tokens on one kept-alive connection.
 */
class TokenAuthenticationFilterTomcatTest {

  static final String CHALLENGE = "Bearer realm=\"tomcat-test\"";
  static final Actor SYSTEM = Actor.system("acme");
  static final AtomicBoolean DOWN = new AtomicBoolean();

  static Tomcat tomcat;
  static Path base;
  static Tokenry tokenry;
  static HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static int port;

  /** Answers with the principal the filter put on the request. */
  static final class Probe extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      TokenPrincipal principal = (TokenPrincipal) request.getUserPrincipal();
      response.setContentType("text/plain");
      response.getWriter().write(principal.tokenId() + " " + request.getAuthType());
    }
  }

  @BeforeAll
  static void start() throws Exception {
    SimpleTokenStore memory = new SimpleTokenStore();
    TokenStore store =
        new ForwardingTokenStore() {
          @Override
          protected TokenStore delegate() {
            return memory;
          }

          @Override
          public Optional<StoredToken> find(String id) {
            if (DOWN.get()) {
              throw new TokenStoreUnavailableException("database down");
            }
            return super.find(id);
          }
        };
    tokenry = Tokenry.builder().store(store).build();
    RouteRules rules =
        RouteRules.builder()
            .realm("tomcat-test")
            .require("GET", "/api/projects/{projectId}/contracts", "contracts:read")
            .require("POST", "/api/projects/{projectId}/contracts", "contracts:write")
            .build();
    base = Files.createTempDirectory("tokenry-tomcat");
    tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", base.toString());
    FilterDef filter = new FilterDef();
    filter.setFilterName("tokenry");
    filter.setFilter(new TokenAuthenticationFilter(tokenry, rules));
    context.addFilterDef(filter);
    FilterMap mapping = new FilterMap();
    mapping.setFilterName("tokenry");
    mapping.addURLPattern("/*");
    context.addFilterMap(mapping);
    Tomcat.addServlet(context, "probe", new Probe());
    context.addServletMappingDecoded("/*", "probe");
    tomcat.start();
    port = connector.getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    tomcat.stop();
    tomcat.destroy();
    tokenry.close();
    try (var files = Files.walk(base)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  static String issue(TokenRequest.Builder request) {
    return tokenry
        .issue(SYSTEM, request.name("t" + System.nanoTime()).expiresIn(ExpiryPreset.NEVER).build())
        .plaintext();
  }

  static HttpResponse<String> send(String method, String path, String authorization)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static void assertJson(HttpResponse<String> response, int status, String body) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.body()).isEqualTo(body);
  }

  @Test
  void requestWhenNoCredentialsOrAnotherSchemeThen401WithoutError() throws Exception {
    for (String authorization : new String[] {null, "Basic YWxpY2U6c2VjcmV0"}) {
      HttpResponse<String> response = send("GET", "/api/projects/p/contracts", authorization);
      assertJson(response, 401, "{\"message\":\"Unauthenticated.\"}");
      assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(CHALLENGE);
    }
  }

  @Test
  void requestWhenTokenIsBadThen401InvalidToken() throws Exception {
    HttpResponse<String> response = send("GET", "/api/projects/p/contracts", "Bearer garbage");

    assertJson(response, 401, "{\"message\":\"Unauthenticated.\"}");
    assertThat(response.headers().allValues("WWW-Authenticate"))
        .containsExactly(CHALLENGE + ", error=\"invalid_token\"");
  }

  @Test
  void requestWhenTokenLacksThePermissionThen403NamingIt() throws Exception {
    String readOnly = issue(TokenRequest.builder().type(TokenType.READ_ONLY));

    assertThat(send("GET", "/api/projects/p/contracts", "Bearer " + readOnly).body())
        .isEqualTo(readOnly.split("_")[1] + " Bearer");
    HttpResponse<String> response = send("POST", "/api/projects/p/contracts", "Bearer " + readOnly);
    assertJson(response, 403, "{\"message\":\"Forbidden.\"}");
    assertThat(response.headers().allValues("WWW-Authenticate"))
        .containsExactly(CHALLENGE + ", error=\"insufficient_scope\", scope=\"contracts:write\"");
  }

  @Test
  void requestWhenProjectTokenNamesAnotherProjectThen403WhateverTheSpelling() throws Exception {
    String scoped = issue(TokenRequest.builder().type(TokenType.FULL_ACCESS).project("p-a"));

    assertThat(send("GET", "/api/projects/p-a/contracts", "Bearer " + scoped).statusCode())
        .isEqualTo(200);
    for (String path :
        new String[] {
          "/api/projects/p-b/contracts",
          "/api/projects/p-%62/contracts",
          "/api/projects/p-b;x=y/contracts",
          "/api/projects/p-a/../p-b/contracts",
          "/api//projects/p-b/contracts",
          "/api/projects/./p-b/contracts"
        }) {
      HttpResponse<String> response = send("GET", path, "Bearer " + scoped);
      assertThat(response.statusCode()).as(path).isIn(400, 403);
      assertThat(response.body()).as(path).doesNotContain("Bearer");
    }
  }

  @Test
  void requestWhenTheStoreIsDownThen503WithRetryAfter() throws Exception {
    String token = issue(TokenRequest.builder().type(TokenType.FULL_ACCESS));
    DOWN.set(true);
    try {
      HttpResponse<String> response = send("GET", "/api/projects/p/contracts", "Bearer " + token);

      assertJson(response, 503, "{\"message\":\"Service Unavailable.\"}");
      assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    } finally {
      DOWN.set(false);
    }
  }

  @Test
  void connectionWhenSeveralTokensAndCaseVariantsFollowThenEachIsJudgedOnItsOwn() throws Exception {
    String first = issue(TokenRequest.builder().type(TokenType.READ_ONLY));
    String second = issue(TokenRequest.builder().type(TokenType.READ_ONLY));
    String swapped =
        first.substring(0, first.length() - 1)
            + (Character.isUpperCase(first.charAt(first.length() - 1))
                ? Character.toLowerCase(first.charAt(first.length() - 1))
                : Character.toUpperCase(first.charAt(first.length() - 1)));

    for (int i = 0; i < 3; i++) {
      assertThat(send("GET", "/api/projects/p/contracts", "Bearer " + first).body())
          .startsWith(first.split("_")[1]);
      assertThat(send("GET", "/api/projects/p/contracts", "bearer " + second).body())
          .startsWith(second.split("_")[1]);
      if (!swapped.equals(first)) {
        assertThat(send("GET", "/api/projects/p/contracts", "Bearer " + swapped).statusCode())
            .isEqualTo(401);
      }
    }
  }
}
