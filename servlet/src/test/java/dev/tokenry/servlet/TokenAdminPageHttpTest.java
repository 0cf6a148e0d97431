package dev.tokenry.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenry.Actor;
import dev.tokenry.Role;
import dev.tokenry.TokenPolicy;
import dev.tokenry.testing.ObservedStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The token page as {@link TokenAdminServlet} serves it, over real HTTP: the page, its assets and
 * their headers, what cannot be read through it, and {@code GET /context} for each role.
 */
class TokenAdminPageHttpTest {

  private static final Pattern ASSET =
      Pattern.compile("(?:href|src|data-messages)=\"(assets/[^\"]+)\"");

  private static TestServer server;

  /** The servlet alone, on a connector that lets ambiguous paths through, with a themed page. */
  private static Server bare;

  private static int barePort;

  @BeforeAll
  static void start() throws Exception {
    server = new TestServer(RouteRules.builder().permit("*", "/admin/**").build());
    bare = new Server();
    HttpConfiguration config = new HttpConfiguration();
    config.setUriCompliance(UriCompliance.UNSAFE);
    ServerConnector connector = new ServerConnector(bare, new HttpConnectionFactory(config));
    connector.setHost("127.0.0.1");
    bare.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    context.getServletHandler().setDecodeAmbiguousURIs(true);
    TokenAdminServlet themed =
        TokenAdminServlet.builder(
                server.tokenry, request -> Optional.of(Actor.user("alice", "acme", Role.OWNER)))
            .stylesheet("/static/acme-tokens.css")
            .messages(Map.of("page.title", "Jetons <d'API> & co", "action.create", "Créer"))
            .build();
    context.addServlet(new ServletHolder(themed), "/tokens/*");
    bare.setHandler(context);
    bare.start();
    barePort = connector.getLocalPort();
  }

  @AfterAll
  static void stop() throws Exception {
    bare.stop();
    server.close();
  }

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return server.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> assets(String html) {
    Matcher matcher = ASSET.matcher(html);
    List<String> found = new ArrayList<>();
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }

