package dev.tokenry.servlet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API Tokens page and its assets, read once from the jar ({@code dev/tokenry/servlet/page/}):
 * the page at the mount root, each asset under {@code assets/} by a name that carries a hash of its
 * content, so it can be cached for good. Only those names exist; anything else is not found.
 */
final class AdminPage {

  private static final String ROOT = "page/";

  /** A strict policy: nothing inline, nothing from another origin, never framed. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src"
          + " 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z0-9.:_-]+)\\}\\}");

  /** A file served from {@code assets/}. */
  private record Asset(String contentType, byte[] body, String etag) {}

  private final Map<String, Asset> assets = new LinkedHashMap<>();
  private final Map<String, String> versionedNames = new LinkedHashMap<>();
  private final Map<String, String> messages;
  private final byte[] page;
  private final String pageEtag;

  /**
   * @param messages the host's replacements for some of the default messages
   * @param stylesheets the host's extra stylesheets, linked after the page's own
   */
  AdminPage(Map<String, String> messages, List<String> stylesheets) {
    this.messages = Collections.unmodifiableMap(merged(messages));
    addAsset("tokenry.css", "text/css;charset=UTF-8", read("tokenry.css"));
    addAsset("tokenry.js", "text/javascript;charset=UTF-8", read("tokenry.js"));
    addAsset("favicon.svg", "image/svg+xml", read("favicon.svg"));
    ObjectNode json = AdminJson.MAPPER.createObjectNode();
    this.messages.forEach(json::put);
    addAsset("messages.json", "application/json;charset=UTF-8", AdminJson.bytes(json));
    StringBuilder links = new StringBuilder();
    for (String href : stylesheets) {
      links.append("<link rel=\"stylesheet\" href=\"").append(escape(href)).append("\">\n");
    }
    this.page = render(new String(read("index.html"), StandardCharsets.UTF_8), links.toString());
    this.pageEtag = etagOf(page);
  }

  /** The message keys a host may replace: those of the default messages file. */
  static Map<String, String> defaultMessages() {
    Properties properties = new Properties();
    try (Reader in =
        new InputStreamReader(
            new ByteArrayInputStream(read("messages.properties")), StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> defaults = new TreeMap<>();
    properties.stringPropertyNames().forEach(key -> defaults.put(key, properties.getProperty(key)));
    return defaults;
  }

  private static Map<String, String> merged(Map<String, String> replacements) {
    Map<String, String> all = defaultMessages();
    replacements.forEach(
        (key, value) -> {
          if (!all.containsKey(key)) {
            throw new IllegalArgumentException(
                "'" + key + "' is not a message of the token page; see docs/admin-page.md");
          }
          all.put(key, value);
        });
    return all;
  }

  private void addAsset(String name, String contentType, byte[] body) {
    String hash = HexFormat.of().formatHex(sha256(body), 0, 6);
    int dot = name.lastIndexOf('.');
    String versioned = name.substring(0, dot) + "-" + hash + name.substring(dot);
    assets.put(versioned, new Asset(contentType, body, "\"" + hash + "\""));
    versionedNames.put(name, versioned);
  }

  private byte[] render(String template, String links) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String key = matcher.group(1);
      String value;
      if (key.equals("stylesheets")) {
        value = links;
      } else if (key.startsWith("asset:")) {
        String name = versionedNames.get(key.substring("asset:".length()));
        if (name == null) {
          throw new IllegalStateException("index.html names an unknown asset: " + key);
        }
        value = "assets/" + name;
      } else {
        String message = messages.get(key);
        if (message == null) {
          throw new IllegalStateException("index.html names an unknown message: " + key);
        }
        value = escape(message);
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Answers {@code GET} or {@code HEAD} of the page. */
  void servePage(HttpServletRequest request, HttpServletResponse response) throws IOException {
    securityHeaders(response);
    response.setHeader("Cache-Control", "no-cache");
    write(request, response, "text/html;charset=UTF-8", page, pageEtag);
  }

  /**
   * Answers {@code GET} or {@code HEAD} of {@code assets/<name>}.
   *
   * @return false when there is no such asset
   */
  boolean serveAsset(String name, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Asset asset = assets.get(name);
    if (asset == null) {
      return false;
    }
    securityHeaders(response);
    response.setHeader("Cache-Control", IMMUTABLE);
    write(request, response, asset.contentType(), asset.body(), asset.etag());
    return true;
  }

  static void securityHeaders(HttpServletResponse response) {
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  }

  private static void write(
      HttpServletRequest request,
      HttpServletResponse response,
      String contentType,
      byte[] body,
      String etag)
      throws IOException {
    response.setHeader("ETag", etag);
    String ifNoneMatch = request.getHeader("If-None-Match");
    if (ifNoneMatch != null && List.of(ifNoneMatch.split("\\s*,\\s*")).contains(etag)) {
      response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      return;
    }
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(contentType);
    response.setContentLength(body.length);
    if (!"HEAD".equals(request.getMethod())) {
      response.getOutputStream().write(body);
    }
  }

  private static String etagOf(byte[] body) {
    return "\"" + HexFormat.of().formatHex(sha256(body), 0, 6) + "\"";
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static byte[] read(String file) {
    try (InputStream in = AdminPage.class.getResourceAsStream(ROOT + file)) {
      if (in == null) {
        throw new IllegalStateException("tokenry-servlet is missing its page file " + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
