package dev.tokenry.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin API over real HTTP: every row of the admin contract table, every error status, and
 * every management rule as an Owner (alice), an Admin (adam), a Member (mia) and the Owner of
 * another organization (gina).
 */
class TokenAdminServletHttpTest {

  static final String CREATE_CI = "{\"name\":\"CI\",\"expiresIn\":\"30d\",\"type\":\"read-only\"}";
  static final List<String> TOKEN_FIELDS =
      List.of(
          "id",
          "name",
          "description",
          "kind",
          "scope",
          "owner",
          "type",
          "permissions",
          "masked",
          "createdAt",
          "createdBy",
          "expiresAt",
          "lastUsedAt",
          "lastUsedFrom",
          "previousSecretValidUntil",
          "version");

  TestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer(RouteRules.builder().permit("*", "/admin/**").build());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  HttpResponse<String> call(String method, String path, String actor, String json)
      throws Exception {
    HttpResponse<String> response = server.admin(method, path, actor, json);
    assertThat(response.headers().firstValue("Cache-Control"))
        .as(method + " " + path)
        .contains("no-store");
    assertThat(response.statusCode()).as(method + " " + path).isLessThan(500).isNotEqualTo(415);
    return response;
  }

  JsonNode create(String actor, String json) throws Exception {
    HttpResponse<String> response = call("POST", "/tokens", actor, json);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return TestServer.json(response);
  }

  String orgToken(String name) {
    return server
        .tokenry
        .issue(
            Actor.system("acme"),
            TokenRequest.builder()
                .name(name)
                .expiresIn(ExpiryPreset.NEVER)
                .type(TokenType.READ_ONLY)
                .build())
        .token()
        .id();
  }

