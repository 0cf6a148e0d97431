package dev.tokenry.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.IssuedToken;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bearer filter over real HTTP: every row of the HTTP contract table and the header cases. */
class TokenAuthenticationFilterHttpTest {

  static final String REALM = "tokenry-test";
  static final String CHALLENGE = "Bearer realm=\"" + REALM + "\"";
  static final String INVALID = CHALLENGE + ", error=\"invalid_token\"";
  static final String CONTRACTS = "/api/projects/p-a/contracts";

  static TestServer server;
  static Actor system = Actor.system("acme");
  static String readOnly;
  static String projectA;

  @BeforeAll
  static void start() throws Exception {
    server =
        new TestServer(
            RouteRules.builder()
                .realm(REALM)
                .permit("*", "/admin/**")
                .permit("GET", "/api/health")
                .require("GET", "/api/projects/{projectId}/contracts", "contracts:read")
                .require("POST", "/api/projects/{projectId}/contracts", "contracts:write")
                .require("*", "/api/admin/**", "projects:write")
                .require("GET", "/api/orgs/{organizationId}/projects", "projects:read")
                .authenticated("GET", "/api/v1/me")
                .build());
    readOnly = issue("read-only", TokenRequest.builder().type(TokenType.READ_ONLY)).plaintext();
    projectA =
        issue("project-a", TokenRequest.builder().type(TokenType.FULL_ACCESS).project("p-a"))
            .plaintext();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static IssuedToken issue(String name, TokenRequest.Builder request) {
    return server.tokenry.issue(system, request.name(name).expiresIn(ExpiryPreset.NEVER).build());
  }

  // --- contract table rows -------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"})
  void requestWhenPathNamesAnotherProjectThenForbiddenWhateverTheMethod(String method)
      throws Exception {
    HttpResponse<String> other =
        server.send(method, "/api/projects/p-b/contracts", "Bearer " + projectA);
    assertThat(other.statusCode()).as(method).isEqualTo(403);
    HttpResponse<String> own =
        server.send(method, "/api/projects/p-a/contracts", "Bearer " + projectA);
    assertThat(own.statusCode()).as(method).isNotIn(401, 403);
  }

  @Test
  void requestWhenValidTokenHasPermissionThenHostSeesPrincipal() throws Exception {
    HttpResponse<String> response = server.get(CONTRACTS, "Bearer " + readOnly);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = TestServer.json(response);
    assertThat(body.get("tokenId").asText()).isEqualTo(readOnly.split("_")[1]);
    assertThat(body.get("organizationId").asText()).isEqualTo("acme");
    assertThat(body.get("sameAsUserPrincipal").asBoolean()).isTrue();
    assertThat(body.get("authType").asText()).isEqualTo("Bearer");
    assertThat(body.get("remoteUser").asText()).isEqualTo(readOnly.split("_")[1]);
    assertThat(body.get("pathVariables").get("projectId").asText()).isEqualTo("p-a");
    assertThat(body.get("clientAddress").asText())
        .as("CLIENT_ADDRESS_ATTRIBUTE, read by the default resolver: the peer")
        .isEqualTo("127.0.0.1");
  }

  @Test
  void requestWhenNoCredentialsThenUnauthenticatedWithoutError() throws Exception {
    assertUnauthenticated(server.get(CONTRACTS, null), CHALLENGE);
  }

  @Test
  void requestWhenAnotherSchemeThenUnauthenticatedWithoutError() throws Exception {
    assertUnauthenticated(server.get(CONTRACTS, "Basic YWxpY2U6c2VjcmV0"), CHALLENGE);
  }

  @Test
  void requestWhenTokenLacksPermissionThenForbiddenNamingScope() throws Exception {
    HttpResponse<String> response = server.get("/api/admin/settings", "Bearer " + readOnly);

    assertForbidden(response, "projects:write");
  }

  @Test
  void requestWhenHeadOnGuardedRouteThenSameRuleApplies() throws Exception {
    String projectsOnly =
        issue("projects-only", TokenRequest.builder().custom("projects:read")).plaintext();
    HttpResponse<Void> response =
        server.http.send(
            HttpRequest.newBuilder(server.uri(CONTRACTS))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Bearer " + projectsOnly)
                .build(),
            HttpResponse.BodyHandlers.discarding());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .contains(CHALLENGE + ", error=\"insufficient_scope\", scope=\"contracts:read\"");
  }

  @Test
  void requestWhenProjectTokenUsedOnAnotherProjectThenForbidden() throws Exception {
    assertThat(server.get(CONTRACTS, "Bearer " + projectA).statusCode()).isEqualTo(200);

    assertForbidden(
        server.get("/api/projects/p-b/contracts", "Bearer " + projectA), "contracts:read");
  }

  @Test
  void requestWhenOrganizationVariableIsAnotherOrganizationThenForbidden() throws Exception {
    assertThat(server.get("/api/orgs/acme/projects", "Bearer " + readOnly).statusCode())
        .isEqualTo(200);

    assertForbidden(server.get("/api/orgs/globex/projects", "Bearer " + readOnly), "projects:read");
  }

  @Test
  void requestWhenHostDirectoryThrowsThenServiceUnavailableNotAContainerError() throws Exception {
    String personal =
        server
            .tokenry
            .issue(
                Actor.user("mia", "acme", dev.tokenry.Role.MEMBER),
                TokenRequest.builder()
                    .name("mia-read")
                    .kind(dev.tokenry.TokenKind.PERSONAL)
                    .expiresIn(ExpiryPreset.NEVER)
                    .custom("contracts:read")
                    .build())
            .plaintext();
    server.directoryBroken = true;
    HttpResponse<String> response;
    try {
      response = server.get(CONTRACTS, "Bearer " + personal);
    } finally {
      server.directoryBroken = false;
    }

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("5");
    assertJsonError(response, "{\"message\":\"Service Unavailable.\"}");
    assertThat(server.get(CONTRACTS, "Bearer " + personal).statusCode()).isEqualTo(200);
  }

  @Test
  void requestWhenStoreUnavailableThenServiceUnavailableWithRetryAfter() throws Exception {
    server.store.down(true);
    HttpResponse<String> response;
    try {
      response = server.get(CONTRACTS, "Bearer " + readOnly);
    } finally {
      server.store.down(false);
    }

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).contains("5");
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertJsonError(response, "{\"message\":\"Service Unavailable.\"}");
  }

