package dev.tokenry.spring.boot;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Tokenry's HTTP contract under Spring Security: the same fixed JSON answers and challenges as the
 * servlet filter, with {@code Cache-Control: no-store}; nothing a caller sent is echoed.
 */
final class TokenryAnswers {

  /** Seconds a client should wait before retrying when the store is unavailable. */
  static final String RETRY_AFTER_SECONDS = "5";

  /** What may appear in a {@code scope="…"} attribute: permission characters only. */
  private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9_.:*-]+( [A-Za-z0-9_.:*-]+)*");

  private final String challenge;

  TokenryAnswers(String realm) {
    if (realm.isEmpty()
        || realm.chars().anyMatch(c -> c < 0x20 || c > 0x7e || c == '"' || c == '\\')) {
      throw new IllegalStateException("tokenry.realm must be printable ASCII without quotes");
    }
    this.challenge = "Bearer realm=\"" + realm + "\"";
  }

  void unauthenticated(HttpServletResponse response) throws IOException {
    response.setHeader("WWW-Authenticate", challenge);
    write(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthenticated.");
  }

  void invalidToken(HttpServletResponse response) throws IOException {
    response.setHeader("WWW-Authenticate", challenge + ", error=\"invalid_token\"");
    write(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthenticated.");
  }

  void insufficientScope(HttpServletResponse response, String scope) throws IOException {
    String header = challenge + ", error=\"insufficient_scope\"";
    if (scope != null && SCOPE.matcher(scope).matches()) {
      header += ", scope=\"" + scope + "\"";
    }
    response.setHeader("WWW-Authenticate", header);
    write(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden.");
  }

  void unavailable(HttpServletResponse response) throws IOException {
    response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
    write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Service Unavailable.");
  }

  void tooManyRequests(HttpServletResponse response, Duration wait) throws IOException {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    response.setHeader("Retry-After", Long.toString(seconds));
    write(response, 429, "Too Many Requests.");
  }

  private static void write(HttpServletResponse response, int status, String message)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    byte[] body = ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
