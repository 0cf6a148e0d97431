package dev.tokenry;

/**
 * Text a caller sent, made safe for a log line or an exception message: control, format and
 * separator characters (line breaks, bidi overrides, zero-width characters) are shown as {@code
 * \\uXXXX}, and long text is cut, so no input can forge a line or fill a log.
 */
final class Printable {

  /** Characters of caller text kept in one message. */
  static final int MAX_SHOWN = 100;

  private Printable() {}

  static String of(String text) {
    int end = Math.min(text.length(), MAX_SHOWN);
    StringBuilder shown = null;
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        if (shown != null) {
          shown.append(c).append(text.charAt(i + 1));
        }
        i++;
        end = Math.max(end, Math.min(i + 1, text.length()));
      } else if (unsafe(c)) {
        if (shown == null) {
          shown = new StringBuilder(end + 16).append(text, 0, i);
        }
        shown.append(String.format("\\u%04X", (int) c));
      } else if (shown != null) {
        shown.append(c);
      }
    }
    String result = shown != null ? shown.toString() : text.substring(0, end);
    return end < text.length() ? result + "…(" + text.length() + " chars)" : result;
  }

  private static boolean unsafe(char c) {
    if (c == '\\') {
      return true;
    }
    switch (Character.getType(c)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE,
          Character.UNASSIGNED,
          Character.PRIVATE_USE -> {
        return true;
      }
      default -> {
        return false;
      }
    }
  }
}