  static void assertError(
      HttpResponse<String> response, int status, String message, String errorsJson)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode body = TestServer.json(response);
    if (message != null) {
      assertThat(body.get("message").asText()).isEqualTo(message);
    }
    assertThat(body.get("errors")).isEqualTo(TestServer.JSON.readTree(errorsJson));
  }

  // --- the rows of the table -----------------------------------------------------------------

  @Test
  void createWhenOwnerThenCreatedAndPlaintextShownOnce() throws Exception {
    JsonNode body = create("alice", CREATE_CI);

    JsonNode token = body.get("token");
    List<String> fields = new ArrayList<>();
    token.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactlyElementsOf(TOKEN_FIELDS);
    assertThat(body.get("plaintext").asText()).startsWith("tkr_" + token.get("id").asText() + "_");
    assertThat(token.get("name").asText()).isEqualTo("CI");
    assertThat(token.get("description").asText()).isEmpty();
    assertThat(token.get("kind").asText()).isEqualTo("organization");
    assertThat(token.get("scope"))
        .isEqualTo(
            TestServer.JSON.readTree(
                "{\"type\":\"organization\",\"organizationId\":\"acme\",\"projectId\":null,\"projectName\":null}"));
    assertThat(token.get("owner").isNull()).isTrue();
    assertThat(token.get("type").asText()).isEqualTo("read-only");
    assertThat(token.get("permissions").toString()).isEqualTo("[\"*:read\"]");
    assertThat(token.get("masked").asText()).isEqualTo("tkr_" + token.get("id").asText() + "_…");
    assertThat(token.get("createdAt").asText()).isEqualTo("2026-11-23T10:00:00Z");
    assertThat(token.get("createdBy").asText()).isEqualTo("alice");
    assertThat(token.get("expiresAt").asText()).isEqualTo("2026-12-23T10:00:00Z");
    assertThat(token.get("lastUsedAt").isNull()).isTrue();
    assertThat(token.get("version").asLong()).isEqualTo(1);
    assertThat(server.admin("GET", "/tokens/" + token.get("id").asText(), "alice", null).headers())
        .satisfies(h -> assertThat(h.firstValue("ETag")).contains("\"1\""));
    String hash = server.store.peek(token.get("id").asText()).secretHash();
    assertThat(body.toString()).doesNotContain(hash);
    assertThat(server.tokenry.verify(body.get("plaintext").asText())).isPresent();
  }

  @Test
  void createWhenNameLooksLikeATakenOneOrHidesCharactersThenRefused() throws Exception {
    String body = "{\"name\":\"%s\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}";
    assertThat(call("POST", "/tokens", "alice", body.formatted("Deploy")).statusCode())
        .isEqualTo(201);
    for (String lookalike : List.of("\\uff24eploy", "DEPLOY", "De\\u00adploy")) {
      HttpResponse<String> response = call("POST", "/tokens", "alice", body.formatted(lookalike));
      assertThat(response.statusCode()).as(lookalike).isIn(409, 422);
      assertThat(TestServer.json(response).get("errors").has("name")).isTrue();
    }
    HttpResponse<String> bidi = call("POST", "/tokens", "alice", body.formatted("a\\u202eb"));
    assertThat(bidi.statusCode()).isEqualTo(422);
    assertThat(TestServer.json(bidi).get("errors").has("name")).isTrue();
    assertThat(server.tokenCount()).isEqualTo(1);
  }

  @Test
  void createWhenProjectIsNotOneOfTheOrganizationsThenUnprocessableNamingScopeProjectId()
      throws Exception {
    for (String projectId : List.of("g-1", "p-z")) {
      HttpResponse<String> response =
          call(
              "POST",
              "/tokens",
              "alice",
              "{\"name\":\"x\",\"scope\":{\"type\":\"project\",\"projectId\":\""
                  + projectId
                  + "\"},\"expiresIn\":\"7d\",\"type\":\"read-only\"}");
      assertThat(response.statusCode()).as(projectId).isEqualTo(422);
      assertThat(TestServer.json(response).get("errors").has("scope.projectId")).isTrue();
    }
    assertThat(server.tokenCount()).isZero();
  }

  @Test
  void createWhenProjectScopedPersonalCustomThenAsAsked() throws Exception {
    JsonNode token =
        create(
                "mia",
                "{\"name\":\"mine\",\"description\":\"laptop\","
                    + "\"kind\":\"personal\",\"scope\":{\"type\":\"project\",\"projectId\":\"p-a\"},"
                    + "\"expiresIn\":\"never\",\"type\":\"custom\",\"permissions\":[\"contracts:read\"]}")
            .get("token");

    assertThat(token.get("kind").asText()).isEqualTo("personal");
    assertThat(token.get("owner").asText()).isEqualTo("mia");
    assertThat(token.get("description").asText()).isEqualTo("laptop");
    assertThat(token.get("scope").get("type").asText()).isEqualTo("project");
    assertThat(token.get("scope").get("projectId").asText()).isEqualTo("p-a");
    assertThat(token.get("scope").get("projectName").asText()).isEqualTo("Project A");
    assertThat(token.get("expiresAt").isNull()).isTrue();
    assertThat(token.get("permissions").toString()).isEqualTo("[\"contracts:read\"]");
  }

  @Test
  void listWhenTokensExistThenNewestFirstPagedAndWithoutPlaintext() throws Exception {
    List<String> plaintexts = new ArrayList<>();
    for (String name : List.of("one", "two", "three")) {
      plaintexts.add(
          create("alice", "{\"name\":\"" + name + "\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}")
              .get("plaintext")
              .asText());
      server.clock.advance(Duration.ofSeconds(1));
    }

    HttpResponse<String> first = call("GET", "/tokens?limit=2", "alice", null);
    JsonNode page = TestServer.json(first);
    assertThat(page.get("tokens"))
        .extracting(t -> t.get("name").asText())
        .containsExactly("three", "two");
    String cursor = page.get("nextCursor").asText();
    JsonNode second =
        TestServer.json(call("GET", "/tokens?limit=2&cursor=" + cursor, "alice", null));
    assertThat(second.get("tokens")).extracting(t -> t.get("name").asText()).containsExactly("one");
    assertThat(second.get("nextCursor").isNull()).isTrue();
    JsonNode named =
        TestServer.json(call("GET", "/tokens?name=TW&kind=organization", "alice", null));
    assertThat(named.get("tokens")).extracting(t -> t.get("name").asText()).containsExactly("two");
    for (String plaintext : plaintexts) {
      assertThat(first.body() + second)
          .doesNotContain(plaintext)
          .doesNotContain(plaintext.substring(plaintext.lastIndexOf('_') + 1));
    }
  }

  @Test
  void listWhenProjectFilterThenOnlyThatProject() throws Exception {
    create(
        "alice",
        "{\"name\":\"a\",\"scope\":{\"type\":\"project\",\"projectId\":\"p-a\"},"
            + "\"expiresIn\":\"7d\",\"type\":\"read-only\"}");
    create("alice", CREATE_CI);

    JsonNode page = TestServer.json(call("GET", "/tokens?projectId=p-a", "alice", null));

    assertThat(page.get("tokens")).extracting(t -> t.get("name").asText()).containsExactly("a");
  }

  @Test
  void getWhenVisibleThenTokenObjectWithoutPlaintext() throws Exception {
    JsonNode created = create("alice", CREATE_CI);
    String id = created.get("token").get("id").asText();

    HttpResponse<String> response = call("GET", "/tokens/" + id, "alice", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(TestServer.json(response)).isEqualTo(created.get("token"));
    assertThat(response.body()).doesNotContain(created.get("plaintext").asText());
  }

  @Test
  void patchWhenFieldsGivenThenChangedAndExpiryCountedFromNow() throws Exception {
    String id = create("alice", CREATE_CI).get("token").get("id").asText();
    server.clock.advance(Duration.ofDays(2));

    HttpResponse<String> response =
        call(
            "PATCH",
            "/tokens/" + id,
            "adam",
            "{\"name\":\"CI 2\","
                + "\"description\":\"nightly\",\"expiresIn\":\"1d\",\"type\":\"custom\","
                + "\"permissions\":[\"contracts:read\",\"projects:read\"]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode token = TestServer.json(response);
    assertThat(token.get("name").asText()).isEqualTo("CI 2");
    assertThat(token.get("description").asText()).isEqualTo("nightly");
    assertThat(token.get("expiresAt").asText()).isEqualTo("2026-11-26T10:00:00Z");
    assertThat(token.get("type").asText()).isEqualTo("custom");
    assertThat(token.get("permissions").toString())
        .isEqualTo("[\"contracts:read\",\"projects:read\"]");
  }

  // --- If-Match: an edit from a stale form is refused ------------------------------------------

  static final String STALE = "The token was changed since you loaded it; reload and try again.";

  HttpResponse<String> patch(String id, String actor, String json, String ifMatch)
      throws Exception {
    HttpResponse<String> response =
        ifMatch == null
            ? server.admin("PATCH", "/tokens/" + id, actor, json)
            : server.admin("PATCH", "/tokens/" + id, actor, json, "If-Match", ifMatch);
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    return response;
  }

  String fullAccessToken() throws Exception {
    return create("alice", "{\"name\":\"CI\",\"expiresIn\":\"30d\",\"type\":\"full-access\"}")
        .get("token")
        .get("id")
        .asText();
  }

  @Test
  void createGetPatchAndRegenerateWhenAnsweredThenETagNamesTheVersion() throws Exception {
    HttpResponse<String> created = call("POST", "/tokens", "alice", CREATE_CI);
    String id = TestServer.json(created).get("token").get("id").asText();
    assertThat(created.headers().firstValue("ETag")).contains("\"1\"");

    HttpResponse<String> patched = patch(id, "alice", "{\"description\":\"x\"}", "\"1\"");
    assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
    assertThat(patched.headers().firstValue("ETag")).contains("\"2\"");
    assertThat(TestServer.json(patched).get("version").asLong()).isEqualTo(2);

    HttpResponse<String> regenerated = call("POST", "/tokens/" + id + "/regenerate", "alice", null);
    assertThat(regenerated.headers().firstValue("ETag")).contains("\"3\"");
    assertThat(TestServer.json(regenerated).get("token").get("version").asLong()).isEqualTo(3);

    HttpResponse<String> got = call("GET", "/tokens/" + id, "alice", null);
    assertThat(got.headers().firstValue("ETag")).contains("\"3\"");
    assertThat(call("GET", "/tokens", "alice", null).headers().firstValue("ETag")).isEmpty();
  }

  @Test
  void patchWhenIfMatchIsStaleThenPreconditionFailedAndUnchanged() throws Exception {
    String id = fullAccessToken();
    // Alice (Owner) opens the edit form; Adam (Admin, "Bob" in the issue) opens it too.
    String aliceETag =
        call("GET", "/tokens/" + id, "alice", null).headers().firstValue("ETag").orElseThrow();
    String bobETag =
        call("GET", "/tokens/" + id, "adam", null).headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> narrowed = patch(id, "adam", "{\"type\":\"read-only\"}", bobETag);
    assertThat(narrowed.statusCode()).as(narrowed.body()).isEqualTo(200);
    assertThat(TestServer.json(narrowed).get("type").asText()).isEqualTo("read-only");

    HttpResponse<String> stale =
        patch(id, "alice", "{\"type\":\"full-access\",\"name\":\"CI 2\"}", aliceETag);

    assertError(stale, 412, STALE, "{}");
    JsonNode now = TestServer.json(call("GET", "/tokens/" + id, "alice", null));
    assertThat(now.get("type").asText()).isEqualTo("read-only");
    assertThat(now.get("name").asText()).isEqualTo("CI");
    assertThat(now.get("version").asLong()).isEqualTo(2);
  }

  @Test
  void patchWhenIfMatchIsAbsentThenLastWriteWinsAsBefore() throws Exception {
    String id = fullAccessToken();
    patch(id, "adam", "{\"type\":\"read-only\"}", null);

    HttpResponse<String> response = patch(id, "alice", "{\"type\":\"full-access\"}", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(TestServer.json(response).get("type").asText()).isEqualTo("full-access");
  }

  @Test
  void patchWhenIfMatchIsStarThenAnyExistingTokenMatches() throws Exception {
    String id = fullAccessToken();
    patch(id, "adam", "{\"description\":\"a\"}", null);

    HttpResponse<String> response = patch(id, "alice", "{\"description\":\"b\"}", "*");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertError(
        patch("0123456789abcdef", "alice", "{\"description\":\"b\"}", "*"), 404, null, "{}");
  }

  @Test
  void patchWhenIfMatchListsTheCurrentVersionAmongOthersThenApplied() throws Exception {
    String id = fullAccessToken();
    patch(id, "adam", "{\"description\":\"a\"}", null);

    HttpResponse<String> listed = patch(id, "alice", "{\"description\":\"b\"}", "\"1\", \"2\"");
    HttpResponse<String> stale = patch(id, "alice", "{\"description\":\"c\"}", "\"1\", \"2\"");

    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
    assertError(stale, 412, STALE, "{}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"W/\"1\"", "1", "\"01\"", "\"one\"", "\"\"", "\"1"})
  void patchWhenIfMatchIsWeakOrMalformedThenPreconditionFailedAndUnchanged(String ifMatch)
      throws Exception {
    String id = fullAccessToken();

    HttpResponse<String> response = patch(id, "alice", "{\"type\":\"read-only\"}", ifMatch);

    assertError(
        response,
        412,
        STALE,
        "{\"If-Match\":[\"give the ETag the token was loaded with, such as \\\"3\\\", or *;"
            + " weak or malformed tags never match\"]}");
    assertThat(server.tokenry.get(Actor.system("acme"), id).type())
        .isEqualTo(TokenType.FULL_ACCESS);
  }

  @Test
  void patchWhenIfMatchIsStaleButTokenInvisibleThenNotFound() throws Exception {
    String id = fullAccessToken();

    assertError(patch(id, "gina", "{\"type\":\"read-only\"}", "\"9\""), 404, null, "{}");
    assertError(patch(id, "gina", "{\"type\":\"read-only\"}", "W/\"9\""), 404, null, "{}");
  }

  @Test
  void regenerateWhenOwnerThenNewPlaintextAndOldOneDies() throws Exception {
    JsonNode created = create("alice", CREATE_CI);
    String id = created.get("token").get("id").asText();
    String old = created.get("plaintext").asText();

    HttpResponse<String> response = call("POST", "/tokens/" + id + "/regenerate", "alice", null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = TestServer.json(response);
    assertThat(body.get("token").get("id").asText()).isEqualTo(id);
    String fresh = body.get("plaintext").asText();
    assertThat(fresh).isNotEqualTo(old).startsWith("tkr_" + id + "_");
    assertThat(server.tokenry.verify(old)).isEmpty();
    assertThat(server.tokenry.verify(fresh)).isPresent();
  }

  @Test
  void deleteWhenOwnerThenNoContentAndGone() throws Exception {
    JsonNode created = create("alice", CREATE_CI);
    String id = created.get("token").get("id").asText();

    HttpResponse<String> response = call("DELETE", "/tokens/" + id, "alice", null);

    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertError(call("GET", "/tokens/" + id, "alice", null), 404, "Token not found.", "{}");
    assertThat(server.tokenry.verify(created.get("plaintext").asText())).isEmpty();
  }

  @Test
  void bulkDeleteWhenAllAllowedThenAllDeleted() throws Exception {
    String a = orgToken("a");
    String b = orgToken("b");

    HttpResponse<String> response =
        call("POST", "/tokens/delete", "adam", "{\"ids\":[\"" + a + "\",\"" + b + "\"]}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{\"deleted\":2}");
    assertThat(server.tokenCount()).isZero();
  }

  @Test
  void bulkDeleteWhenOneIdUnknownThenNothingDeletedAndIdNamed() throws Exception {
    String a = orgToken("a");

    assertError(
        call("POST", "/tokens/delete", "alice", "{\"ids\":[\"" + a + "\",\"AAAAAAAAAAAAAAAA\"]}"),
        404,
        "Token not found.",
        "{\"ids\":[\"AAAAAAAAAAAAAAAA\"]}");
    assertThat(server.tokenCount()).isEqualTo(1);
  }

  @Test
  void bulkDeleteWhenMemberIncludesOrganizationTokenThenNothingDeletedAndIdNamed()
      throws Exception {
    String org = orgToken("org");
    String own =
        create(
                "mia",
                "{\"name\":\"mine\",\"kind\":\"personal\",\"expiresIn\":\"7d\","
                    + "\"type\":\"read-only\"}")
            .get("token")
            .get("id")
            .asText();

    HttpResponse<String> response =
        call("POST", "/tokens/delete", "mia", "{\"ids\":[\"" + own + "\",\"" + org + "\"]}");

    assertError(response, 403, null, "{\"ids\":[\"" + org + "\"]}");
    assertThat(server.tokenCount()).isEqualTo(2);
  }

  @Test
  void bulkDeleteWhenIdsMissingOrEmptyThenUnprocessable() throws Exception {
    assertThat(call("POST", "/tokens/delete", "alice", "{}").statusCode()).isEqualTo(422);
    assertThat(call("POST", "/tokens/delete", "alice", "{\"ids\":[]}").statusCode()).isEqualTo(422);
    assertThat(call("POST", "/tokens/delete", "alice", "{\"ids\":\"x\"}").statusCode())
        .isEqualTo(422);
  }

  @Test
  void expiryPreviewWhenPresetGivenThenExactInstant() throws Exception {
    assertThat(call("GET", "/tokens/expiry-preview?expiresIn=30d", "mia", null).body())
        .isEqualTo("{\"expiresAt\":\"2026-12-23T10:00:00Z\"}");
    assertThat(call("GET", "/tokens/expiry-preview?expiresIn=never", "mia", null).body())
        .isEqualTo("{\"expiresAt\":null}");
    assertError(
        call("GET", "/tokens/expiry-preview?expiresIn=2d", "mia", null),
        422,
        "The given data was invalid.",
        "{\"expiresIn\":[\"expiresIn must be one of 1d, 7d, 30d, 60d, 90d, never\"]}");
  }

  // --- error statuses ------------------------------------------------------------------------

  @Test
  void requestWhenNoActorThenUnauthenticated() throws Exception {
    assertError(call("GET", "/tokens", null, null), 401, "Unauthenticated.", "{}");
    assertError(call("POST", "/tokens", null, CREATE_CI), 401, "Unauthenticated.", "{}");
    assertThat(server.tokenCount()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{",
        "not json",
        "[1,2]",
        "\"text\"",
        "{\"name\":\"a\"} {}",
        "{\"name\":\"a\",\"name\":\"b\"}",
        ""
      })
  void createWhenBodyUnreadableThenBadRequest(String body) throws Exception {
    HttpResponse<String> response = call("POST", "/tokens", "alice", body);

    assertThat(response.statusCode()).as(body).isEqualTo(400);
    assertThat(TestServer.json(response).get("errors").isObject()).isTrue();
  }

  @Test
  void createWhenUnknownFieldsThenUnprocessableNamingThem() throws Exception {
    assertError(
        call(
            "POST",
            "/tokens",
            "alice",
            "{\"name\":\"CI\",\"expiresIn\":\"7d\","
                + "\"type\":\"read-only\",\"admin\":true,\"scope\":{\"type\":\"organization\","
                + "\"extra\":1}}"),
        422,
        "The given data was invalid.",
        "{\"admin\":[\"admin is not a known field\"],"
            + "\"scope.extra\":[\"scope.extra is not a known field\"]}");
    assertError(
        call("PATCH", "/tokens/" + orgToken("x"), "alice", "{\"secretHash\":\"x\"}"),
        422,
        "The given data was invalid.",
        "{\"secretHash\":[\"secretHash is not a known field\"]}");
    assertThat(
            call(
                    "POST",
                    "/tokens/" + orgToken("y") + "/regenerate",
                    "alice",
                    "{\"plaintext\":\"x\"}")
                .statusCode())
        .isEqualTo(422);
  }

  @Test
  void createWhenFieldsInvalidThenUnprocessableWithEachField() throws Exception {
    HttpResponse<String> response =
        call(
            "POST",
            "/tokens",
            "alice",
            "{\"name\":7,"
                + "\"kind\":\"team\",\"expiresIn\":\"2d\",\"type\":\"root\",\"permissions\":\"*\"}");

    assertThat(response.statusCode()).isEqualTo(422);
    List<String> fields = new ArrayList<>();
    TestServer.json(response).get("errors").fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .containsExactlyInAnyOrder("name", "kind", "expiresIn", "type", "permissions");
  }

  @Test
  void createWhenCoreRejectsFieldsThenUnprocessableWithCoreErrors() throws Exception {
    HttpResponse<String> response =
        call(
            "POST",
            "/tokens",
            "alice",
            "{\"expiresIn\":\"7d\",\"type\":\"custom\",\"permissions\":[\"not a permission\"]}");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(TestServer.json(response).get("errors").has("name")).isTrue();
    assertThat(TestServer.json(response).get("errors").has("permissions")).isTrue();
  }

  @Test
  void createWhenScopeMalformedThenUnprocessable() throws Exception {
    for (String scope :
        List.of(
            "\"org\"",
            "{\"type\":\"project\"}",
            "{\"type\":\"team\"}",
            "{\"type\":\"organization\",\"projectId\":\"p\"}")) {
      assertThat(
              call(
                      "POST",
                      "/tokens",
                      "alice",
                      "{\"name\":\"s\",\"expiresIn\":\"7d\","
                          + "\"type\":\"read-only\",\"scope\":"
                          + scope
                          + "}")
                  .statusCode())
          .as(scope)
          .isEqualTo(422);
    }
  }

  @Test
  void createWhenBodyTooLargeThenPayloadTooLarge() throws Exception {
    String big = "{\"name\":\"CI\",\"description\":\"" + "x".repeat(20_000) + "\"}";

    assertError(
        call("POST", "/tokens", "alice", big),
        413,
        "Payload Too Large.",
        "{\"body\":[\"the body must be at most 16384 bytes\"]}");
  }

  @Test
  void createWhenNotJsonContentTypeThenUnsupportedMediaType() throws Exception {
    HttpResponse<String> response =
        server.http.send(
            HttpRequest.newBuilder(server.uri("/admin/api/tokens"))
                .header(TestServer.ACTOR_HEADER, "alice")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(CREATE_CI))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertError(
        response,
        415,
        "Unsupported Media Type.",
        "{\"Content-Type\":[\"send Content-Type: application/json\"]}");
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(server.tokenCount()).isZero();
  }

  @Test
  void createWhenNameTakenThenConflict() throws Exception {
    create("alice", CREATE_CI);

    assertError(
        call("POST", "/tokens", "adam", CREATE_CI),
        409,
        null,
        "{\"name\":[\"a token with this name already exists\"]}");
  }

  @Test
  void requestWhenStoreUnavailableThenServiceUnavailableWithRetryAfter() throws Exception {
    server.store.down(true);
    HttpResponse<String> response = server.admin("GET", "/tokens", "alice", null);
    server.store.down(false);

    assertError(response, 503, "Service Unavailable.", "{}");
    assertThat(response.headers().firstValue("Retry-After")).contains("5");
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void requestWhenRouteUnknownOrMethodWrongThenNotFoundOrNotAllowed() throws Exception {
    assertError(call("GET", "/other", "alice", null), 404, "Not found.", "{}");
    assertError(call("GET", "/tokens/x/y", "alice", null), 404, "Not found.", "{}");
    assertError(call("GET", "/tokens/x/y/z", "alice", null), 404, "Not found.", "{}");
    HttpResponse<String> put = call("PUT", "/tokens", "alice", "{}");
    assertError(put, 405, "Method Not Allowed.", "{}");
    assertThat(put.headers().firstValue("Allow")).contains("GET, POST");
    assertThat(call("GET", "/tokens/delete", "alice", null).statusCode()).isEqualTo(405);
    assertThat(call("POST", "/tokens/expiry-preview", "alice", "{}").statusCode()).isEqualTo(405);
    assertThat(call("GET", "/tokens/x/regenerate", "alice", null).statusCode()).isEqualTo(405);
    assertThat(call("POST", "/tokens/x", "alice", "{}").statusCode()).isEqualTo(405);
  }

  @Test
  void listWhenQueryInvalidThenUnprocessable() throws Exception {
    assertThat(call("GET", "/tokens?limit=abc", "alice", null).statusCode()).isEqualTo(422);
    assertThat(call("GET", "/tokens?limit=1000", "alice", null).statusCode()).isEqualTo(422);
    assertThat(call("GET", "/tokens?kind=team", "alice", null).statusCode()).isEqualTo(422);
  }

  @Test
  void listWhenCursorIsForgedThenBadRequestNamingCursor() throws Exception {
    assertError(
        call("GET", "/tokens?cursor=garbage", "alice", null),
        400,
        "The given data was invalid.",
        "{\"cursor\":[\"cursor is not one this API returned\"]}");
    assertThat(
            call("GET", "/tokens?cursor=MS4lMDAuMDEyMzQ1Njc4OWFiY2RlZi54", "alice", null)
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void hostileIdsAndFiltersWhenSentThenFourHundredsNeverFiveHundreds() throws Exception {
    assertThat(call("GET", "/tokens?name=%00", "alice", null).statusCode()).isEqualTo(422);
    assertThat(call("GET", "/tokens/a%E2%80%AEb", "alice", null).statusCode()).isEqualTo(404);
    assertThat(call("PATCH", "/tokens/a%E2%80%AEb", "alice", "{\"name\":\"x\"}").statusCode())
        .isEqualTo(404);
    HttpResponse<String> bulk =
        call("POST", "/tokens/delete", "alice", "{\"ids\":[\"a\\u0000\", \"0123456789abcdef\"]}");
    assertThat(bulk.statusCode()).isEqualTo(404);
    assertThat(bulk.body()).doesNotContain("\u0000");
  }

  // --- management rules by role --------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"alice", "adam"})
  void organizationTokensWhenOwnerOrAdminThenFullyManaged(String actor) throws Exception {
    String id = create(actor, CREATE_CI).get("token").get("id").asText();
    String other = orgToken("by-system");

    assertThat(TestServer.json(call("GET", "/tokens", actor, null)).get("tokens")).hasSize(2);
    assertThat(call("GET", "/tokens/" + other, actor, null).statusCode()).isEqualTo(200);
    assertThat(call("PATCH", "/tokens/" + other, actor, "{\"name\":\"renamed\"}").statusCode())
        .isEqualTo(200);
    assertThat(call("POST", "/tokens/" + other + "/regenerate", actor, null).statusCode())
        .isEqualTo(200);
    assertThat(call("DELETE", "/tokens/" + other, actor, null).statusCode()).isEqualTo(204);
    assertThat(call("POST", "/tokens/delete", actor, "{\"ids\":[\"" + id + "\"]}").statusCode())
        .isEqualTo(200);
  }

  @Test
  void organizationTokensWhenMemberThenForbiddenAndUnlisted() throws Exception {
    String id = orgToken("org");

    assertThat(call("POST", "/tokens", "mia", CREATE_CI).statusCode()).isEqualTo(403);
    assertThat(TestServer.json(call("GET", "/tokens", "mia", null)).get("tokens")).isEmpty();
    assertThat(call("GET", "/tokens?kind=organization", "mia", null).statusCode()).isEqualTo(403);
    assertThat(call("GET", "/tokens/" + id, "mia", null).statusCode()).isEqualTo(403);
    assertThat(call("PATCH", "/tokens/" + id, "mia", "{\"name\":\"x\"}").statusCode())
        .isEqualTo(403);
    assertThat(call("POST", "/tokens/" + id + "/regenerate", "mia", null).statusCode())
        .isEqualTo(403);
    assertThat(call("DELETE", "/tokens/" + id, "mia", null).statusCode()).isEqualTo(403);
    assertThat(server.store.peek(id).token().name()).isEqualTo("org");
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice", "adam", "mia"})
  void personalTokensWhenOwnUserThenManagedAndInvisibleToOthers(String actor) throws Exception {
    String personal =
        "{\"name\":\"mine\",\"kind\":\"personal\",\"expiresIn\":\"7d\","
            + "\"type\":\"read-only\"}";
    String id = create(actor, personal).get("token").get("id").asText();

    assertThat(call("GET", "/tokens/" + id, actor, null).statusCode()).isEqualTo(200);
    assertThat(call("PATCH", "/tokens/" + id, actor, "{\"description\":\"d\"}").statusCode())
        .isEqualTo(200);
    assertThat(call("POST", "/tokens/" + id + "/regenerate", actor, null).statusCode())
        .isEqualTo(200);
    for (String other : List.of("alice", "adam", "mia", "gina")) {
      if (other.equals(actor)) {
        continue;
      }
      assertError(call("GET", "/tokens/" + id, other, null), 404, "Token not found.", "{}");
      assertThat(call("PATCH", "/tokens/" + id, other, "{\"name\":\"x\"}").statusCode())
          .isEqualTo(404);
      assertThat(call("POST", "/tokens/" + id + "/regenerate", other, null).statusCode())
          .isEqualTo(404);
      assertThat(call("DELETE", "/tokens/" + id, other, null).statusCode()).isEqualTo(404);
      assertThat(call("GET", "/tokens?kind=personal", other, null).body()).doesNotContain(id);
    }
    assertThat(call("DELETE", "/tokens/" + id, actor, null).statusCode()).isEqualTo(204);
  }

  @Test
  void tokensWhenUserOfAnotherOrganizationThenNotFoundAndUnlisted() throws Exception {
    String id = orgToken("acme-only");

    assertThat(TestServer.json(call("GET", "/tokens", "gina", null)).get("tokens")).isEmpty();
    assertError(call("GET", "/tokens/" + id, "gina", null), 404, "Token not found.", "{}");
    assertThat(call("PATCH", "/tokens/" + id, "gina", "{\"name\":\"x\"}").statusCode())
        .isEqualTo(404);
    assertThat(call("POST", "/tokens/" + id + "/regenerate", "gina", null).statusCode())
        .isEqualTo(404);
    assertThat(call("DELETE", "/tokens/" + id, "gina", null).statusCode()).isEqualTo(404);
    assertError(
        call("POST", "/tokens/delete", "gina", "{\"ids\":[\"" + id + "\"]}"),
        404,
        "Token not found.",
        "{\"ids\":[\"" + id + "\"]}");
    assertThat(server.tokenCount()).isEqualTo(1);
  }

  @Test
  void createWhenOrganizationTokenWouldExceedTheAdminThenForbiddenNamingPermissions()
      throws Exception {
    HttpResponse<String> response =
        call(
            "POST",
            "/tokens",
            "ada",
            "{\"name\":\"w\","
                + "\"expiresIn\":\"7d\",\"type\":\"custom\",\"permissions\":[\"projects:read\"]}");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(TestServer.json(response).get("errors").has("permissions")).isTrue();
    assertThat(
            call(
                    "POST",
                    "/tokens",
                    "ada",
                    "{\"name\":\"f\",\"expiresIn\":\"7d\"," + "\"type\":\"full-access\"}")
                .statusCode())
        .isEqualTo(403);
    assertThat(server.tokenCount()).isZero();
  }

  @Test
  void createWhenMemberAsksForAFullAccessPersonalTokenThenCreatedAndCutToTheirPermissions()
      throws Exception {
    HttpResponse<String> response =
        call(
            "POST",
            "/tokens",
            "mia",
            "{\"name\":\"f\","
                + "\"kind\":\"personal\",\"expiresIn\":\"7d\",\"type\":\"full-access\"}");

    assertThat(response.statusCode()).isEqualTo(201);
    String plaintext = TestServer.json(response).get("plaintext").asText();
    assertThat(server.tokenry.verify(plaintext).orElseThrow().permissions().values())
        .containsExactly("contracts:read", "projects:read");
  }
}
