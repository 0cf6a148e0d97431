package dev.tokenry.spi;

import static java.util.Objects.requireNonNull;

import dev.tokenry.ApiToken;
import dev.tokenry.InvalidTokenRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A position in a newest-first token list: the creation instant and id of the last token on a page.
 * The next page holds tokens that sort strictly after it by {@code (createdAt DESC, id DESC)}, so
 * paging is stable while tokens are inserted or deleted. Its string form is opaque to clients.
 *
 * @param createdAt the creation instant of the last token seen
 * @param id the id of the last token seen
 */
public record PageCursor(Instant createdAt, String id) {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  /**
   * Checks the components.
   *
   * @param createdAt the creation instant of the last token seen
   * @param id the id of the last token seen
   * @throws NullPointerException if a component is null
   */
  public PageCursor {
    requireNonNull(createdAt, "createdAt must not be null");
    requireNonNull(id, "id must not be null");
  }

  /**
   * The position just after a token.
   *
   * @param token the last token of a page
   * @return the cursor
   */
  public static PageCursor after(ApiToken token) {
    return new PageCursor(token.createdAt(), token.id());
  }

  /**
   * Whether a token sorts after this position, i.e. belongs on a later page.
   *
   * @param tokenCreatedAt the token's creation instant
   * @param tokenId the token's id
   * @return true if the token comes after this cursor in newest-first order
   */
  public boolean precedes(Instant tokenCreatedAt, String tokenId) {
    int byTime = tokenCreatedAt.compareTo(createdAt);
    return byTime < 0 || (byTime == 0 && tokenId.compareTo(id) < 0);
  }

  /**
   * Returns the opaque string form.
   *
   * @return a URL-safe string
   */
  public String encode() {
    String raw = createdAt.toEpochMilli() + "." + id;
    return ENCODER.encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Parses the opaque string form.
   *
   * @param cursor a string from {@link #encode()}
   * @return the cursor
   * @throws InvalidTokenRequestException on field {@code cursor} if it is not a cursor
   */
  public static PageCursor decode(String cursor) {
    requireNonNull(cursor, "cursor must not be null");
    try {
      String raw = new String(DECODER.decode(cursor), StandardCharsets.UTF_8);
      int dot = raw.indexOf('.');
      String id = raw.substring(dot + 1);
      if (dot <= 0 || id.isEmpty() || cursor.length() > 200) {
        throw new IllegalArgumentException();
      }
      return new PageCursor(Instant.ofEpochMilli(Long.parseLong(raw.substring(0, dot))), id);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw new InvalidTokenRequestException("cursor", "cursor is not one this API returned");
    }
  }
}
