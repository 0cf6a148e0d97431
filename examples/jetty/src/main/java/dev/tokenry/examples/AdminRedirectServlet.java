package dev.tokenry.examples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /admin} and {@code /admin/}: the page's old address, now a redirect to the library's page
 * at the admin servlet's mount ({@code /admin/api/}); anything else under {@code /admin/} that no
 * other servlet serves is 404.
 */
final class AdminRedirectServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo();
    if (path == null || path.equals("/")) {
      response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
      response.setHeader("Location", DemoSignInServlet.PAGE);
      return;
    }
    Json.error(response, HttpServletResponse.SC_NOT_FOUND, "Not Found.");
  }
}
