package dev.tokenry.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenry.Tokenry;
import dev.tokenry.servlet.AttemptThrottle;
import dev.tokenry.servlet.LeakReportKeys;
import dev.tokenry.servlet.LeakReportServlet;
import dev.tokenry.servlet.PublicRevokeServlet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The demo's incident endpoints: GitHub's and GitLab's leak receivers, the public revoke, and the
 * filter's failed-attempt throttle.
 */
final class IncidentEndpoints {

  static final String GITHUB_PATH = "/hooks/secret-scanning/github";
  static final String GITLAB_PATH = "/hooks/secret-scanning/gitlab";
  static final String PUBLIC_REVOKE_PATH = "/api/public/tokens/revoke";

  private IncidentEndpoints() {}

  static AttemptThrottle throttle(int maxFailuresPerMinute) {
    return maxFailuresPerMinute == 0
        ? AttemptThrottle.none()
        : AttemptThrottle.perInstance(maxFailuresPerMinute, Duration.ofMinutes(1));
  }

  static void mount(ServletContextHandler context, Tokenry tokenry, Optional<Path> keyFile)
      throws IOException {
    LeakReportKeys keys = keyFile.isPresent() ? read(keyFile.get()) : id -> Optional.empty();
    context.addServlet(new ServletHolder(LeakReportServlet.github(tokenry, keys)), GITHUB_PATH);
    context.addServlet(new ServletHolder(LeakReportServlet.gitlab(tokenry, keys)), GITLAB_PATH);
    context.addServlet(new ServletHolder(new PublicRevokeServlet(tokenry)), PUBLIC_REVOKE_PATH);
  }

  /** Reads {@code {"<key id>": "<PEM public key>"}}. */
  static LeakReportKeys read(Path file) throws IOException {
    JsonNode root = new ObjectMapper().readTree(Files.readString(file));
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          "--secret-scanning-keys: " + file + " must hold a JSON object {\"<key id>\": \"<PEM>\"}");
    }
    Map<String, String> pems = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!entry.getValue().isTextual()) {
        throw new IllegalArgumentException(
            "--secret-scanning-keys: the key of '" + entry.getKey() + "' must be PEM text");
      }
      pems.put(entry.getKey(), entry.getValue().textValue());
    }
    return LeakReportKeys.fromPem(pems);
  }
}