  @Test
  void pageWhenRequestedThenHtmlWithStrictPolicyAndNoInlineScriptOrStyle() throws Exception {
    HttpResponse<String> page = get("/admin/api/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow())
        .isEqualToIgnoringCase("text/html;charset=UTF-8");
    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp)
        .contains("default-src 'none'", "script-src 'self'", "style-src 'self'")
        .contains("connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(page.headers().firstValue("ETag")).isPresent();
    String html = page.body();
    assertThat(html).doesNotContainPattern("<script(?![^>]*\\ssrc=)");
    assertThat(html).doesNotContain("<style", " style=", "{{", "javascript:");
    assertThat(html).doesNotContainPattern("\\son[a-z]+=");
    assertThat(html).contains("<link rel=\"icon\" href=\"assets/favicon-");
    assertThat(assets(html)).hasSize(4); // favicon, stylesheet, script (and the messages file)
  }

  @Test
  void pageWhenMountWithoutSlashThenRedirectedToThePage() throws Exception {
    HttpResponse<String> answer = get("/admin/api");

    assertThat(answer.statusCode()).isEqualTo(301);
    assertThat(answer.headers().firstValue("Location")).hasValue("/admin/api/");
  }

  @Test
  void pageWhenNotGetThenMethodNotAllowed() throws Exception {
    HttpResponse<String> answer = server.admin("POST", "/", "alice", "{}");

    assertThat(answer.statusCode()).isEqualTo(405);
    assertThat(answer.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }

  @Test
  void assetsWhenRequestedThenImmutableWithTypesEtagsAndNotModified() throws Exception {
    String html = get("/admin/api/").body();
    Map<String, String> types =
        Map.of(
            ".css", "text/css",
            ".js", "text/javascript",
            ".svg", "image/svg+xml",
            ".json", "application/json");
    for (String asset : assets(html)) {
      HttpResponse<String> answer = get("/admin/api/" + asset);
      assertThat(answer.statusCode()).as(asset).isEqualTo(200);
      String extension = asset.substring(asset.lastIndexOf('.'));
      assertThat(answer.headers().firstValue("Content-Type").orElseThrow())
          .as(asset)
          .startsWith(types.get(extension));
      assertThat(answer.headers().firstValue("Cache-Control"))
          .hasValue("public, max-age=31536000, immutable");
      assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(answer.headers().firstValue("Content-Security-Policy")).isPresent();
      String etag = answer.headers().firstValue("ETag").orElseThrow();
      // The name carries the same content hash as the ETag: a new version is a new name.
      assertThat(asset).contains(etag.replace("\"", ""));
      HttpResponse<String> again = get("/admin/api/" + asset, "If-None-Match", etag);
      assertThat(again.statusCode()).isEqualTo(304);
      assertThat(again.body()).isEmpty();
    }
  }

  @Test
  void assetsWhenUnknownOrUnversionedThenNotFound() throws Exception {
    for (String path :
        List.of(
            "/admin/api/assets/tokenry.js",
            "/admin/api/assets/index.html",
            "/admin/api/assets/messages.properties",
            "/admin/api/assets/",
            "/admin/api/assets/nope-123456.js")) {
      HttpResponse<String> answer = get(path);
      assertThat(answer.statusCode()).as(path).isEqualTo(404);
      assertThat(answer.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("application/json");
    }
  }

  @Test
  void assetsWhenPathTricksThenNothingElseIsRead() throws Exception {
    String html = RawHttp.send(barePort, "GET", "/tokens/").body();
    String script = assets(html).stream().filter(a -> a.endsWith(".js")).findFirst().orElseThrow();
    for (String target :
        List.of(
            "/tokens/assets/../../WEB-INF/web.xml",
            "/tokens/assets/%2e%2e/%2e%2e/dev/tokenry/servlet/AdminPage.class",
            "/tokens/assets/..%2f..%2fdev/tokenry/servlet/page/index.html",
            "/tokens/assets/%2e%2e%2fpage%2fmessages.properties",
            "/tokens/assets/..%5cmessages.properties",
            "/tokens/assets/.%2f" + script.substring("assets/".length()),
            "/tokens/assets//" + script.substring("assets/".length()),
            "/tokens/assets/" + script.substring("assets/".length()) + "%00",
            "/tokens/assets/%252e%252e/index.html",
            "/tokens/assets/dev/tokenry/servlet/page/tokenry.js",
            "/tokens/assets/../../../../etc/passwd")) {
      RawHttp.Answer answer = RawHttp.send(barePort, "GET", target);
      assertThat(answer.status()).as(target).isIn(400, 404);
      assertThat(answer.body())
          .as(target)
          .doesNotContain("'use strict'", "<!DOCTYPE", "page.title=", "root:", "CAFEBABE");
    }
  }

  @Test
  void assetsWhenMatrixParameterAddedThenStillOnlyThatAssetWithItsOwnType() throws Exception {
    String html = RawHttp.send(barePort, "GET", "/tokens/").body();
    String script = assets(html).stream().filter(a -> a.endsWith(".js")).findFirst().orElseThrow();
    // The container drops ";.html" from the path: the same script, never served as HTML.
    RawHttp.Answer answer = RawHttp.send(barePort, "GET", "/tokens/" + script + ";.html");
    if (answer.status() == 200) {
      assertThat(answer.header("Content-Type")).startsWithIgnoringCase("text/javascript");
      assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
    } else {
      assertThat(answer.status()).isIn(400, 404);
    }
  }

  @Test
  void pageWhenThemedThenHostStylesheetLinkedAfterOursAndMessagesEscaped() throws Exception {
    String html = RawHttp.send(barePort, "GET", "/tokens/").body();

    assertThat(html).contains("<title>Jetons &lt;d&#39;API&gt; &amp; co</title>");
    assertThat(html).contains(">Créer</button>");
    int ours = html.indexOf("href=\"assets/tokenry-");
    int theirs = html.indexOf("<link rel=\"stylesheet\" href=\"/static/acme-tokens.css\">");
    assertThat(ours).isPositive();
    assertThat(theirs).isGreaterThan(ours);
    String messages =
        assets(html).stream().filter(a -> a.endsWith(".json")).findFirst().orElseThrow();
    JsonNode words =
        TestServer.JSON.readTree(RawHttp.send(barePort, "GET", "/tokens/" + messages).body());
    assertThat(words.path("action.create").asText()).isEqualTo("Créer");
    assertThat(words.path("action.refresh").asText()).isEqualTo("Refresh");
  }

  @Test
  void builderWhenStylesheetIsForeignOrMessageUnknownThenRefused() {
    TokenAdminServlet.Builder builder =
        TokenAdminServlet.builder(server.tokenry, request -> Optional.empty());
    for (String href :
        List.of(
            "https://cdn.example/x.css",
            "//cdn.example/x.css",
            "javascript:alert(1)",
            "data:text/css,x",
            "/a b.css",
            "\\\\host\\x.css",
            "")) {
      assertThatThrownBy(() -> builder.stylesheet(href))
          .as(href)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(builder.stylesheet("/static/x.css")).isSameAs(builder);
    assertThat(builder.stylesheet("theme.css")).isSameAs(builder);
    assertThatThrownBy(() -> builder.messages(Map.of("page.titel", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("page.titel");
  }

  @Test
  void contextWhenOwnerThenEverythingThePageNeeds() throws Exception {
    HttpResponse<String> answer = server.admin("GET", "/context", "alice", null);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode context = TestServer.json(answer);
    assertThat(context.path("actor").path("userId").asText()).isEqualTo("alice");
    assertThat(context.path("actor").path("organizationId").asText()).isEqualTo("acme");
    assertThat(context.path("actor").path("role").asText()).isEqualTo("owner");
    assertThat(context.path("can").path("manageOrganizationTokens").asBoolean()).isTrue();
    assertThat(context.path("can").path("managePersonalTokens").asBoolean()).isTrue();
    assertThat(context.path("permissions").path("grantable").toString())
        .isEqualTo("[\"contracts:read\",\"contracts:write\",\"projects:read\",\"projects:write\"]");
    assertThat(context.path("permissions").path("known")).hasSize(4);
    assertThat(context.path("projects").toString())
        .isEqualTo(
            "[{\"id\":\"p-a\",\"name\":\"Project A\"},{\"id\":\"p-b\",\"name\":\"Project B\"}]");
    assertThat(context.path("expiry").path("presets").toString())
        .isEqualTo("[\"1d\",\"7d\",\"30d\",\"60d\",\"90d\",\"never\"]");
    assertThat(context.path("expiry").path("default").asText()).isEqualTo("30d");
    assertThat(context.path("types").toString())
        .isEqualTo("[\"read-only\",\"full-access\",\"custom\"]");
  }

  @Test
  void contextWhenThePolicyLimitsLifetimesThenOnlyWhatItAllowsIsOffered() throws Exception {
    try (TestServer limited =
        new TestServer(
            RouteRules.builder().permit("*", "/admin/**").build(),
            "/",
            new ObservedStore(),
            builder ->
                builder.policies(
                    org -> TokenPolicy.builder().maxLifetime(Duration.ofDays(7)).build()),
            filter -> filter)) {
      JsonNode expiry =
          TestServer.json(limited.admin("GET", "/context", "alice", null)).path("expiry");

      assertThat(expiry.path("presets").toString()).isEqualTo("[\"1d\",\"7d\"]");
      assertThat(expiry.path("default").asText()).isEqualTo("1d");
      assertThat(expiry.path("neverExpires").asBoolean()).isFalse();
      assertThat(expiry.path("latestExpiresAt").asText()).isNotEmpty();
    }
  }

  @Test
  void contextWhenAdminOrMemberThenTheirRoleAndWhatTheyMayGrant() throws Exception {
    JsonNode admin = TestServer.json(server.admin("GET", "/context", "ada", null));
    assertThat(admin.path("actor").path("role").asText()).isEqualTo("admin");
    assertThat(admin.path("can").path("manageOrganizationTokens").asBoolean()).isTrue();
    assertThat(admin.path("permissions").path("grantable").toString())
        .isEqualTo("[\"contracts:read\",\"contracts:write\"]");

    JsonNode member = TestServer.json(server.admin("GET", "/context", "mia", null));
    assertThat(member.path("actor").path("role").asText()).isEqualTo("member");
    assertThat(member.path("can").path("manageOrganizationTokens").asBoolean()).isFalse();
    assertThat(member.path("can").path("managePersonalTokens").asBoolean()).isTrue();
    assertThat(member.path("permissions").path("grantable").toString())
        .isEqualTo("[\"contracts:read\",\"projects:read\"]");

    JsonNode globex = TestServer.json(server.admin("GET", "/context", "gina", null));
    assertThat(globex.path("projects").toString())
        .isEqualTo("[{\"id\":\"g-1\",\"name\":\"Globex One\"}]");
  }

  @Test
  void contextWhenNoActorThenUnauthenticatedAsTheApi() throws Exception {
    HttpResponse<String> answer = server.admin("GET", "/context", null, null);

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(TestServer.json(answer).path("message").asText()).isEqualTo("Unauthenticated.");
    assertThat(server.admin("POST", "/context", "alice", "{}").statusCode()).isEqualTo(405);
  }

  @Test
  void pageWhenNoActorThenStillServedBecauseItHoldsNoData() throws Exception {
    HttpResponse<String> answer =
        server.http.send(
            HttpRequest.newBuilder(URI.create(server.uri("/admin/api/").toString())).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).doesNotContain("alice", "acme");
  }
}
