package dev.tokenry.servlet;

import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An {@code If-Match} request header read against the admin API's ETags, which are strong and
 * quoted versions such as {@code "3"} (RFC 9110 section 13.1.1). Weak tags ({@code W/"3"}) never
 * match under the strong comparison If-Match uses, and tags that are not a quoted version name no
 * version of ours; both are left out of {@link #versions()}. Internal.
 *
 * @param any whether the header is {@code *}
 * @param versions the versions named by well-formed strong tags
 */
record IfMatch(boolean any, Set<Long> versions) {

  /** The longest version tag read; longer ones cannot be a {@code long} anyway. */
  private static final int MAX_DIGITS = 18;

  /** The ETag of a version. */
  static String etag(long version) {
    return "\"" + version + "\"";
  }

  /**
   * Reads every {@code If-Match} header of a request.
   *
   * @return null when there is none
   */
  static IfMatch parse(Enumeration<String> headers) {
    if (headers == null || !headers.hasMoreElements()) {
      return null;
    }
    boolean any = false;
    Set<Long> versions = new LinkedHashSet<>();
    for (String header : Collections.list(headers)) {
      for (String part : header.split(",", -1)) {
        String tag = part.strip();
        if (tag.equals("*")) {
          any = true;
        } else {
          Long version = version(tag);
          if (version != null) {
            versions.add(version);
          }
        }
      }
    }
    return new IfMatch(any, Collections.unmodifiableSet(versions));
  }

  private static Long version(String tag) {
    if (tag.length() < 3 || tag.length() > MAX_DIGITS + 2) {
      return null;
    }
    if (tag.charAt(0) != '"' || tag.charAt(tag.length() - 1) != '"') {
      return null;
    }
    String digits = tag.substring(1, tag.length() - 1);
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    if (digits.length() > 1 && digits.charAt(0) == '0') {
      // "03" is not the ETag of version 3: strong comparison is character by character.
      return null;
    }
    return Long.parseLong(digits);
  }
}
