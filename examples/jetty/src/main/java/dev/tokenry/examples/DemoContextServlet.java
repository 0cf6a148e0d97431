package dev.tokenry.examples;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /admin/demo/context}: what the admin page needs that the admin API does not list — the
 * demo users for the picker, and the acting user's organization, role, permissions and projects.
 * DEMO ONLY, like the {@code X-Demo-User} header it reads.
 */
final class DemoContextServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient DemoDirectory directory;

  DemoContextServlet(DemoDirectory directory) {
    this.directory = requireNonNull(directory, "directory must not be null");
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(
        "users",
        directory.users().stream()
            .map(
                user ->
                    Map.of(
                        "name", user.name(),
                        "organizationId", user.organizationId(),
                        "role", user.role().name()))
            .toList());
    body.put("permissions", DemoDirectory.PERMISSIONS);
    body.put(
        "actingUser",
        directory
            .user(request.getHeader(DemoActorResolver.HEADER))
            .map(this::describe)
            .orElse(null));
    Json.write(response, HttpServletResponse.SC_OK, body);
  }

  private Map<String, Object> describe(DemoDirectory.User user) {
    DemoDirectory.Organization org = directory.organization(user.organizationId()).orElseThrow();
    Map<String, Object> acting = new LinkedHashMap<>();
    acting.put("name", user.name());
    acting.put("role", user.role().name());
    acting.put("organizationId", org.id());
    acting.put("organizationName", org.name());
    acting.put("permissions", user.permissions());
    acting.put("managesOrganizationTokens", user.role().managesOrganizationTokens());
    List<Map<String, String>> projects =
        org.projects().stream().map(p -> Map.of("id", p.id(), "name", p.name())).toList();
    acting.put("projects", projects);
    return acting;
  }
}
