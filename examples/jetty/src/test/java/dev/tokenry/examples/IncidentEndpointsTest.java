package dev.tokenry.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenry.Actor;
import dev.tokenry.AuditFilter;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.IssuedToken;
import dev.tokenry.Role;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.spi.AuditAction;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's incident endpoints over real HTTP: a signed GitHub report with a key from
 * --secret-scanning-keys revokes and is audited, the public revoke answers 202, and failed
 * verifications past --max-failures-per-minute answer 429.
 */
class IncidentEndpointsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Actor ALICE = Actor.user("alice", "acme", Role.OWNER);
  private static KeyPair scanner;
  private static ExampleServer server;

  @BeforeAll
  static void start() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    scanner = generator.generateKeyPair();
    Path run =
        Files.createDirectories(Path.of("target", "incident-test", "run-" + System.nanoTime()));
    String pem =
        "-----BEGIN PUBLIC KEY-----\\n"
            + Base64.getEncoder().encodeToString(scanner.getPublic().getEncoded())
            + "\\n-----END PUBLIC KEY-----\\n";
    Path keys = Files.writeString(run.resolve("keys.json"), "{\"k1\":\"" + pem + "\"}");
    server =
        ExampleServer.start(
            new AppOptions(
                0,
                AppOptions.DEFAULT_HOST,
                "jdbc:h2:" + run.resolve("db").toAbsolutePath(),
                "sa",
                "",
                "tkr",
                Duration.ofSeconds(2),
                false,
                Optional.of(keys),
                3));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static IssuedToken issue(String name) {
    return server
        .tokenry()
        .issue(
            ALICE,
            TokenRequest.builder()
                .name(name)
                .expiresIn(ExpiryPreset.SEVEN_DAYS)
                .type(TokenType.READ_ONLY)
                .build());
  }

  private static HttpResponse<String> post(String path, byte[] body, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.baseUri().resolve(path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void githubReportWhenSignedWithConfiguredKeyThenRevokedAndAudited() throws Exception {
    IssuedToken leaked = issue("leaked-in-demo");
    byte[] body =
        ("[{\"token\":\""
                + leaked.plaintext()
                + "\",\"type\":\"tokenry_demo_token\",\"url\":\"https://github.com/a/b\","
                + "\"source\":\"content\"}]")
            .getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(scanner.getPrivate());
    signer.update(body);

    HttpResponse<String> response =
        post(
            "hooks/secret-scanning/github",
            body,
            "Github-Public-Key-Identifier",
            "k1",
            "Github-Public-Key-Signature",
            Base64.getEncoder().encodeToString(signer.sign()));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.get(0).get("label").textValue()).isEqualTo("true_positive");
    assertThat(server.tokenry().verify(leaked.plaintext())).isEmpty();
    assertThat(
            server
                .tokenry()
                .audit(
                    ALICE,
                    AuditFilter.builder()
                        .tokenId(leaked.token().id())
                        .action(AuditAction.LEAK_REVOKED)
                        .build())
                .records())
        .singleElement()
        .satisfies(r -> assertThat(r.source()).contains("github:content"));
    assertThat(post("hooks/secret-scanning/gitlab", body).statusCode()).isEqualTo(401);
  }

  @Test
  void publicRevokeWhenPostedThenAcceptedAndRevoked() throws Exception {
    IssuedToken found = issue("found-in-demo");
    HttpResponse<String> response =
        post(
            "api/public/tokens/revoke",
            ("{\"tokens\":[\"" + found.plaintext() + "\"]}").getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(server.tokenry().verify(found.plaintext())).isEmpty();
  }

  @Test
  void apiWhenFailuresPastTheOptionThenTooManyRequests() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest bad =
        HttpRequest.newBuilder(server.baseUri().resolve("api/v1/me"))
            .header("Authorization", "Bearer tkr_wrong")
            .header("X-Forwarded-For", "198.51.100.7")
            .build();
    int[] statuses = new int[4];
    for (int i = 0; i < 4; i++) {
      statuses[i] = http.send(bad, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
    assertThat(statuses).containsExactly(401, 401, 401, 429);
  }
}
