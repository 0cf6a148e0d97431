package dev.tokenry.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.IssuedToken;
import dev.tokenry.TestTokens;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.testing.ObservedStore;
import dev.tokenry.testing.RecordingListener;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GitHub and GitLab leak receivers over real HTTP, with reports signed by a generated P-256 key
 * exactly as the scanners sign them (ECDSA/SHA-256 over the raw body, base64 DER).
 */
class LeakReportServletHttpTest {

  static final String KEY_ID = "90a421169f0a406205f1563a953312f0be898d3c7b6c06b681aa86a874555f4a";
  static final RecordingListener events = new RecordingListener();
  static TestServer server;
  static KeyPair scanner;
  static KeyPair stranger;

  @BeforeAll
  static void start() throws Exception {
    scanner = p256();
    stranger = p256();
    LeakReportKeys keys =
        LeakReportKeys.fromPem(Map.of(KEY_ID, pem(scanner.getPublic().getEncoded())));
    server =
        new TestServer(
            RouteRules.builder().permit("*", "/admin/**").permit("*", "/hooks/**").build(),
            "/",
            new ObservedStore(),
            events,
            builder -> builder,
            (tokenry, context) -> {
              context.addServlet(
                  new ServletHolder(LeakReportServlet.github(tokenry, keys)),
                  "/hooks/secret-scanning/github");
              context.addServlet(
                  new ServletHolder(LeakReportServlet.gitlab(tokenry, keys)),
                  "/hooks/secret-scanning/gitlab");
            });
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static KeyPair p256() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  static String pem(byte[] der) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END PUBLIC KEY-----\n";
  }

  static String sign(PrivateKey key, byte[] body) throws Exception {
    Signature signer = Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(body);
    return Base64.getEncoder().encodeToString(signer.sign());
  }

  static IssuedToken issue(String name) {
    return server.tokenry.issue(
        Actor.system("acme"),
        TokenRequest.builder()
            .name(name)
            .expiresIn(ExpiryPreset.NEVER)
            .type(TokenType.READ_ONLY)
            .build());
  }

