package dev.tokenry.spring.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/** A real HTTP client against the embedded server, with its own cookie jar (a "browser"). */
final class Http {

  private final String base;
  private final CookieManager cookies = new CookieManager();
  private final HttpClient client;

  Http(int port) {
    this.base = "http://127.0.0.1:" + port;
    this.client =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
  }

  HttpResponse<String> get(String path, String... headers) {
    HttpRequest.Builder builder = request(path).GET();
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return send(builder.build());
  }

  HttpResponse<String> post(String path, String contentType, String body, String... headers) {
    HttpRequest.Builder builder =
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return send(builder.build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Optional<String> cookie(String name) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue)
        .findFirst();
  }

  /** Signs in through the login form, as a browser does (the form's CSRF field included). */
  void formLogin(String user, String password) {
    HttpResponse<String> page = get("/login");
    String html = page.body();
    int at = html.indexOf("name=\"_csrf\"");
    int value = html.indexOf("value=\"", at) + 7;
    String csrf = html.substring(value, html.indexOf('"', value));
    HttpResponse<String> login =
        post(
            "/login",
            "application/x-www-form-urlencoded",
            "username=" + user + "&password=" + password.replace(" ", "+") + "&_csrf=" + csrf);
    if (login.statusCode() != 302
        || login.headers().firstValue("Location").orElse("").contains("error")) {
      throw new IllegalStateException(
          "login failed: " + login.statusCode() + " " + login.headers());
    }
  }
}
