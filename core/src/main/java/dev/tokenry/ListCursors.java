package dev.tokenry;

import dev.tokenry.spi.PageCursor;
import dev.tokenry.spi.TokenQuery;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * The cursor strings of {@link Tokenry#list}: the position of the last token of a page and a tag
 * binding it to the list it came from (organization, kinds, owner, project, name filter). A changed
 * string, one made up, or one from another list (another filter, another organization, another
 * user) fails its tag and is refused on field {@code cursor}, before any store access. The tag is a
 * digest, not a keyed MAC: it detects tampering and foreign cursors, and it needs no secret because
 * a cursor grants nothing — every page is read through the actor's own filter.
 */
final class ListCursors {

  /** Longer strings are refused unread. */
  static final int MAX_LENGTH = 120;

  private static final String VERSION = "1";
  private static final int TAG_BYTES = 12;

  /** The last millisecond of year 9999; no store holds anything later. */
  private static final long MAX_MILLIS = 253_402_300_799_999L;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private ListCursors() {}

  static String encode(PageCursor cursor, TokenQuery query) {
    return encode(cursor, listOf(query));
  }

  /** Decodes a cursor made by {@link #encode} for the same list, or throws naming the field. */
  static PageCursor decode(String cursor, TokenQuery query) {
    return decode(cursor, listOf(query));
  }

  /**
   * Encodes a position in any list, named by {@code list}: a text that differs for every list (the
   * audit trail's filters, for instance).
   */
  static String encode(PageCursor cursor, String list) {
    String position = cursor.createdAt().toEpochMilli() + "." + cursor.id();
    String raw = VERSION + "." + position + "." + tag(position, list);
    return ENCODER.encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
  }

  /** Decodes a cursor made by {@link #encode(PageCursor, String)} for the same list. */
  static PageCursor decode(String cursor, String list) {
    PageCursor decoded = cursor.length() <= MAX_LENGTH ? parse(cursor, list) : null;
    if (decoded == null) {
      throw new InvalidTokenRequestException("cursor", "cursor is not one this API returned");
    }
    return decoded;
  }

  private static PageCursor parse(String cursor, String list) {
    String raw;
    try {
      raw = new String(DECODER.decode(cursor), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
    String[] parts = raw.split("\\.", -1);
    if (parts.length != 4 || !parts[0].equals(VERSION)) {
      return null;
    }
    String position = parts[1] + "." + parts[2];
    byte[] expected = tag(position, list).getBytes(StandardCharsets.US_ASCII);
    // Constant time, like every comparison of a digest here. The tag is a public digest, so a
    // forger can make a matching one: the checks below still hold the position to what a store
    // can take, and the actor's own filter still bounds what any page can show.
    if (!MessageDigest.isEqual(expected, parts[3].getBytes(StandardCharsets.US_ASCII))) {
      return null;
    }
    long millis;
    try {
      millis = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return null;
    }
    if (millis < 0 || millis > MAX_MILLIS || !TokenFormat.isId(parts[2])) {
      return null;
    }
    return new PageCursor(Instant.ofEpochMilli(millis), parts[2]);
  }

  private static String listOf(TokenQuery query) {
    return new StringBuilder(128)
        .append(query.organizationId())
        .append('\u0000')
        .append(query.organizationTokens())
        .append('\u0000')
        .append(query.personalOwner().orElse(""))
        .append('\u0000')
        .append(query.projectId().orElse(""))
        .append('\u0000')
        .append(query.nameContains().orElse(""))
        .toString();
  }

  private static String tag(String position, String list) {
    byte[] digest = Digests.sha256("tokenry-cursor\u0000" + position + '\u0000' + list);
    byte[] tag = new byte[TAG_BYTES];
    System.arraycopy(digest, 0, tag, 0, TAG_BYTES);
    return ENCODER.encodeToString(tag);
  }
}
