package dev.tokenry.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Enumeration;

/**
 * Reads a bearer token from the {@code Authorization} header only (RFC 6750 §2.1): the scheme
 * case-insensitively, one or more spaces, then a {@code b64token}. Query strings, form bodies and
 * cookies are never read.
 */
final class BearerCredentials {

  /** What the header held. */
  enum Kind {
    /** No Authorization header, or another scheme: no bearer credentials were offered. */
    NONE,
    /** A bearer credential that cannot be a token (malformed, too long, repeated headers). */
    INVALID,
    /** A well-formed b64token. */
    TOKEN
  }

  /** The longest token read; longer ones are rejected without being scanned. */
  static final int MAX_TOKEN_LENGTH = 512;

  private static final String SCHEME = "Bearer";

  private final Kind kind;
  private final String token;

  private BearerCredentials(Kind kind, String token) {
    this.kind = kind;
    this.token = token;
  }

  Kind kind() {
    return kind;
  }

  String token() {
    return token;
  }

  static BearerCredentials read(HttpServletRequest request) {
    Enumeration<String> headers = request.getHeaders("Authorization");
    if (headers == null || !headers.hasMoreElements()) {
      return new BearerCredentials(Kind.NONE, null);
    }
    String value = headers.nextElement();
    if (headers.hasMoreElements()) {
      return new BearerCredentials(Kind.INVALID, null);
    }
    return parse(value);
  }

  static BearerCredentials parse(String value) {
    if (value == null || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return new BearerCredentials(Kind.NONE, null);
    }
    if (value.length() > SCHEME.length() && isSchemeChar(value.charAt(SCHEME.length()))) {
      // "Bearerx ..." is another scheme; "Bearer\t..." is a malformed bearer credential.
      return new BearerCredentials(Kind.NONE, null);
    }
    int start = SCHEME.length();
    while (start < value.length() && value.charAt(start) == ' ') {
      start++;
    }
    int length = value.length() - start;
    if (start == SCHEME.length() || length == 0 || length > MAX_TOKEN_LENGTH) {
      return new BearerCredentials(Kind.INVALID, null);
    }
    String candidate = value.substring(start);
    return isB64Token(candidate)
        ? new BearerCredentials(Kind.TOKEN, candidate)
        : new BearerCredentials(Kind.INVALID, null);
  }

  /** {@code b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}. */
  private static boolean isB64Token(String s) {
    int i = 0;
    int n = s.length();
    while (i < n && isTokenChar(s.charAt(i))) {
      i++;
    }
    if (i == 0) {
      return false;
    }
    while (i < n && s.charAt(i) == '=') {
      i++;
    }
    return i == n;
  }

  /** RFC 9110 {@code tchar}, the characters an auth-scheme is made of. */
  private static boolean isSchemeChar(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  private static boolean isTokenChar(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~'
        || c == '+'
        || c == '/';
  }
}
