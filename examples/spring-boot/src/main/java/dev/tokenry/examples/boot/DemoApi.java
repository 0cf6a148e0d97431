package dev.tokenry.examples.boot;

import dev.tokenry.TokenPrincipal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo API behind Tokenry tokens: who am I, and a project's contracts. A project of another
 * organization answers 404; a project-scoped token on another project never gets here (403 from
 * {@code tokenry.project-paths}).
 */
@RestController
public class DemoApi {

  private final DemoDirectory directory;
  private final Map<String, List<Map<String, Object>>> contracts = new ConcurrentHashMap<>();

  /**
   * Creates the API.
   *
   * @param directory the demo directory
   */
  public DemoApi(DemoDirectory directory) {
    this.directory = directory;
  }

  /**
   * The caller's token.
   *
   * @param caller the verified token
   * @return its id, organization, project, kind, owner and effective permissions
   */
  @GetMapping("/api/v1/me")
  public Map<String, Object> me(@AuthenticationPrincipal TokenPrincipal caller) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tokenId", caller.tokenId());
    body.put("organizationId", caller.organizationId());
    body.put("projectId", caller.scope().projectId().orElse(null));
    body.put("kind", caller.kind().wireName());
    body.put("owner", caller.owner().orElse(null));
    body.put("permissions", caller.permissions().values());
    return body;
  }

  /**
   * A project's contracts.
   *
   * @param caller the verified token
   * @param projectId the project
   * @return the contracts, or 404 for a project the caller's organization does not have
   */
  @GetMapping("/api/projects/{projectId}/contracts")
  @PreAuthorize("hasAuthority('contracts:read')")
  public ResponseEntity<Map<String, Object>> list(
      @AuthenticationPrincipal TokenPrincipal caller, @PathVariable("projectId") String projectId) {
    if (!directory.hasProject(caller.organizationId(), projectId)) {
      return notFound();
    }
    return ResponseEntity.ok(
        Map.of(
            "projectId",
            projectId,
            "contracts",
            List.copyOf(contracts.getOrDefault(key(caller, projectId), List.of()))));
  }

  /**
   * Adds a contract.
   *
   * @param caller the verified token
   * @param projectId the project
   * @param contract {@code {"title": "…"}}
   * @return 201 with the contract, 404 for another organization's project, 422 without a title
   */
  @PostMapping("/api/projects/{projectId}/contracts")
  @PreAuthorize("hasAuthority('contracts:write')")
  public ResponseEntity<Map<String, Object>> add(
      @AuthenticationPrincipal TokenPrincipal caller,
      @PathVariable("projectId") String projectId,
      @RequestBody Map<String, Object> contract) {
    if (!directory.hasProject(caller.organizationId(), projectId)) {
      return notFound();
    }
    if (!(contract.get("title") instanceof String title)
        || title.isBlank()
        || title.length() > 200) {
      return ResponseEntity.unprocessableEntity()
          .body(
              Map.of(
                  "message",
                  "Invalid fields.",
                  "errors",
                  Map.of("title", List.of("must be 1 to 200 characters"))));
    }
    Map<String, Object> created = Map.of("title", title, "createdBy", caller.tokenId());
    contracts
        .computeIfAbsent(key(caller, projectId), k -> new CopyOnWriteArrayList<>())
        .add(created);
    return ResponseEntity.status(HttpStatus.CREATED).body(created);
  }

  private static String key(TokenPrincipal caller, String projectId) {
    return caller.organizationId() + "/" + projectId;
  }

  private static ResponseEntity<Map<String, Object>> notFound() {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("message", "Not Found."));
  }
}
