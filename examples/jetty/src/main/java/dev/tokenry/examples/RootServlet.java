package dev.tokenry.examples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code /}: sends a browser to the admin page; anything else unknown is 404. */
final class RootServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if (path.isEmpty() || path.equals("/")) {
      response.setStatus(HttpServletResponse.SC_FOUND);
      response.setHeader("Location", DemoSignInServlet.PAGE);
      return;
    }
    Json.error(response, HttpServletResponse.SC_NOT_FOUND, "Not Found.");
  }
}
