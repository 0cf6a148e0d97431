package dev.tokenry.servlet;

/** Checks on client addresses taken from headers. */
final class ClientAddresses {

  private static final int MAX_LENGTH = 45; // the longest textual IPv6 address with IPv4 tail

  private ClientAddresses() {}

  /**
   * The key an address is throttled under: an IPv4 address as it is, an IPv6 address as its /64
   * network (a single host or customer usually holds a whole /64, and could otherwise rotate
   * through 2^64 addresses), anything else cut to {@value #MAX_LENGTH} characters.
   */
  static String throttleKey(String address) {
    if (address == null) {
      return "";
    }
    if (address.indexOf(':') < 0 || !isPlainAddress(address)) {
      return address.length() > MAX_LENGTH ? address.substring(0, MAX_LENGTH) : address;
    }
    byte[] bytes;
    try {
      // A literal (checked above): no name lookup happens.
      bytes = java.net.InetAddress.getByName(address).getAddress();
    } catch (java.net.UnknownHostException e) {
      return address;
    }
    if (bytes.length != 16) {
      return address;
    }
    StringBuilder key = new StringBuilder(24);
    for (int i = 0; i < 8; i += 2) {
      key.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
    }
    return key.append(":/64").toString();
  }

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