  static String report(String... tokens) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < tokens.length; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"token\":\"")
          .append(tokens[i])
          .append("\",\"type\":\"tokenry_api_token\",")
          .append("\"url\":\"https://github.com/octo/app/blob/0123/.env\",\"source\":\"content\"}");
    }
    return json.append(']').toString();
  }

  static HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.uri(path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", "application/json");
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    // A fresh client each time: Jetty closes the connection after a refusal that left the body
    // unread, and a pooled connection would fail the next POST.
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> github(byte[] body, PrivateKey key, String keyId) throws Exception {
    return post(
        "/hooks/secret-scanning/github",
        body,
        "Github-Public-Key-Identifier",
        keyId,
        "Github-Public-Key-Signature",
        sign(key, body));
  }

  @Test
  void reportWhenSignedThenLiveTokensRevokedAndLabelled() throws Exception {
    IssuedToken live = issue("leaked-1");
    IssuedToken untouched = issue("untouched-1");
    String unknown = TestTokens.withRandomSecret("tkr", "0123456789abcdef");
    byte[] body = report(live.plaintext(), unknown, "not-ours").getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> response = github(body, scanner.getPrivate(), KEY_ID);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = TestServer.json(response);
    assertThat(answer).hasSize(3);
    assertThat(answer.get(0).get("token_raw").textValue()).isEqualTo(live.plaintext());
    assertThat(answer.get(0).get("token_type").textValue()).isEqualTo("tokenry_api_token");
    assertThat(answer.get(0).get("label").textValue()).isEqualTo("true_positive");
    assertThat(answer.get(1).get("label").textValue()).isEqualTo("false_positive");
    assertThat(answer.get(2).get("label").textValue()).isEqualTo("false_positive");
    assertThat(server.tokenry.verify(live.plaintext())).isEmpty();
    assertThat(server.tokenry.verify(untouched.plaintext())).isPresent();
    assertThat(events.events)
        .contains(
            "leaked "
                + live.token().id()
                + " from github:content at https://github.com/octo/app/blob/0123/.env");
  }

  @Test
  void reportWhenReplayedThenFalsePositiveAndNothingChanges() throws Exception {
    IssuedToken live = issue("leaked-2");
    byte[] body = report(live.plaintext()).getBytes(StandardCharsets.UTF_8);
    String signature = sign(scanner.getPrivate(), body);
    String[] headers = {
      "Github-Public-Key-Identifier", KEY_ID, "Github-Public-Key-Signature", signature
    };

    HttpResponse<String> first = post("/hooks/secret-scanning/github", body, headers);
    int eventsAfterFirst = events.events.size();
    HttpResponse<String> replay = post("/hooks/secret-scanning/github", body, headers);

    assertThat(TestServer.json(first).get(0).get("label").textValue()).isEqualTo("true_positive");
    assertThat(replay.statusCode()).isEqualTo(200);
    assertThat(TestServer.json(replay).get(0).get("label").textValue()).isEqualTo("false_positive");
    assertThat(events.events).hasSize(eventsAfterFirst);
  }

  @Test
  void reportWhenBodyTamperedAfterSigningThenUnauthorizedAndNothingRevoked() throws Exception {
    IssuedToken live = issue("tamper");
    IssuedToken other = issue("tamper-other");
    byte[] signed = report(live.plaintext()).getBytes(StandardCharsets.UTF_8);
    byte[] tampered = report(other.plaintext()).getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> response =
        post(
            "/hooks/secret-scanning/github",
            tampered,
            "Github-Public-Key-Identifier",
            KEY_ID,
            "Github-Public-Key-Signature",
            sign(scanner.getPrivate(), signed));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).isEqualTo("{\"message\":\"Unauthenticated.\"}");
    assertThat(server.tokenry.verify(live.plaintext())).isPresent();
    assertThat(server.tokenry.verify(other.plaintext())).isPresent();
  }

  @Test
  void reportWhenSignedByAnotherKeyThenUnauthorized() throws Exception {
    IssuedToken live = issue("wrong-key");
    byte[] body = report(live.plaintext()).getBytes(StandardCharsets.UTF_8);

    assertThat(github(body, stranger.getPrivate(), KEY_ID).statusCode()).isEqualTo(401);
    assertThat(server.tokenry.verify(live.plaintext())).isPresent();
  }

  @Test
  void reportWhenKeyIdUnknownThenUnauthorized() throws Exception {
    IssuedToken live = issue("unknown-key");
    byte[] body = report(live.plaintext()).getBytes(StandardCharsets.UTF_8);

    assertThat(github(body, scanner.getPrivate(), "f9525bf0").statusCode()).isEqualTo(401);
    assertThat(server.tokenry.verify(live.plaintext())).isPresent();
  }

  @Test
  void reportWhenUnsignedOrSignatureGarbledThenUnauthorized() throws Exception {
    IssuedToken live = issue("unsigned");
    byte[] body = report(live.plaintext()).getBytes(StandardCharsets.UTF_8);

    assertThat(post("/hooks/secret-scanning/github", body).statusCode()).isEqualTo(401);
    assertThat(
            post(
                    "/hooks/secret-scanning/github",
                    body,
                    "Github-Public-Key-Identifier",
                    KEY_ID,
                    "Github-Public-Key-Signature",
                    "not*base64")
                .statusCode())
        .isEqualTo(401);
    assertThat(
            post(
                    "/hooks/secret-scanning/github",
                    body,
                    "Github-Public-Key-Identifier",
                    KEY_ID,
                    "Github-Public-Key-Signature",
                    Base64.getEncoder().encodeToString(new byte[70]))
                .statusCode())
        .isEqualTo(401);
    assertThat(server.tokenry.verify(live.plaintext())).isPresent();
  }

  @Test
  void reportWhenGitLabHeadersOnGitLabEndpointThenRevoked() throws Exception {
    IssuedToken live = issue("gitlab");
    byte[] body = report(live.plaintext()).getBytes(StandardCharsets.UTF_8);
    String signature = sign(scanner.getPrivate(), body);

    HttpResponse<String> wrongHeaders =
        post(
            "/hooks/secret-scanning/gitlab",
            body,
            "Github-Public-Key-Identifier",
            KEY_ID,
            "Github-Public-Key-Signature",
            signature);
    assertThat(wrongHeaders.statusCode()).isEqualTo(401);
    assertThat(server.tokenry.verify(live.plaintext())).isPresent();

    HttpResponse<String> response =
        post(
            "/hooks/secret-scanning/gitlab",
            body,
            "Gitlab-Public-Key-Identifier",
            KEY_ID,
            "Gitlab-Public-Key-Signature",
            signature);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(TestServer.json(response).get(0).get("label").textValue())
        .isEqualTo("true_positive");
    assertThat(events.events)
        .anyMatch(e -> e.startsWith("leaked " + live.token().id() + " from gitlab:content"));
  }

  @Test
  void reportWhenBodyOverLimitThenPayloadTooLargeAndNothingRevoked() throws Exception {
    IssuedToken live = issue("oversized");
    String json = report(live.plaintext());
    // One byte over the limit, signed, sent chunked (no Content-Length): the servlet reads up to
    // the limit plus one byte and refuses, so it is the bound on reading that is tested, and the
    // client has sent everything before the answer comes (no reset racing the 413).
    byte[] body =
        (json + " ".repeat(LeakReportServlet.MAX_BODY_BYTES + 1 - json.length()))
            .getBytes(StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(server.uri("/hooks/secret-scanning/github"))
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(body)))
            .header("Content-Type", "application/json")
            .header("Github-Public-Key-Identifier", KEY_ID)
            .header("Github-Public-Key-Signature", sign(scanner.getPrivate(), body))
            .build();

    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(server.tokenry.verify(live.plaintext())).isPresent();
  }

  @Test
  void reportWhenTooManyTokensThenPayloadTooLargeAndNothingRevoked() throws Exception {
    IssuedToken live = issue("too-many");
    String[] tokens = new String[LeakReportServlet.MAX_REPORTED_TOKENS + 1];
    java.util.Arrays.fill(tokens, "x");
    tokens[0] = live.plaintext();
    byte[] body = report(tokens).getBytes(StandardCharsets.UTF_8);

    assertThat(github(body, scanner.getPrivate(), KEY_ID).statusCode()).isEqualTo(413);
    assertThat(server.tokenry.verify(live.plaintext())).isPresent();
  }

  @Test
  void reportWhenSignedButNotAnArrayOfTokensThenBadRequest() throws Exception {
    byte[] body = "{\"token\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    byte[] noToken = "[{\"type\":\"x\"}]".getBytes(StandardCharsets.UTF_8);

    assertThat(github(body, scanner.getPrivate(), KEY_ID).statusCode()).isEqualTo(400);
    HttpResponse<String> response = github(noToken, scanner.getPrivate(), KEY_ID);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("[0].token");
  }

  @Test
  void reportWhenStoreUnavailableThenServiceUnavailableWithRetryAfter() throws Exception {
    IssuedToken live = issue("store-down");
    byte[] body = report(live.plaintext()).getBytes(StandardCharsets.UTF_8);
    server.store.down(true);
    try {
      HttpResponse<String> response = github(body, scanner.getPrivate(), KEY_ID);
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
    } finally {
      server.store.down(false);
    }
    assertThat(server.tokenry.verify(live.plaintext())).isPresent();
  }

  @Test
  void reportWhenGetThenMethodNotAllowed() throws Exception {
    assertThat(server.get("/hooks/secret-scanning/github", null).statusCode()).isEqualTo(405);
  }

  @Test
  void keysWhenGitHubDocumentThenEveryListedKeyAccepted() throws Exception {
    String json =
        "{\"public_keys\":[{\"key_identifier\":\"old\",\"key\":\""
            + pem(stranger.getPublic().getEncoded()).replace("\n", "\\n")
            + "\",\"is_current\":false},{\"key_identifier\":\"new\",\"key\":\""
            + pem(scanner.getPublic().getEncoded()).replace("\n", "\\n")
            + "\",\"is_current\":true}]}";

    LeakReportKeys keys = LeakReportKeys.fromGitHubMetadata(json);

    assertThat(keys.key("new")).contains(scanner.getPublic());
    assertThat(keys.key("old")).contains(stranger.getPublic());
    assertThat(keys.key("other")).isEmpty();
  }

  @Test
  void keysWhenNotP256ThenRefusedNamingKeyId() throws Exception {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    String pem = pem(rsa.generateKeyPair().getPublic().getEncoded());

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> LeakReportKeys.fromPem(Map.of("k1", pem)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k1");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> LeakReportKeys.fromGitHubMetadata("{\"keys\":[]}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
