package dev.tokenry.examples;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * DEMO ONLY, a stand-in for a real login: {@code GET /demo/sign-in} lists the demo users, {@code
 * POST /demo/sign-in} with {@code user=<name>} sets the {@code tokenry-demo-user} cookie ({@code
 * SameSite=Strict}, {@code HttpOnly}) and sends the browser to the token page, {@code POST
 * /demo/sign-out} clears it. {@code GET /demo/theme.css} is the demo's theme for the page. None of
 * this is part of the library's page.
 */
final class DemoSignInServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  static final String PAGE = "/admin/api/";

  /** The demo's look for the library's page: a few of its documented custom properties. */
  static final String THEME =
      """
      /* The demo's theme for the Tokenry page (TokenAdminServlet.builder(...).stylesheet). */
      :root {
        --tokenry-color-accent: #0b6e4f;
        --tokenry-color-accent-hover: #085a40;
        --tokenry-color-focus: #0b6e4f;
        --tokenry-radius: 8px;
      }
      """;

  private final transient DemoDirectory directory;

  DemoSignInServlet(DemoDirectory directory) {
    this.directory = requireNonNull(directory, "directory must not be null");
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = Optional.ofNullable(request.getPathInfo()).orElse("");
    if (path.equals("/theme.css")) {
      send(response, 200, "text/css;charset=UTF-8", THEME);
      return;
    }
    if (!path.equals("/sign-in")) {
      Json.error(response, HttpServletResponse.SC_NOT_FOUND, "Not Found.");
      return;
    }
    String current = DemoActorResolver.userName(request).orElse("");
    StringBuilder users = new StringBuilder();
    for (DemoDirectory.User user : directory.users()) {
      users
          .append("<li><button type=\"submit\" name=\"user\" value=\"")
          .append(user.name())
          .append("\">")
          .append(user.name())
          .append("</button> ")
          .append(user.role().name().charAt(0))
          .append(user.role().name().substring(1).toLowerCase(Locale.ROOT))
          .append(" of ")
          .append(user.organizationId())
          .append(user.name().equals(current) ? " (signed in now)" : "")
          .append("</li>\n");
    }
    String html =
        """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Sign in · Tokenry demo</title></head>
        <body>
        <main>
        <h1>Tokenry demo: sign in</h1>
        <p>Demo only: pick who you are. This sets a cookie the demo's ActorResolver reads; a real
        application uses its own login.</p>
        <form method="post" action="/demo/sign-in"><ul>
        %s</ul></form>
        <form method="post" action="/demo/sign-out"><button type="submit">Sign out</button></form>
        <p><a href="%s">API Tokens page</a></p>
        </main>
        </body>
        </html>
        """
            .formatted(users, PAGE);
    response.setHeader(
        "Content-Security-Policy",
        "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    response.setHeader("X-Content-Type-Options", "nosniff");
    send(response, 200, "text/html;charset=UTF-8", html);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    // A cross-site form must not sign the browser in as someone (login CSRF).
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      Json.error(response, HttpServletResponse.SC_FORBIDDEN, "Cross-site sign-in refused.");
      return;
    }
    String path = Optional.ofNullable(request.getPathInfo()).orElse("");
    if (path.equals("/sign-out")) {
      response.addHeader("Set-Cookie", cookie("", 0));
      redirect(response, "/demo/sign-in");
      return;
    }
    if (!path.equals("/sign-in")) {
      Json.error(response, HttpServletResponse.SC_NOT_FOUND, "Not Found.");
      return;
    }
    Optional<DemoDirectory.User> user = directory.user(request.getParameter("user"));
    if (user.isEmpty()) {
      Json.error(response, HttpServletResponse.SC_BAD_REQUEST, "No such demo user.");
      return;
    }
    response.addHeader("Set-Cookie", cookie(user.get().name(), -1));
    redirect(response, PAGE);
  }

  private static String cookie(String value, int maxAge) {
    return DemoActorResolver.COOKIE
        + "="
        + value
        + "; Path=/; HttpOnly; SameSite=Strict"
        + (maxAge >= 0 ? "; Max-Age=" + maxAge : "");
  }

  private static void redirect(HttpServletResponse response, String location) {
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", location);
    response.setHeader("Cache-Control", "no-store");
  }

  private static void send(HttpServletResponse response, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType(type);
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(bytes.length);
    response.getOutputStream().write(bytes);
  }
}
