package dev.tokenry.examples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Serves the admin page's three files from the jar's resources ({@code /admin/}). Only the listed
 * files exist; everything else is 404.
 */
final class AdminPageServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private static final Map<String, String> FILES =
      Map.of(
          "/", "text/html",
          "/index.html", "text/html",
          "/admin.css", "text/css",
          "/admin.js", "text/javascript");

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo();
    if (path == null) {
      response.sendRedirect(request.getContextPath() + "/admin/");
      return;
    }
    String type = FILES.get(path);
    if (type == null) {
      Json.error(response, HttpServletResponse.SC_NOT_FOUND, "Not Found.");
      return;
    }
    String file = path.equals("/") ? "/index.html" : path;
    try (InputStream in = AdminPageServlet.class.getResourceAsStream("/admin" + file)) {
      if (in == null) {
        Json.error(response, HttpServletResponse.SC_NOT_FOUND, "Not Found.");
        return;
      }
      response.setContentType(type);
      response.setCharacterEncoding("UTF-8");
      response.setHeader("Cache-Control", "no-cache");
      response.setHeader("X-Content-Type-Options", "nosniff");
      response.setHeader("Referrer-Policy", "no-referrer");
      response.setHeader(
          "Content-Security-Policy",
          "default-src 'self'; img-src 'self' data:;"
              + " object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
      in.transferTo(response.getOutputStream());
    }
  }
}
