package dev.tokenry.servlet;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a raw request path into the segments route rules are matched against: matrix parameters
 * ({@code ;jsessionid=…}) stripped, each segment percent-decoded once as UTF-8, empty and {@code .}
 * segments dropped, {@code ..} resolved. A path that cannot be read one way only (an encoded {@code
 * /} or {@code \}, a control character, malformed escapes or UTF-8, {@code ..} above the root) is
 * refused rather than guessed at.
 */
final class PathNormalizer {

  private static final int MAX_LENGTH = 8192;

  private PathNormalizer() {}

  /**
   * Normalises a raw path (no query string).
   *
   * @param rawPath the path as sent, still percent-encoded
   * @return the decoded segments, or null when the path is refused
   */
  static List<String> segments(String rawPath) {
    if (rawPath == null
        || rawPath.isEmpty()
        || rawPath.charAt(0) != '/'
        || rawPath.length() > MAX_LENGTH) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (String raw : rawPath.substring(1).split("/", -1)) {
      int semicolon = raw.indexOf(';');
      String segment = decode(semicolon >= 0 ? raw.substring(0, semicolon) : raw);
      if (segment == null) {
        return null;
      }
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        if (out.isEmpty()) {
          return null;
        }
        out.remove(out.size() - 1);
        continue;
      }
      out.add(segment);
    }
    return out;
  }

  private static String decode(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\' || c < 0x20 || c == 0x7f) {
        return null;
      }
    }
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteBuffer bytes = ByteBuffer.allocate(raw.length() * 4);
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        int high = Character.digit(raw.charAt(i + 1), 16);
        int low = Character.digit(raw.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          return null;
        }
        bytes.put((byte) (high * 16 + low));
        i += 2;
      } else {
        bytes.put(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    bytes.flip();
    String decoded;
    try {
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(bytes)
              .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    for (int i = 0; i < decoded.length(); i++) {
      char c = decoded.charAt(i);
      // An encoded separator, or an escape left after one decoding (%252e), means two readers of
      // this path could disagree; refuse it.
      if (c == '/' || c == '\\' || c == ';' || c == '%' || c < 0x20 || c == 0x7f) {
        return null;
      }
    }
    return decoded;
  }
}
