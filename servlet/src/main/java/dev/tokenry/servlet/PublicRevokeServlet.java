package dev.tokenry.servlet;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenry.TokenStoreUnavailableException;
import dev.tokenry.Tokenry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets anyone who finds a token revoke it, without an account: {@code POST {"tokens":["…",…]}} with
 * 1 to {@value #MAX_TOKENS} plaintext tokens. Every live token among them is revoked at once with a
 * {@code leaked} event (source {@code public-revoke}).
 *
 * <p>The answer is always 202 {@code {"message":"Accepted."}}, whether none, some or all of the
 * tokens were live, so the endpoint cannot be used to learn which tokens exist: unknown ids cost a
 * hash comparison like known ones. Only the whole token revokes; an id alone does nothing. Requests
 * are throttled per client address (default {@value #DEFAULT_MAX_REQUESTS_PER_MINUTE} per minute,
 * 429 with {@code Retry-After} past it). A body that is not such an object is 400 naming {@code
 * tokens}; over {@value #MAX_BODY_BYTES} bytes 413; a store that cannot answer 503 with {@code
 * Retry-After}.
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(new PublicRevokeServlet(tokenry)),
 *     "/api/public/tokens/revoke");
 * }</pre>
 *
 * <p>The client address is the one {@link TokenAuthenticationFilter} put in {@link
 * TokenAuthenticationFilter#CLIENT_ADDRESS_ATTRIBUTE} when the filter runs in front (permit the
 * route), else the connection's peer address.
 */
public final class PublicRevokeServlet extends HttpServlet {

  /** The most tokens one request may hold. */
  public static final int MAX_TOKENS = 100;

  /** The largest body read, in bytes. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  /** Requests per minute and client address allowed by {@link #PublicRevokeServlet(Tokenry)}. */
  public static final int DEFAULT_MAX_REQUESTS_PER_MINUTE = 10;

  /** The source of the {@code leaked} events of this servlet. */
  public static final String SOURCE = "public-revoke";

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(PublicRevokeServlet.class);

  private final transient Tokenry tokenry;
  private final transient AttemptThrottle throttle;

  /**
   * Creates the servlet with a per-instance throttle of {@value #DEFAULT_MAX_REQUESTS_PER_MINUTE}
   * requests per minute and address.
   *
   * @param tokenry revokes the tokens
   */
  public PublicRevokeServlet(Tokenry tokenry) {
    this(
        tokenry,
        AttemptThrottle.perInstance(DEFAULT_MAX_REQUESTS_PER_MINUTE, Duration.ofMinutes(1)));
  }

  /**
   * Creates the servlet with the given throttle, which counts every request.
   *
   * @param tokenry revokes the tokens
   * @param throttle counts requests per client address
   */
  public PublicRevokeServlet(Tokenry tokenry, AttemptThrottle throttle) {
    this.tokenry = requireNonNull(tokenry, "tokenry must not be null");
    this.throttle = requireNonNull(throttle, "throttle must not be null");
  }

  /**
   * Answers {@code POST} only.
   *
   * @param request the request
   * @param response the response
   * @throws IOException if the client connection fails
   */
  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"POST".equals(request.getMethod())) {
      response.setHeader("Allow", "POST");
      JsonAnswers.message(response, 405, "Method Not Allowed.");
      return;
    }
    String key = ClientAddresses.throttleKey(clientAddress(request));
    Duration wait = throttle.retryAfter(key);
    if (!wait.isZero()) {
      ErrorAnswers.tooManyRequests(response, wait);
      return;
    }
    try {
      throttle.record(key);
    } catch (RuntimeException e) {
      LOG.warn("Could not count a public revoke request: {}", e.toString());
    }
    List<String> tokens = tokens(request, response);
    if (tokens == null) {
      return;
    }
    try {
      for (String token : tokens) {
        tokenry.revokeLeaked(token, SOURCE, Optional.empty());
      }
    } catch (TokenStoreUnavailableException e) {
      LOG.warn("Token store unavailable during a public revoke; answering 503: {}", e.getMessage());
      response.setHeader("Retry-After", ErrorAnswers.RETRY_AFTER_SECONDS);
      JsonAnswers.message(response, 503, "Service Unavailable.");
      return;
    }
    JsonAnswers.message(response, 202, "Accepted.");
  }

  /** The tokens of the body, or null after answering why there are none. */
  private static List<String> tokens(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String contentType = request.getContentType();
    String mime =
        contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    if (!mime.equals("application/json")) {
      JsonAnswers.error(
          response,
          415,
          "Unsupported Media Type.",
          Map.of("Content-Type", List.of("send Content-Type: application/json")));
      return null;
    }
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      JsonAnswers.message(response, 413, "Payload Too Large.");
      return null;
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      JsonAnswers.message(response, 413, "Payload Too Large.");
      return null;
    }
    JsonNode root = AdminJson.parse(body);
    JsonNode list = root == null || !root.isObject() ? null : root.get("tokens");
    String problem = null;
    if (list == null || !list.isArray() || root.size() != 1) {
      problem = "give {\"tokens\":[…]}, a list of 1 to " + MAX_TOKENS + " tokens";
    } else if (list.isEmpty() || list.size() > MAX_TOKENS) {
      problem = "tokens must hold 1 to " + MAX_TOKENS + " tokens, was " + list.size();
    }
    List<String> tokens = new ArrayList<>();
    if (problem == null) {
      for (JsonNode token : list) {
        if (!token.isTextual()) {
          problem = "tokens must be a list of strings";
          break;
        }
        tokens.add(token.textValue());
      }
    }
    if (problem != null) {
      JsonAnswers.error(response, 400, "Bad Request.", Map.of("tokens", List.of(problem)));
      return null;
    }
    return tokens;
  }

  private static String clientAddress(HttpServletRequest request) {
    Object attribute = request.getAttribute(TokenAuthenticationFilter.CLIENT_ADDRESS_ATTRIBUTE);
    return attribute instanceof String address ? address : request.getRemoteAddr();
  }
}
