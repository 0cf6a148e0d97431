package dev.tokenry.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot demo as a user meets it, over real HTTP: a demo user signs in (HTTP Basic) and
 * creates tokens through the admin API, the tokens call the demo API, and the API keeps to its
 * contract (401, 403 on another project, 404 on another organization's project).
 */
class ExampleApplicationTest {

  static ConfigurableApplicationContext app;
  static String base;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() {
    app =
        ExampleApplication.start(
            "--server.port=0", "--spring.datasource.url=jdbc:h2:mem:boot-demo;DB_CLOSE_DELAY=-1");
    base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static String basic(String user) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(
                (user + ":" + DemoSecurity.DEMO_PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String create(String user, String body) throws Exception {
    HttpResponse<String> created =
        send(
            HttpRequest.newBuilder(URI.create(base + "/admin/api/tokens"))
                .header("Authorization", basic(user))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body()).get("plaintext").asText();
  }

  static HttpResponse<String> get(String path, String token) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token));
  }

  @Test
  void demoWhenAliceCreatesATokenThenItCallsTheApiAsDocumented() throws Exception {
    String token =
        create("alice", "{\"name\":\"CI\",\"expiresIn\":\"30d\",\"type\":\"read-only\"}");

    HttpResponse<String> me = get("/api/v1/me", token);
    assertThat(me.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(me.body());
    assertThat(body.get("organizationId").asText()).isEqualTo("acme");
    assertThat(body.get("permissions").toString()).isEqualTo("[\"*:read\"]");
    assertThat(get("/api/projects/royalties/contracts", token).statusCode()).isEqualTo(200);
    assertThat(get("/api/projects/ledger/contracts", token).statusCode()).isEqualTo(404);
    HttpResponse<String> write =
        send(
            HttpRequest.newBuilder(URI.create(base + "/api/projects/royalties/contracts"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"x\"}")));
    assertThat(write.statusCode()).isEqualTo(403);
    assertThat(write.headers().firstValue("WWW-Authenticate").orElse(""))
        .contains("scope=\"contracts:write\"");
  }

  @Test
  void demoWhenAProjectTokenLeavesItsProjectThen403AndWithoutATokenThen401() throws Exception {
    String token =
        create(
            "bob",
            "{\"name\":\"royalties-only\",\"expiresIn\":\"7d\",\"type\":\"full-access\","
                + "\"scope\":{\"type\":\"project\",\"projectId\":\"royalties\"}}");

    assertThat(get("/api/projects/royalties/contracts", token).statusCode()).isEqualTo(200);
    assertThat(get("/api/projects/catalog/contracts", token).statusCode()).isEqualTo(403);
    HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/me")));
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"tokenry-demo\"");
  }

  @Test
  void demoWhenCarolTheMemberAsksForAnOrganizationTokenThenRefusedAndNotSignedInThen401()
      throws Exception {
    HttpResponse<String> refused =
        send(
            HttpRequest.newBuilder(URI.create(base + "/admin/api/tokens"))
                .header("Authorization", basic("carol"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"x\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}")));
    assertThat(refused.statusCode()).isEqualTo(403);
    HttpResponse<String> anonymous =
        send(HttpRequest.newBuilder(URI.create(base + "/admin/api/tokens")));
    assertThat(anonymous.statusCode()).isIn(302, 401);
  }
}
