package dev.tokenry.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /audit over real HTTP: what each role reads, the filters, paging and the refusals. */
class AdminAuditHttpTest {

  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        new TestServer(
            RouteRules.builder().permit("*", "/admin/**").authenticated("GET", "/api/**").build());
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private JsonNode create(String actor, String json) throws Exception {
    HttpResponse<String> response =
        server.admin("POST", "/tokens", actor, json, "User-Agent", "tokenry-test/1.0");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return TestServer.json(response);
  }

  private JsonNode audit(String actor, String query) throws Exception {
    HttpResponse<String> response = server.admin("GET", "/audit" + query, actor, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return TestServer.json(response).get("records");
  }

  private static List<String> actions(JsonNode records) {
    List<String> actions = new ArrayList<>();
    records.forEach(
        r -> actions.add(r.get("action").textValue() + " " + r.get("actor").textValue()));
    return actions;
  }

  @Test
  void auditWhenManagedOverHttpThenRecordsWithOriginAndNoSecrets() throws Exception {
    JsonNode created =
        create("alice", "{\"name\":\"CI\",\"expiresIn\":\"30d\",\"type\":\"read-only\"}");
    String id = created.get("token").get("id").textValue();
    String plaintext = created.get("plaintext").textValue();
    server.admin("PATCH", "/tokens/" + id, "alice", "{\"name\":\"CI 2\",\"description\":\"x\"}");
    HttpResponse<String> regenerated =
        server.admin("POST", "/tokens/" + id + "/regenerate", "adam", null);
    server.admin("DELETE", "/tokens/" + id, "alice", null);

    HttpResponse<String> response = server.admin("GET", "/audit", "alice", null);
    JsonNode records = TestServer.json(response).get("records");

    assertThat(actions(records))
        .containsExactly("revoked alice", "regenerated adam", "edited alice", "issued alice");
    JsonNode issued = records.get(3);
    assertThat(issued.get("tokenId").textValue()).isEqualTo(id);
    assertThat(issued.get("masked").textValue())
        .isEqualTo(created.get("token").get("masked").textValue());
    assertThat(issued.get("organizationId").textValue()).isEqualTo("acme");
    assertThat(issued.get("clientAddress").textValue()).isEqualTo("127.0.0.1");
    assertThat(issued.get("userAgent").textValue()).isEqualTo("tokenry-test/1.0");
    assertThat(issued.get("at").textValue()).endsWith("Z");
    assertThat(records.get(2).get("fields").toString()).isEqualTo("[\"description\",\"name\"]");
    assertThat(response.body())
        .doesNotContain(plaintext)
        .doesNotContain(TestServer.json(regenerated).get("plaintext").textValue());
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void auditWhenMemberThenOnlyTheirPersonalTokensWhileOwnersSeeTheOrganization() throws Exception {
    create("alice", "{\"name\":\"org\",\"expiresIn\":\"30d\",\"type\":\"read-only\"}");
    create(
        "mia",
        "{\"name\":\"mine\",\"kind\":\"personal\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}");
    create("gina", "{\"name\":\"globex\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}");
    HttpResponse<String> refused =
        server.admin(
            "POST",
            "/tokens",
            "mia",
            "{\"name\":\"sneaky\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}");
    assertThat(refused.statusCode()).isEqualTo(403);

    assertThat(actions(audit("mia", ""))).containsExactly("issued mia");
    assertThat(actions(audit("alice", "")))
        .containsExactly("refused_permission mia", "issued mia", "issued alice");
    assertThat(actions(audit("gina", ""))).containsExactly("issued gina");
    assertThat(server.admin("GET", "/audit", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void auditWhenFilteredAndPagedThenCursorFollowsAndForgedCursorIs400() throws Exception {
    for (int i = 0; i < 3; i++) {
      create("alice", "{\"name\":\"t" + i + "\",\"expiresIn\":\"30d\",\"type\":\"read-only\"}");
    }
    JsonNode one =
        create("adam", "{\"name\":\"adams\",\"expiresIn\":\"30d\",\"type\":\"read-only\"}");
    String id = one.get("token").get("id").textValue();

    assertThat(actions(audit("alice", "?actor=adam"))).containsExactly("issued adam");
    assertThat(audit("alice", "?tokenId=" + id)).hasSize(1);
    assertThat(audit("alice", "?action=edited")).isEmpty();
    assertThat(audit("alice", "?from=2000-01-01T00:00:00Z&until=2000-01-02T00:00:00Z")).isEmpty();

    HttpResponse<String> first = server.admin("GET", "/audit?limit=3", "alice", null);
    String cursor = TestServer.json(first).get("nextCursor").textValue();
    assertThat(TestServer.json(first).get("records")).hasSize(3);
    HttpResponse<String> second =
        server.admin("GET", "/audit?limit=3&cursor=" + cursor, "alice", null);
    assertThat(TestServer.json(second).get("records")).hasSize(1);
    assertThat(TestServer.json(second).get("nextCursor").isNull()).isTrue();

    HttpResponse<String> forged =
        server.admin("GET", "/audit?limit=3&cursor=x" + cursor, "alice", null);
    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(TestServer.json(forged).get("errors").has("cursor")).isTrue();
    HttpResponse<String> foreign =
        server.admin("GET", "/audit?limit=3&cursor=" + cursor, "gina", null);
    assertThat(foreign.statusCode()).isEqualTo(400);
  }

  @Test
  void auditWhenParametersMalformedThen422NamingThem() throws Exception {
    HttpResponse<String> response =
        server.admin(
            "GET", "/audit?action=nope&from=yesterday&limit=0&tokenId=short", "alice", null);

    assertThat(response.statusCode()).isEqualTo(422);
    JsonNode errors = TestServer.json(response).get("errors");
    assertThat(errors.has("action")).isTrue();
    assertThat(errors.has("from")).isTrue();
    assertThat(errors.has("limit")).isTrue();
    assertThat(server.admin("POST", "/audit", "alice", "{}").statusCode()).isEqualTo(405);
  }
}
