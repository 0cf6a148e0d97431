package dev.tokenry.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenry.TestTokens;
import dev.tokenry.testing.CapturedLogs;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A full issue / verify / reject / regenerate / revoke cycle over HTTP with every logger of the
 * library and the application at TRACE: no log line holds a plaintext token, its secret part or a
 * stored hash; no JSON answer but the create and regenerate answers holds a plaintext; none holds a
 * hash.
 */
class ServletSecretLeakTest {

  @Test
  void httpCycleWhenEverythingIsLoggedThenNoSecretOrHashLeaks() throws Exception {
    List<String> secrets = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    List<String> issuingAnswers = new ArrayList<>();
    List<String> otherAnswers = new ArrayList<>();
    Logger jetty = (Logger) LoggerFactory.getLogger("org.eclipse.jetty");
    Level jettyLevel = jetty.getLevel();

    try (CapturedLogs logs = new CapturedLogs();
        TestServer server =
            new TestServer(
                RouteRules.builder()
                    .permit("*", "/admin/**")
                    .require("GET", "/api/projects/{projectId}/contracts", "contracts:read")
                    .build())) {
      // Jetty's own DEBUG wire dumps print raw request bytes, headers included; that is the
      // container's diagnostics (never enabled in production), not Tokenry's logging.
      jetty.setLevel(Level.INFO);
      String contracts = "/api/projects/p-a/contracts";

      HttpResponse<String> created =
          server.admin(
              "POST",
              "/tokens",
              "alice",
              "{\"name\":\"CI\",\"expiresIn\":\"30d\",\"type\":\"read-only\"}");
      issuingAnswers.add(created.body());
      JsonNode body = TestServer.json(created);
      String id = body.get("token").get("id").asText();
      String first = body.get("plaintext").asText();
      remember(first, secrets);
      hashes.add(server.store.peek(id).secretHash());

      assertThat(server.get(contracts, "Bearer " + first).statusCode()).isEqualTo(200);
      int at = first.length() - 8;
      String changed =
          first.substring(0, at) + (first.charAt(at) == 'A' ? 'B' : 'A') + first.substring(at + 1);
      String wrongSecret = TestTokens.withRandomSecret("tkr", id);
      for (String bad : List.of(changed, wrongSecret, first + "x", "tkr_" + first)) {
        assertThat(server.get(contracts, "Bearer " + bad).statusCode()).isEqualTo(401);
      }
      otherAnswers.add(server.admin("GET", "/tokens", "alice", null).body());
      otherAnswers.add(server.admin("GET", "/tokens/" + id, "alice", null).body());
      otherAnswers.add(
          server.admin("PATCH", "/tokens/" + id, "alice", "{\"description\":\"nightly\"}").body());

      HttpResponse<String> regenerated =
          server.admin("POST", "/tokens/" + id + "/regenerate", "alice", null);
      issuingAnswers.add(regenerated.body());
      String second = TestServer.json(regenerated).get("plaintext").asText();
      remember(second, secrets);
      hashes.add(server.store.peek(id).secretHash());
      assertThat(server.get(contracts, "Bearer " + first).statusCode()).isEqualTo(401);
      assertThat(server.get(contracts, "Bearer " + second).statusCode()).isEqualTo(200);
      server.tokenry.flushLastUsed();
      otherAnswers.add(server.admin("GET", "/tokens/" + id, "alice", null).body());

      // A rotation with a grace period keeps the second secret's hash as the superseded one.
      HttpResponse<String> graced =
          server.admin(
              "POST", "/tokens/" + id + "/regenerate", "alice", "{\"gracePeriod\":\"10m\"}");
      issuingAnswers.add(graced.body());
      String third = TestServer.json(graced).get("plaintext").asText();
      remember(third, secrets);
      hashes.add(server.store.peek(id).secretHash());
      assertThat(server.store.peek(id).supersededSecret().orElseThrow().hash())
          .isEqualTo(hashes.get(1));
      assertThat(server.get(contracts, "Bearer " + second).statusCode()).isEqualTo(200);
      server.clock.advance(java.time.Duration.ofMinutes(11));
      assertThat(server.get(contracts, "Bearer " + second).statusCode()).isEqualTo(401);
      otherAnswers.add(server.admin("GET", "/tokens/" + id, "alice", null).body());
      otherAnswers.add(server.admin("GET", "/tokens", "alice", null).body());
      second = third;

      server.store.down(true);
      assertThat(server.get(contracts, "Bearer " + second).statusCode()).isEqualTo(503);
      otherAnswers.add(server.admin("POST", "/tokens/" + id + "/regenerate", "alice", null).body());
      server.store.down(false);

      HttpResponse<String> deleted = server.admin("DELETE", "/tokens/" + id, "alice", null);
      assertThat(deleted.statusCode()).isEqualTo(204);
      otherAnswers.add(deleted.body());
      assertThat(server.get(contracts, "Bearer " + second).statusCode()).isEqualTo(401);
      otherAnswers.add(
          server.admin("POST", "/tokens/delete", "alice", "{\"ids\":[\"" + id + "\"]}").body());
      otherAnswers.add(
          server.admin("GET", "/tokens/expiry-preview?expiresIn=7d", "alice", null).body());

      List<String> lines = logs.lines();
      assertThat(lines).isNotEmpty();
      assertThat(String.join("\n", lines)).contains(id);
      for (String line : lines) {
        for (String secret : secrets) {
          assertThat(line).doesNotContain(secret);
        }
        for (String hash : hashes) {
          assertThat(line).doesNotContain(hash);
        }
      }
    } finally {
      jetty.setLevel(jettyLevel);
    }
    for (String answer : otherAnswers) {
      for (String secret : secrets) {
        assertThat(answer).doesNotContain(secret);
      }
    }
    for (String answer : issuingAnswers) {
      assertThat(answer).contains("\"plaintext\"");
    }
    for (String answer : concat(issuingAnswers, otherAnswers)) {
      for (String hash : hashes) {
        assertThat(answer).doesNotContain(hash).doesNotContain(hash.substring(hash.length() - 20));
      }
    }
  }

  private static void remember(String plaintext, List<String> secrets) {
    secrets.add(plaintext);
    secrets.add(TestTokens.secretOf(plaintext));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
