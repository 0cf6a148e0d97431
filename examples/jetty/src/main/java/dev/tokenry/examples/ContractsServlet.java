package dev.tokenry.examples;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenry.TokenPrincipal;
import dev.tokenry.servlet.TokenAuthenticationFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET|POST /api/projects/{projectId}/contracts}: the demo's protected resource, with
 * in-memory contract data. The filter has already checked the permission and that a project-scoped
 * token is on its own project (403); this servlet answers 404 for a project that is not in the
 * token's organization.
 */
final class ContractsServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final int MAX_TITLE = 200;
  private static final int MAX_BODY_BYTES = 16 * 1024;
  private static final String TOO_LARGE = "The body is larger than 16 KiB.";

  /** A demo contract. */
  record Contract(String id, String projectId, String title, String createdAt) {}

  private final transient DemoDirectory directory;
  private final transient Clock clock;
  private final transient Map<String, List<Contract>> contracts = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(1000);

  ContractsServlet(DemoDirectory directory, Clock clock) {
    this.directory = requireNonNull(directory, "directory must not be null");
    this.clock = requireNonNull(clock, "clock must not be null");
    seed("acme", "royalties", "Royalty split: Night Owls, 2026 catalogue");
    seed("acme", "royalties", "Streaming royalties: The Lanterns");
    seed("acme", "catalog", "Catalogue licence: Blue Harbour sessions");
    seed("globex", "ledger", "Ledger services agreement");
  }

  private void seed(String organizationId, String projectId, String title) {
    add(organizationId, projectId, title);
  }

  private Contract add(String organizationId, String projectId, String title) {
    Contract contract =
        new Contract("c" + ids.incrementAndGet(), projectId, title, clock.instant().toString());
    contracts
        .computeIfAbsent(
            organizationId + "/" + projectId,
            key -> java.util.Collections.synchronizedList(new ArrayList<>()))
        .add(contract);
    return contract;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Optional<DemoDirectory.Project> project = project(request);
    if (project.isEmpty()) {
      Json.error(response, HttpServletResponse.SC_NOT_FOUND, "Not Found.");
      return;
    }
    List<Contract> list = contracts.getOrDefault(key(project.get()), List.of());
    List<Contract> copy;
    synchronized (list) {
      copy = List.copyOf(list);
    }
    Json.write(
        response,
        HttpServletResponse.SC_OK,
        Map.of("projectId", project.get().id(), "contracts", copy));
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Optional<DemoDirectory.Project> project = project(request);
    if (project.isEmpty()) {
      Json.error(response, HttpServletResponse.SC_NOT_FOUND, "Not Found.");
      return;
    }
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      Json.error(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, TOO_LARGE);
      return;
    }
    byte[] bytes = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      Json.error(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, TOO_LARGE);
      return;
    }
    JsonNode body;
    try {
      // Decoded here, strictly, so that a bad charset or bad bytes are the client's 400 rather
      // than an IOException from inside the parser (the container's 500 page).
      body = Json.MAPPER.readTree(decode(bytes, request.getCharacterEncoding()));
    } catch (JacksonException | CharacterCodingException | IllegalArgumentException e) {
      Json.error(response, HttpServletResponse.SC_BAD_REQUEST, "The body is not valid JSON.");
      return;
    }
    String title =
        body == null || !body.path("title").isTextual() ? "" : body.path("title").asText().strip();
    if (title.isEmpty() || title.length() > MAX_TITLE) {
      Json.write(
          response,
          422,
          Map.of(
              "message",
              "The contract is invalid.",
              "errors",
              Map.of("title", List.of("must be 1 to " + MAX_TITLE + " characters"))));
      return;
    }
    Contract created = add(project.get().organizationId(), project.get().id(), title);
    Json.write(response, HttpServletResponse.SC_CREATED, created);
  }

  private Optional<DemoDirectory.Project> project(HttpServletRequest request) {
    TokenPrincipal principal =
        (TokenPrincipal) request.getAttribute(TokenAuthenticationFilter.PRINCIPAL_ATTRIBUTE);
    Object variables = request.getAttribute(TokenAuthenticationFilter.PATH_VARIABLES_ATTRIBUTE);
    if (principal == null
        || !(variables instanceof Map<?, ?> map)
        || !(map.get("projectId") instanceof String projectId)) {
      return Optional.empty();
    }
    return directory.project(principal.organizationId(), projectId);
  }

  /**
   * Decodes the body in the declared charset (UTF-8 when none), refusing malformed or unmappable
   * input; an unknown charset name is an {@link IllegalArgumentException}.
   */
  private static String decode(byte[] bytes, String charsetName) throws CharacterCodingException {
    Charset charset = charsetName == null ? StandardCharsets.UTF_8 : Charset.forName(charsetName);
    return charset
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }

  private static String key(DemoDirectory.Project project) {
    return project.organizationId() + "/" + project.id();
  }
}