  @Test
  void requestWhenRoutePermittedThenNoCredentialNeeded() throws Exception {
    HttpResponse<String> response = server.get("/api/health", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(TestServer.json(response).get("authType").isNull()).isTrue();
    assertThat(TestServer.json(response).get("clientAddress").asText())
        .as("the address attribute is set on every request, permitted ones too")
        .isEqualTo("127.0.0.1");
    assertThat(response.headers().firstValue("API-Token-Expiration")).isEmpty();
  }

  @Test
  void requestWhenRouteUndeclaredThenAnyValidTokenPasses() throws Exception {
    assertThat(server.get("/api/undeclared/thing", "Bearer " + readOnly).statusCode())
        .isEqualTo(200);
    assertUnauthenticated(server.get("/api/undeclared/thing", null), CHALLENGE);
  }

  @Test
  void requestWhenUndeclaredRoutesDeniedThenForbiddenAfterAuthentication() throws Exception {
    try (TestServer deny =
        new TestServer(
            RouteRules.builder()
                .realm(REALM)
                .permit("*", "/admin/**")
                .authenticated("GET", "/api/v1/me")
                .undeclared(UndeclaredRoutes.DENY)
                .build())) {
      String token =
          deny.tokenry
              .issue(
                  system,
                  TokenRequest.builder()
                      .name("t")
                      .expiresIn(ExpiryPreset.NEVER)
                      .type(TokenType.FULL_ACCESS)
                      .build())
              .plaintext();

      assertThat(deny.get("/api/v1/me", "Bearer " + token).statusCode()).isEqualTo(200);
      assertUnauthenticated(deny.get("/api/other", null), CHALLENGE);
      HttpResponse<String> denied = deny.get("/api/other", "Bearer " + token);
      assertThat(denied.statusCode()).isEqualTo(403);
      assertThat(denied.headers().firstValue("WWW-Authenticate"))
          .contains(CHALLENGE + ", error=\"insufficient_scope\"");
      assertJsonError(denied, "{\"message\":\"Forbidden.\"}");
    }
  }

  @Test
  void requestWhenContextPathThenPatternsAreRelativeToIt() throws Exception {
    try (TestServer app =
        new TestServer(
            RouteRules.builder()
                .realm(REALM)
                .require("*", "/api/admin/**", "projects:write")
                .build(),
            "/app")) {
      String token =
          app.tokenry
              .issue(
                  system,
                  TokenRequest.builder()
                      .name("t")
                      .expiresIn(ExpiryPreset.NEVER)
                      .type(TokenType.READ_ONLY)
                      .build())
              .plaintext();

      assertThat(app.get("/app/api/v1/me", "Bearer " + token).statusCode()).isEqualTo(200);
      assertUnauthenticated(app.get("/app/api/v1/me", null), CHALLENGE);
      assertForbidden(app.get("/app/api/admin/x", "Bearer " + token), "projects:write");
      assertThat(
              RawHttp.send(
                      app.lenientPort(),
                      "GET",
                      "/app/api/./admin/x",
                      "Authorization: Bearer " + token)
                  .status())
          .isEqualTo(403);
    }
  }

  // --- header cases --------------------------------------------------------------------------

  @Test
  void requestWhenSchemeInLowerOrUpperCaseThenAccepted() throws Exception {
    assertThat(server.get(CONTRACTS, "bearer " + readOnly).statusCode()).isEqualTo(200);
    assertThat(server.get(CONTRACTS, "BEARER " + readOnly).statusCode()).isEqualTo(200);
  }

  @Test
  void requestWhenTwoSpacesAfterSchemeThenAccepted() throws Exception {
    RawHttp.Answer answer =
        RawHttp.send(server.port(), "GET", CONTRACTS, "Authorization: Bearer  " + readOnly);

    assertThat(answer.status()).isEqualTo(200);
  }

  @Test
  void requestWhenSchemeAloneThenInvalidToken() throws Exception {
    assertUnauthenticated(server.get(CONTRACTS, "Bearer"), INVALID);
  }

  @Test
  void requestWhenSchemeAndSpaceOnlyThenInvalidToken() throws Exception {
    RawHttp.Answer answer = RawHttp.send(server.port(), "GET", CONTRACTS, "Authorization: Bearer ");

    assertRawUnauthenticated(answer, INVALID);
  }

  @Test
  void requestWhenExtraWordAfterTokenThenInvalidToken() throws Exception {
    assertUnauthenticated(server.get(CONTRACTS, "Bearer " + readOnly + " extra"), INVALID);
  }

  @Test
  void requestWhenTokenHasQuotesThenInvalidTokenAndNothingEchoed() throws Exception {
    HttpResponse<String> response = server.get(CONTRACTS, "Bearer an\"invalid\"token");

    assertUnauthenticated(response, INVALID);
    assertThat(response.headers().map().toString()).doesNotContain("invalid\"token");
  }

  @Test
  void requestWhenOneCharacterChangedRemovedOrAddedThenInvalidToken() throws Exception {
    int i = readOnly.length() - 10;
    char c = readOnly.charAt(i);
    String changed = readOnly.substring(0, i) + (c == 'A' ? 'B' : 'A') + readOnly.substring(i + 1);
    String removed = readOnly.substring(0, i) + readOnly.substring(i + 1);
    String added = readOnly.substring(0, i) + 'x' + readOnly.substring(i);

    Map<String, String> variants = Map.of("changed", changed, "removed", removed, "added", added);
    for (Map.Entry<String, String> variant : variants.entrySet()) {
      HttpResponse<String> response = server.get(CONTRACTS, "Bearer " + variant.getValue());
      assertThat(response.statusCode())
          .as("%s: %s", variant.getKey(), response.body())
          .isEqualTo(401);
      assertUnauthenticated(response, INVALID);
    }
  }

  @Test
  void requestWhenCaseVariantFollowsValidTokenOnSameConnectionThenInvalidToken() throws Exception {
    // Jetty's per-connection header cache matches values ignoring case unless the connector is
    // told otherwise (TestServer does, as docs/servlet.md tells hosts); the shared HttpClient
    // sends both requests on one keep-alive connection.
    int i = readOnly.lastIndexOf('_') + 1;
    while (!Character.isLetter(readOnly.charAt(i))) {
      i++;
    }
    char c = readOnly.charAt(i);
    char flipped = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
    String variant = readOnly.substring(0, i) + flipped + readOnly.substring(i + 1);

    assertThat(server.get(CONTRACTS, "Bearer " + readOnly).statusCode()).isEqualTo(200);
    HttpResponse<String> response = server.get(CONTRACTS, "Bearer " + variant);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    assertUnauthenticated(response, INVALID);
  }

  @Test
  void requestWhenChecksumWrongThenInvalidTokenWithoutStoreAccess() throws Exception {
    char last = readOnly.charAt(readOnly.length() - 1);
    String wrong = readOnly.substring(0, readOnly.length() - 1) + (last == '0' ? '1' : '0');
    int finds = server.store.finds.get();

    assertUnauthenticated(server.get(CONTRACTS, "Bearer " + wrong), INVALID);
    assertThat(server.store.finds.get()).isEqualTo(finds);
  }

  @Test
  void requestWhenTokenOfAnotherDeploymentsPrefixThenInvalidToken() throws Exception {
    try (Tokenry other = Tokenry.builder().store(server.store).prefix("other").build()) {
      String foreign =
          other
              .issue(
                  system,
                  TokenRequest.builder()
                      .name("foreign")
                      .expiresIn(ExpiryPreset.NEVER)
                      .type(TokenType.FULL_ACCESS)
                      .build())
              .plaintext();

      assertUnauthenticated(server.get(CONTRACTS, "Bearer " + foreign), INVALID);
    }
  }

  @Test
  void requestWhenTokenIsTenKilobytesThenInvalidToken() throws Exception {
    assertUnauthenticated(server.get(CONTRACTS, "Bearer " + "a".repeat(10 * 1024)), INVALID);
  }

  @Test
  void requestWhenTwoAuthorizationHeadersThenInvalidToken() throws Exception {
    RawHttp.Answer answer =
        RawHttp.send(
            server.port(),
            "GET",
            CONTRACTS,
            "Authorization: Bearer " + readOnly,
            "Authorization: Bearer " + readOnly);

    assertRawUnauthenticated(answer, INVALID);
  }

  @Test
  void requestWhenTokenOnlyInQueryStringFormOrCookieThenNotRead() throws Exception {
    assertUnauthenticated(server.get(CONTRACTS + "?access_token=" + readOnly, null), CHALLENGE);

    HttpResponse<String> form =
        server.http.send(
            HttpRequest.newBuilder(server.uri(CONTRACTS))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("access_token=" + readOnly))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertUnauthenticated(form, CHALLENGE);

    HttpResponse<String> cookie =
        server.http.send(
            HttpRequest.newBuilder(server.uri(CONTRACTS))
                .header("Cookie", "access_token=" + readOnly)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertUnauthenticated(cookie, CHALLENGE);
  }

  @Test
  void requestWhenTokenExpiredThenInvalidToken() throws Exception {
    String token =
        server
            .tokenry
            .issue(
                system,
                TokenRequest.builder()
                    .name("one-day")
                    .expiresIn(ExpiryPreset.ONE_DAY)
                    .type(TokenType.READ_ONLY)
                    .build())
            .plaintext();
    assertThat(server.get(CONTRACTS, "Bearer " + token).statusCode()).isEqualTo(200);

    server.clock.advance(Duration.ofDays(1));

    assertUnauthenticated(server.get(CONTRACTS, "Bearer " + token), INVALID);
  }

  @Test
  void requestWhenTokenRevokedThenInvalidToken() throws Exception {
    IssuedToken issued = issue("to-revoke", TokenRequest.builder().type(TokenType.READ_ONLY));
    assertThat(server.get(CONTRACTS, "Bearer " + issued.plaintext()).statusCode()).isEqualTo(200);

    server.tokenry.revoke(system, issued.token().id());

    assertUnauthenticated(server.get(CONTRACTS, "Bearer " + issued.plaintext()), INVALID);
  }

  @Test
  void requestWhenTokenRegeneratedAwayThenOldInvalidAndNewAccepted() throws Exception {
    IssuedToken issued = issue("to-regenerate", TokenRequest.builder().type(TokenType.READ_ONLY));

    String fresh = server.tokenry.regenerate(system, issued.token().id()).plaintext();

    assertUnauthenticated(server.get(CONTRACTS, "Bearer " + issued.plaintext()), INVALID);
    assertThat(server.get(CONTRACTS, "Bearer " + fresh).statusCode()).isEqualTo(200);
  }

  // --- path normalisation --------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/./admin/x",
        "//api/admin/x",
        "/api//admin/x",
        "/api/x/../admin/x",
        "/api/x/%2e%2e/admin/x",
        "/api/x/%2E%2E/admin/x",
        "/api/%2e/admin/x",
        "/api/admin;jsessionid=1/x",
        "/api;x=y/admin/x",
        "/api/%61dmin/x"
      })
  void requestWhenPathDisguisesProtectedRouteThenRuleStillApplies(String path) throws Exception {
    RawHttp.Answer answer =
        RawHttp.send(server.lenientPort(), "GET", path, "Authorization: Bearer " + readOnly);

    assertThat(answer.status()).as(path).isEqualTo(403);
    assertThat(answer.header("WWW-Authenticate"))
        .as(path)
        .isEqualTo(CHALLENGE + ", error=\"insufficient_scope\", scope=\"projects:write\"");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/admin%2fx",
        "/api%2fadmin/x",
        "/api/x/..%2fadmin/x",
        "/api/%252e%252e/admin/x",
        "/api/%c0%ae%c0%ae/admin/x",
        "/api/x%5c..%5cadmin/x",
        "/api/../../admin/x",
        "/api/%00/admin"
      })
  void requestWhenPathCannotBeNormalisedSafelyThenRefused(String path) throws Exception {
    RawHttp.Answer answer =
        RawHttp.send(server.lenientPort(), "GET", path, "Authorization: Bearer " + readOnly);

    assertThat(answer.status()).as(path + " " + answer.body()).isEqualTo(400);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/./admin/x",
        "//api/admin/x",
        "/api/x/%2e%2e/admin/x",
        "/api/admin;jsessionid=1/x",
        "/api/admin%2fx",
        "/api/%252e%252e/admin/x"
      })
  void requestWhenStrictContainerGetsDisguisedPathThenNeverPasses(String path) throws Exception {
    RawHttp.Answer answer =
        RawHttp.send(server.port(), "GET", path, "Authorization: Bearer " + readOnly);

    assertThat(answer.status()).as(path).isIn(400, 403, 404);
  }

  // --- assertions ----------------------------------------------------------------------------

  static void assertUnauthenticated(HttpResponse<String> response, String challenge) {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(challenge);
    assertJsonError(response, "{\"message\":\"Unauthenticated.\"}");
  }

  static void assertForbidden(HttpResponse<String> response, String scope) {
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().allValues("WWW-Authenticate"))
        .containsExactly(CHALLENGE + ", error=\"insufficient_scope\", scope=\"" + scope + "\"");
    assertJsonError(response, "{\"message\":\"Forbidden.\"}");
  }

  static void assertJsonError(HttpResponse<String> response, String body) {
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(response.body()).isEqualTo(body);
  }

  static void assertRawUnauthenticated(RawHttp.Answer answer, String challenge) {
    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.header("WWW-Authenticate")).isEqualTo(challenge);
    assertThat(answer.header("Content-Type")).isEqualTo("application/json");
    assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
    assertThat(answer.body()).isEqualTo("{\"message\":\"Unauthenticated.\"}");
  }
}
