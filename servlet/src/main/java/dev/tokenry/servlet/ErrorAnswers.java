package dev.tokenry.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes the filter's fixed JSON error answers. */
final class ErrorAnswers {

  /** Seconds a client should wait before retrying when the store is unavailable. */
  static final String RETRY_AFTER_SECONDS = "5";

  private ErrorAnswers() {}

  static void unauthenticated(HttpServletResponse response, String wwwAuthenticate)
      throws IOException {
    response.setHeader("WWW-Authenticate", wwwAuthenticate);
    write(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthenticated.");
  }

  static void forbidden(HttpServletResponse response, String wwwAuthenticate) throws IOException {
    response.setHeader("WWW-Authenticate", wwwAuthenticate);
    write(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden.");
  }

  static void unavailable(HttpServletResponse response) throws IOException {
    response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
    write(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Service Unavailable.");
  }

  static void tooManyRequests(HttpServletResponse response, java.time.Duration wait)
      throws IOException {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    response.setHeader("Retry-After", Long.toString(seconds));
    write(response, 429, "Too Many Requests.");
  }

  static void badRequest(HttpServletResponse response) throws IOException {
    write(response, HttpServletResponse.SC_BAD_REQUEST, "Bad Request.");
  }

  private static void write(HttpServletResponse response, int status, String message)
      throws IOException {
    byte[] body = ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("application/json");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
