package dev.tokenry.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Boot 4 hosts bring Jackson 3 ({@code tools.jackson}); tokenry-servlet brings Jackson 2
 * ({@code com.fasterxml.jackson}) as its own dependency. Both on one class path: the admin API and
 * the filter work, and the host's Jackson 3 reads what the admin API writes.
 */
class JacksonThreeCoexistenceTest {

  @Test
  void adminApiWhenJacksonThreeIsOnTheClassPathThenBothWork() throws Exception {
    JsonMapper jackson3 = JsonMapper.builder().build();
    assertThat(JsonMapper.class.getPackageName()).isEqualTo("tools.jackson.databind.json");
    try (TestServer server =
        new TestServer(
            RouteRules.builder()
                .permit("*", "/admin/**")
                .require("GET", "/api/projects/{projectId}/contracts", "contracts:read")
                .build())) {
      HttpResponse<String> created =
          server.admin(
              "POST",
              "/tokens",
              "alice",
              "{\"name\":\"Jackson 3 host\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}");
      assertThat(created.statusCode()).isEqualTo(201);

      JsonNode body = jackson3.readTree(created.body());
      assertThat(body.get("token").get("name").asString()).isEqualTo("Jackson 3 host");
      String plaintext = body.get("plaintext").asString();
      assertThat(server.get("/api/projects/p-a/contracts", "Bearer " + plaintext).statusCode())
          .isEqualTo(200);

      HttpResponse<String> listed = server.admin("GET", "/tokens", "alice", null);
      assertThat(jackson3.readTree(listed.body()).get("tokens").size()).isEqualTo(1);
    }
  }
}
