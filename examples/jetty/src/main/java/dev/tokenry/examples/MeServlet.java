package dev.tokenry.examples;

import dev.tokenry.TokenPrincipal;
import dev.tokenry.servlet.TokenAuthenticationFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/v1/me}: who the presented token is, as the filter verified it. */
final class MeServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    TokenPrincipal principal =
        (TokenPrincipal) request.getAttribute(TokenAuthenticationFilter.PRINCIPAL_ATTRIBUTE);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tokenId", principal.tokenId());
    body.put("organizationId", principal.organizationId());
    body.put("projectId", principal.scope().projectId().orElse(null));
    body.put("kind", principal.kind().wireName());
    body.put("owner", principal.owner().orElse(null));
    body.put("permissions", principal.permissions().values());
    Json.write(response, HttpServletResponse.SC_OK, body);
  }
}
