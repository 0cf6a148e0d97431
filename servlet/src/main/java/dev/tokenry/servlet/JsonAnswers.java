package dev.tokenry.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Writes JSON answers of the leak receiver and the public revoke. */
final class JsonAnswers {

  private JsonAnswers() {}

  static void message(HttpServletResponse response, int status, String message) throws IOException {
    write(response, status, AdminJson.error(message, Map.of()).without("errors"));
  }

  static void error(
      HttpServletResponse response, int status, String message, Map<String, List<String>> errors)
      throws IOException {
    write(response, status, AdminJson.error(message, errors));
  }

  static void write(HttpServletResponse response, int status, JsonNode body) throws IOException {
    byte[] bytes = AdminJson.bytes(body);
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
