package dev.tokenry.servlet;

/** Checks on client addresses taken from headers. */
final class ClientAddresses {

  private static final int MAX_LENGTH = 45; // the longest textual IPv6 address with IPv4 tail

  private ClientAddresses() {}

  /**
   * Whether {@code value} is a plain IPv4 or IPv6 address in text: digits, hex letters, dots and
   * colons only, of a length an address can have. No host names, ports, brackets or zone ids, so
   * nothing a caller puts in a header can become a log line or a lookup.
   */
  static boolean isPlainAddress(String value) {
    int length = value.length();
    if (length < 2 || length > MAX_LENGTH) {
      return false;
    }
    int lastColon = value.lastIndexOf(':');
    if (lastColon < 0) {
      return isDottedQuad(value);
    }
    String[] groups = value.substring(0, lastColon).split(":", -1);
    if (groups.length < 2 || groups.length > 7) {
      return false;
    }
    for (String group : groups) {
      if (!isHexGroup(group)) {
        return false;
      }
    }
    String tail = value.substring(lastColon + 1);
    return tail.indexOf('.') >= 0 ? isDottedQuad(tail) : isHexGroup(tail);
  }

  private static boolean isHexGroup(String group) {
    if (group.length() > 4) {
      return false;
    }
    for (int i = 0; i < group.length(); i++) {
      if (Character.digit(group.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDottedQuad(String value) {
    String[] parts = value.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty()
          || part.length() > 3
          || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return false;
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }
}
