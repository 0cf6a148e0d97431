package dev.tokenry.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.Role;
import dev.tokenry.TokenKind;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import dev.tokenry.spring.boot.app.DemoHost;
import dev.tokenry.testing.CapturedLogs;
import java.net.http.HttpResponse;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The starter in a host that wrote no security code, on a real embedded Tomcat over real HTTP:
 * every row of Tokenry's HTTP contract, authorities from wildcard, custom and personal tokens,
 * project paths, the admin API behind the host's sign-in whatever the path spelling, CSRF for
 * cookie sessions and JSON calls with HTTP Basic, and Flyway beside the host's own V1.
 */
@SpringBootTest(
    classes = DemoHost.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DefaultChainHttpTest {

  static final Actor ALICE = Actor.user("alice", "acme", Role.OWNER);
  static final Actor CAROL = Actor.user("carol", "acme", Role.MEMBER);

  @LocalServerPort int port;
  @Autowired Tokenry tokenry;
  @Autowired DataSource dataSource;

  @AfterEach
  void reset() {
    DemoHost.reset();
  }

  private Http http() {
    return new Http(port);
  }

  private String issue(Actor actor, TokenRequest.Builder request) {
    return tokenry.issue(actor, request.expiresIn(ExpiryPreset.ONE_DAY).build()).plaintext();
  }

  private String token(TokenType type) {
    return issue(ALICE, TokenRequest.builder().name("t-" + System.nanoTime()).type(type));
  }

  private static void assertContract(HttpResponse<String> answer, int status, String message) {
    assertThat(answer.statusCode()).isEqualTo(status);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(answer.body()).isEqualTo("{\"message\":\"" + message + "\"}");
  }

  @Test
  void apiWhenNoCredentialsOrAnotherSchemeThen401WithBearerChallenge() {
    for (String[] headers : List.of(new String[0], new String[] {"Authorization", "Basic eDp5"})) {
      HttpResponse<String> answer = http().get("/api/v1/me", headers);

      assertContract(answer, 401, "Unauthenticated.");
      assertThat(answer.headers().allValues("WWW-Authenticate"))
          .containsExactly("Bearer realm=\"acme-api\"");
    }
  }

  @Test
  void apiWhenTokenIsBadThen401InvalidToken() {
    String good = token(TokenType.FULL_ACCESS);
    String revoked = token(TokenType.FULL_ACCESS);
    tokenry.revoke(ALICE, tokenry.verify(revoked).orElseThrow().tokenId());
    for (String bad :
        List.of(
            "Bearer garbage",
            "Bearer " + good.substring(0, good.length() - 1) + "x",
            "Bearer " + revoked,
            "Bearer",
            "Bearer " + "a".repeat(600))) {
      HttpResponse<String> answer = http().get("/api/v1/me", "Authorization", bad);

      assertContract(answer, 401, "Unauthenticated.");
      assertThat(answer.headers().allValues("WWW-Authenticate"))
          .containsExactly("Bearer realm=\"acme-api\", error=\"invalid_token\"");
    }
    HttpResponse<String> twice =
        http()
            .get(
                "/api/v1/me", "Authorization", "Bearer " + good, "Authorization", "Bearer " + good);
    assertContract(twice, 401, "Unauthenticated.");
  }

  @Test
  void apiWhenTokenIsInTheQueryOrACookieThenIgnored() {
    String good = token(TokenType.FULL_ACCESS);

    assertThat(http().get("/api/v1/me?access_token=" + good).statusCode()).isEqualTo(401);
    assertThat(http().get("/api/v1/me", "Cookie", "access_token=" + good).statusCode())
        .isEqualTo(401);
  }

  @Test
  void meWhenTokenIsValidThenPrincipalIsTheTokenPrincipalWithItsAuthorities() {
    HttpResponse<String> answer =
        http().get("/api/v1/me", "Authorization", "Bearer " + token(TokenType.READ_ONLY));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body())
        .contains("\"organizationId\":\"acme\"")
        .contains("\"authorities\":[\"*:read\",\"contracts:read\",\"royalties:read\"]");
  }

  @Test
  void hasAuthorityWhenTokenIsReadOnlyThenReadsAndIsRefusedWritesWithScope() {
    String readOnly = "Bearer " + token(TokenType.READ_ONLY);

    assertThat(
            http().get("/api/projects/royalties/contracts", "Authorization", readOnly).statusCode())
        .isEqualTo(200);
    HttpResponse<String> write =
        http()
            .post(
                "/api/projects/royalties/contracts",
                "application/json",
                "{}",
                "Authorization",
                readOnly);
    assertContract(write, 403, "Forbidden.");
    assertThat(write.headers().allValues("WWW-Authenticate"))
        .containsExactly(
            "Bearer realm=\"acme-api\", error=\"insufficient_scope\", scope=\"contracts:write\"");
  }

  @Test
  void hasAuthorityWhenTokenIsFullAccessOrCustomThenAsItsPermissionsSay() {
    String full = "Bearer " + token(TokenType.FULL_ACCESS);
    String custom =
        "Bearer " + issue(ALICE, TokenRequest.builder().name("custom").custom("contracts:read"));

    assertThat(
            http()
                .post(
                    "/api/projects/royalties/contracts",
                    "application/json",
                    "{}",
                    "Authorization",
                    full)
                .statusCode())
        .isEqualTo(200);
    assertThat(http().get("/api/royalties", "Authorization", full).statusCode()).isEqualTo(200);
    assertThat(
            http().get("/api/projects/royalties/contracts", "Authorization", custom).statusCode())
        .isEqualTo(200);
    HttpResponse<String> refused = http().get("/api/royalties", "Authorization", custom);
    assertContract(refused, 403, "Forbidden.");
    assertThat(refused.headers().firstValue("WWW-Authenticate"))
        .hasValue(
            "Bearer realm=\"acme-api\", error=\"insufficient_scope\", scope=\"royalties:read\"");
  }

  @Test
  void hasAuthorityWhenTokenIsPersonalThenCutToTheOwnersCurrentPermissions() {
    String personal =
        "Bearer "
            + issue(
                ALICE,
                TokenRequest.builder()
                    .name("mine")
                    .kind(TokenKind.PERSONAL)
                    .type(TokenType.FULL_ACCESS));

    assertThat(
            http()
                .post(
                    "/api/projects/royalties/contracts",
                    "application/json",
                    "{}",
                    "Authorization",
                    personal)
                .statusCode())
        .isEqualTo(200);
    DemoHost.ROLES.put("alice", Role.MEMBER);
    HttpResponse<String> demoted =
        http()
            .post(
                "/api/projects/royalties/contracts",
                "application/json",
                "{}",
                "Authorization",
                personal);
    assertContract(demoted, 403, "Forbidden.");
    assertThat(
            http().get("/api/projects/royalties/contracts", "Authorization", personal).statusCode())
        .isEqualTo(200);
    DemoHost.ROLES.remove("alice");
    assertThat(
            http().get("/api/projects/royalties/contracts", "Authorization", personal).statusCode())
        .isEqualTo(401);
  }

  @Test
  void projectPathWhenTokenIsScopedToAnotherProjectThen403WhateverTheSpelling() {
    String scoped =
        "Bearer "
            + issue(
                ALICE,
                TokenRequest.builder().name("p").project("royalties").type(TokenType.FULL_ACCESS));

    assertThat(
            http().get("/api/projects/royalties/contracts", "Authorization", scoped).statusCode())
        .isEqualTo(200);
    HttpResponse<String> other =
        http().get("/api/projects/catalog/contracts", "Authorization", scoped);
    assertContract(other, 403, "Forbidden.");
    assertThat(other.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"acme-api\", error=\"insufficient_scope\"");
    for (String path :
        List.of(
            "/api/projects/%63atalog/contracts",
            "/api/%70rojects/catalog/contracts",
            "/api/projects/catalog;x=y/contracts",
            "/api/projects/royalties/../catalog/contracts")) {
      HttpResponse<String> answer = http().get(path, "Authorization", scoped);
      assertThat(answer.statusCode()).as(path).isIn(400, 403);
      assertThat(answer.body()).as(path).doesNotContain("contracts\":");
    }
    HttpResponse<String> post =
        http()
            .post(
                "/api/projects/catalog/contracts",
                "application/json",
                "{}",
                "Authorization",
                scoped);
    assertThat(post.statusCode()).isEqualTo(403);
  }

  @Test
  void adminAssetsWhenNotSignedInThenTheStaticFilesAreServedButNotThePageOrItsContext() {
    HttpResponse<String> page =
        http().get("/admin/api/", "Authorization", Http.basic("alice", DemoHost.PASSWORD));
    assertThat(page.statusCode()).isEqualTo(200);
    java.util.regex.Matcher icon =
        java.util.regex.Pattern.compile("href=\"(assets/favicon-[^\"]+\\.svg)\"")
            .matcher(page.body());
    assertThat(icon.find()).as(page.body()).isTrue();

    HttpResponse<String> anonymous = http().get("/admin/api/" + icon.group(1));

    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(anonymous.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("image/svg+xml"));
    assertThat(http().get("/admin/api/").statusCode()).isIn(302, 401);
    assertThat(http().get("/admin/api/context").statusCode()).isIn(302, 401);
    assertThat(http().post("/admin/api/" + icon.group(1), "application/json", "{}").statusCode())
        .isIn(401, 403);
  }

  @Test
  void adminApiWhenNotSignedInThenNeverAnsweredWhateverThePathSpelling() {
    String token = "Bearer " + token(TokenType.FULL_ACCESS);
    for (String path :
        List.of(
            "/admin/api/tokens",
            "/admin/api/tokens/",
            "/admin/api/",
            "/admin/api",
            "/admin/api/context",
            "/admin/api/assets/app.js",
            "/admin/api%2ftokens",
            "/admin/api%2Ftokens",
            "//admin/api/tokens",
            "/admin//api/tokens",
            "/admin/./api/tokens",
            "/x/../admin/api/tokens",
            "/admin/api/./tokens",
            "/admin/api;jsessionid=x/tokens",
            "/admin/api/tokens;jsessionid=x",
            "/admin;x=y/api/tokens",
            "/ADMIN/api/tokens",
            "/Admin/Api/tokens",
            "/admin/%61pi/tokens")) {
      for (String[] headers : List.of(new String[0], new String[] {"Authorization", token})) {
        HttpResponse<String> answer = http().get(path, headers);
        assertThat(answer.statusCode())
            .as(path + " " + headers.length)
            .isIn(302, 400, 401, 403, 404);
        assertThat(answer.body())
            .as(path)
            .doesNotContain("\"tokens\"")
            .doesNotContain("nextCursor");
      }
    }
  }

  @Test
  void adminApiWhenSignedInWithBasicThenJsonCallsWorkWithoutASession() {
    Http client = http();
    String basic = Http.basic("alice", DemoHost.PASSWORD);

    HttpResponse<String> list = client.get("/admin/api/tokens", "Authorization", basic);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("\"tokens\"");
    HttpResponse<String> created =
        client.post(
            "/admin/api/tokens",
            "application/json",
            "{\"name\":\"from-basic\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}",
            "Authorization",
            basic);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.body()).contains("\"plaintext\":\"tkr_");
    assertThat(created.headers().firstValue("Set-Cookie").orElse("")).doesNotContain("JSESSIONID");
    assertThat(
            http()
                .get("/admin/api/tokens", "Authorization", Http.basic("alice", "wrong"))
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void adminApiWhenBasicCallLooksLikeACrossSiteFormThenCsrfRefusesIt() {
    String basic = Http.basic("alice", DemoHost.PASSWORD);
    for (String type :
        List.of(
            "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x")) {
      HttpResponse<String> answer =
          http()
              .post(
                  "/admin/api/tokens",
                  type,
                  "{\"name\":\"x\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}",
                  "Authorization",
                  basic);
      assertThat(answer.statusCode()).as(type).isEqualTo(403);
    }
  }

  @Test
  void adminApiWhenSignedInWithASessionThenCrossSiteFormPostIsRefusedAndThePageWaySucceeds() {
    Http browser = http();
    browser.formLogin("alice", DemoHost.PASSWORD);
    assertThat(browser.get("/admin/api/tokens").statusCode()).isEqualTo(200);
    String body = "{\"name\":\"from-page\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}";

    // What another site's form can send: the session cookie rides along, no CSRF header.
    HttpResponse<String> forged =
        browser.post(
            "/admin/api/tokens",
            "application/x-www-form-urlencoded",
            "name=x&expiresIn=7d&type=full-access");
    assertThat(forged.statusCode()).isEqualTo(403);
    HttpResponse<String> noHeader = browser.post("/admin/api/tokens", "application/json", body);
    assertThat(noHeader.statusCode()).isEqualTo(403);
    HttpResponse<String> wrongHeader =
        browser.post("/admin/api/tokens", "application/json", body, "X-XSRF-TOKEN", "forged");
    assertThat(wrongHeader.statusCode()).isEqualTo(403);

    browser.get("/admin/api/tokens");
    String xsrf = browser.cookie("XSRF-TOKEN").orElseThrow();
    HttpResponse<String> page =
        browser.post("/admin/api/tokens", "application/json", body, "X-XSRF-TOKEN", xsrf);
    assertThat(page.statusCode()).isEqualTo(201);
  }

  @Test
  void adminApiWhenASessionCookieComesWithoutSignInThenTheTokenChainIgnoresIt() {
    Http browser = http();
    browser.formLogin("alice", DemoHost.PASSWORD);

    assertThat(browser.get("/api/v1/me").statusCode()).isEqualTo(401);
  }

  @Test
  void flywayWhenTheHostHasItsOwnV1ThenBothHistoriesApply() {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);

    assertThat(
            jdbc.queryForList(
                "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" AND \"version\" IS NOT NULL",
                String.class))
        .containsExactly("1");
    List<String> tokenryVersions =
        jdbc.queryForList(
            "SELECT \"version\" FROM \""
                + TokenryFlyway.HISTORY_TABLE
                + "\" WHERE \"success\" AND \"type\" = 'SQL'",
            String.class);
    assertThat(tokenryVersions)
        .as("H2 has no version 4: it is PostgreSQL's change triggers")
        .containsExactly("1", "2", "3");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM host_orders", Integer.class)).isZero();
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM tokenry_tokens", Integer.class))
        .isNotNull();
  }

  @Test
  void actuatorWhenConfigpropsAndEnvShowValuesThenTheHmacSecretIsMasked() {
    String token = "Bearer " + token(TokenType.READ_ONLY);
    String secret = "test-only-secret-0123456789abcdef-0123";

    HttpResponse<String> configprops =
        http().get("/actuator/configprops/tokenry", "Authorization", token);
    assertThat(configprops.statusCode()).isEqualTo(200);
    assertThat(configprops.body()).contains("test1").contains("******").doesNotContain(secret);
    HttpResponse<String> env = http().get("/actuator/env", "Authorization", token);
    assertThat(env.statusCode()).isEqualTo(200);
    assertThat(env.body())
        .contains("tokenry.hmac.keys[0].secret")
        .contains("test1")
        .doesNotContain(secret);
    HttpResponse<String> one =
        http().get("/actuator/env/tokenry.hmac.keys%5B0%5D.secret", "Authorization", token);
    assertThat(one.body()).doesNotContain(secret);
  }

  @Test
  void actuatorWhenTheStoreAnswersThenHealthIsUpAndTheMetersCount() {
    String token = "Bearer " + token(TokenType.READ_ONLY);
    http().get("/api/v1/me", "Authorization", "Bearer garbage");

    HttpResponse<String> health = http().get("/actuator/health", "Authorization", token);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body())
        .contains("\"tokenry\":{\"details\":{\"store\":\"JdbcTokenStore\"},\"status\":\"UP\"}");
    HttpResponse<String> rejected =
        http()
            .get(
                "/actuator/metrics/tokenry.verifications?tag=outcome:rejected&tag=reason:malformed",
                "Authorization",
                token);
    assertThat(rejected.statusCode()).isEqualTo(200);
    assertThat(rejected.body()).contains("\"COUNT\"").doesNotContain("\"value\":0.0");
    HttpResponse<String> timer =
        http().get("/actuator/metrics/tokenry.verification.duration", "Authorization", token);
    assertThat(timer.statusCode()).isEqualTo(200);
    HttpResponse<String> gauge =
        http().get("/actuator/metrics/tokenry.last.used.pending", "Authorization", token);
    assertThat(gauge.statusCode()).isEqualTo(200);
    HttpResponse<String> tags =
        http().get("/actuator/metrics/tokenry.verifications", "Authorization", token);
    assertThat(tags.body()).contains("\"outcome\"", "\"reason\"").doesNotContain("acme", "alice");
  }

  @Test
  void logsWhenTokensAreUsedRejectedAndIssuedOverHttpThenNoPlaintextOrSecretAppears() {
    String valid;
    String created;
    try (CapturedLogs logs = new CapturedLogs()) {
      valid = token(TokenType.READ_ONLY);
      String revoked = token(TokenType.READ_ONLY);
      tokenry.revoke(ALICE, tokenry.verify(revoked).orElseThrow().tokenId());
      http().get("/api/v1/me", "Authorization", "Bearer " + valid);
      http().get("/api/v1/me", "Authorization", "Bearer " + revoked);
      http().get("/api/v1/me", "Authorization", "Bearer " + valid + "x");
      http()
          .post(
              "/api/projects/p/contracts",
              "application/json",
              "{}",
              "Authorization",
              "Bearer " + valid);
      HttpResponse<String> answer =
          http()
              .post(
                  "/admin/api/tokens",
                  "application/json",
                  "{\"name\":\"logged\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}",
                  "Authorization",
                  Http.basic("alice", DemoHost.PASSWORD));
      created = answer.body().replaceAll(".*\"plaintext\":\"([^\"]+)\".*", "$1");
      assertThat(created).startsWith("tkr_");
      String secretPart = valid.substring(valid.lastIndexOf('_') + 1);
      // The test's HTTP client and Tomcat's connector dump raw bytes at DEBUG (docs/servlet.md
      // warns
      // against running them at DEBUG); every other logger, Tokenry's and Spring's, is checked.
      List<String> checked =
          logs.lines().stream()
              .filter(
                  line ->
                      !line.matches(
                          "(?s)\\w+ (jdk\\.internal\\.|org\\.apache\\.coyote\\.|org\\.apache\\.tomcat\\.).*"))
              .toList();
      assertThat(checked).anySatisfy(line -> assertThat(line).contains("dev.tokenry.events"));
      assertThat(checked)
          .allSatisfy(
              line ->
                  assertThat(line)
                      .doesNotContain(secretPart)
                      .doesNotContain(revoked.substring(revoked.lastIndexOf('_') + 1))
                      .doesNotContain(created.substring(created.lastIndexOf('_') + 1))
                      .doesNotContain("test-only-secret-0123456789abcdef-0123")
                      .doesNotContain(DemoHost.PASSWORD));
    }
  }
}
