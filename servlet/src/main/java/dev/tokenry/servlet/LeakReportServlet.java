package dev.tokenry.servlet;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenry.TokenStoreUnavailableException;
import dev.tokenry.Tokenry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives leaked-token reports from a secret scanner's partner programme (GitHub's, or GitLab's in
 * the same format) and revokes every reported token that is live.
 *
 * <p>A report is a {@code POST} whose body is a JSON array of {@code
 * {"token","type","url","source"}}, signed with ECDSA P-256 / SHA-256 over the raw body: the
 * signature (base64 DER) in {@code Github-Public-Key-Signature} and the key id in {@code
 * Github-Public-Key-Identifier} (GitLab: {@code Gitlab-Public-Key-…}). The signature is checked
 * over the bytes as received, before anything is parsed; a request without both headers, with an
 * unknown key id or a signature that does not verify gets 401 and changes nothing.
 *
 * <p>The answer (200) lists each reported token as {@code {"token_raw","token_type","label"}},
 * {@code label} being {@code true_positive} for a token that was live and is now revoked and {@code
 * false_positive} otherwise — including a token reported again after it was revoked, so a replayed
 * report is harmless and changes nothing. Bodies over {@value #MAX_BODY_BYTES} bytes or with more
 * than {@value #MAX_REPORTED_TOKENS} entries get 413; an unavailable store 503 with {@code
 * Retry-After} (the scanner retries, and tokens already revoked answer {@code false_positive}).
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(LeakReportServlet.github(tokenry, keys)),
 *     "/hooks/secret-scanning/github");
 * }</pre>
 */
public final class LeakReportServlet extends HttpServlet {

  /** The largest report body read, in bytes. */
  public static final int MAX_BODY_BYTES = 256 * 1024;

  /** The most tokens one report may hold. */
  public static final int MAX_REPORTED_TOKENS = 1000;

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(LeakReportServlet.class);
  private static final int MAX_HEADER_LENGTH = 256;
  private static final Pattern SOURCE = Pattern.compile("[a-z0-9_-]{1,40}");

  private final transient Tokenry tokenry;
  private final transient LeakReportKeys keys;
  private final transient String scanner;
  private final transient String keyIdHeader;
  private final transient String signatureHeader;

  private LeakReportServlet(Tokenry tokenry, LeakReportKeys keys, String scanner, String header) {
    this.tokenry = requireNonNull(tokenry, "tokenry must not be null");
    this.keys = requireNonNull(keys, "keys must not be null");
    this.scanner = scanner;
    this.keyIdHeader = header + "-Public-Key-Identifier";
    this.signatureHeader = header + "-Public-Key-Signature";
  }

  /**
   * The receiver of GitHub's secret scanning partner programme ({@code Github-Public-Key-…}
   * headers). Revocations are reported with source {@code github:<source>}, such as {@code
   * github:content}.
   *
   * @param tokenry revokes the tokens
   * @param keys GitHub's public keys by key id
   * @return the servlet
   */
  public static LeakReportServlet github(Tokenry tokenry, LeakReportKeys keys) {
    return new LeakReportServlet(tokenry, keys, "github", "Github");
  }

  /**
   * The receiver of GitLab's secret detection partner reports ({@code Gitlab-Public-Key-…} headers,
   * same body). Revocations are reported with source {@code gitlab:<source>}.
   *
   * @param tokenry revokes the tokens
   * @param keys GitLab's public keys by key id
   * @return the servlet
   */
  public static LeakReportServlet gitlab(Tokenry tokenry, LeakReportKeys keys) {
    return new LeakReportServlet(tokenry, keys, "gitlab", "Gitlab");
  }

  /**
   * Answers {@code POST} only.
   *
   * @param request the request
   * @param response the response
   * @throws IOException if the client connection fails
   */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Cache-Control", "no-store");
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      JsonAnswers.message(response, 405, "Method Not Allowed.");
      return;
    }
    String keyId = single(request, keyIdHeader);
    String signature = single(request, signatureHeader);
    PublicKey key = keyId == null ? null : keys.key(keyId).orElse(null);
    byte[] der = signature == null ? null : base64(signature);
    if (key == null || der == null) {
      // Refused before the body is read: an unsigned flood costs nothing but this.
      JsonAnswers.message(response, 401, "Unauthenticated.");
      return;
    }
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      JsonAnswers.message(response, 413, "Payload Too Large.");
      return;
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      JsonAnswers.message(response, 413, "Payload Too Large.");
      return;
    }
    if (!verifies(key, body, der)) {
      JsonAnswers.message(response, 401, "Unauthenticated.");
      return;
    }
    JsonNode reports = AdminJson.parse(body);
    List<String> problems = new ArrayList<>();
    if (reports == null || !reports.isArray()) {
      problems.add("the body must be a JSON array of {token, type, url, source}");
    } else if (reports.size() > MAX_REPORTED_TOKENS) {
      JsonAnswers.message(response, 413, "Payload Too Large.");
      return;
    } else {
      for (int i = 0; i < reports.size(); i++) {
        JsonNode token = reports.get(i).get("token");
        if (token == null || !token.isTextual()) {
          problems.add("[" + i + "].token must be a string");
        }
      }
    }
    if (!problems.isEmpty()) {
      JsonAnswers.error(response, 400, "Bad Request.", Map.of("body", problems));
      return;
    }
    ArrayNode answer = AdminJson.MAPPER.createArrayNode();
    try {
      for (JsonNode report : reports) {
        String token = report.get("token").textValue();
        boolean live =
            tokenry.revokeLeaked(token, source(report.get("source")), text(report.get("url")));
        ObjectNode entry = answer.addObject();
        entry.put("token_raw", token);
        entry.set("token_type", report.get("type"));
        entry.put("label", live ? "true_positive" : "false_positive");
      }
    } catch (TokenStoreUnavailableException e) {
      LOG.warn("Token store unavailable during a leak report; answering 503: {}", e.getMessage());
      response.setHeader("Retry-After", ErrorAnswers.RETRY_AFTER_SECONDS);
      JsonAnswers.message(response, 503, "Service Unavailable.");
      return;
    }
    JsonAnswers.write(response, 200, answer);
  }

  private String source(JsonNode source) {
    // The scanner's source (content, commit, npm, …) goes into events and logs: only a short
    // lower-case word is kept, anything else becomes "other".
    if (source == null || !source.isTextual()) {
      return scanner;
    }
    return scanner
        + ":"
        + (SOURCE.matcher(source.textValue()).matches() ? source.textValue() : "other");
  }

  private static Optional<String> text(JsonNode node) {
    return node != null && node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
  }

  private static boolean verifies(PublicKey key, byte[] body, byte[] der) {
    try {
      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(key);
      verifier.update(body);
      return verifier.verify(der);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // A malformed DER signature or a key of another kind is a signature that does not verify.
      return false;
    }
  }

  /** The header's one value, if it is sent once, short and printable ASCII; otherwise null. */
  private static String single(HttpServletRequest request, String name) {
    Enumeration<String> values = request.getHeaders(name);
    if (values == null || !values.hasMoreElements()) {
      return null;
    }
    String value = values.nextElement();
    if (values.hasMoreElements() || value.isEmpty() || value.length() > MAX_HEADER_LENGTH) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return null;
      }
    }
    return value;
  }

  private static byte[] base64(String value) {
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
