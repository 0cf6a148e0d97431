package dev.tokenry;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * The token string format {@code <prefix>_<id>_<secret><checksum>}: a 16-character base62 id, a
 * 32-character base62 secret and a 6-character base62 CRC32 of everything before it. Parsing checks
 * shape, prefix and checksum without any I/O, so typos and random strings never reach the store.
 */
final class TokenFormat {

  /** Characters in the public id. */
  public static final int ID_LENGTH = 16;

  /** Characters in the secret (about 190 bits). */
  public static final int SECRET_LENGTH = 32;

  /** Characters in the checksum. */
  public static final int CHECKSUM_LENGTH = 6;

  /** Presented strings longer than this are rejected without being read. */
  public static final int MAX_PRESENTED_LENGTH = 512;

  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{1,15}(_[a-z0-9]{1,16})?");
  private static final int[] CRC_TABLE = crcTable();

  private final String prefix;
  private final int length;
  private final int idStart;
  private final int secretStart;
  private final int checksumStart;

  /**
   * Creates the format for a prefix.
   *
   * @param prefix such as {@code tkr} or {@code acme_live}
   */
  TokenFormat(String prefix) {
    this.prefix = requirePrefix(prefix);
    this.idStart = prefix.length() + 1;
    this.secretStart = idStart + ID_LENGTH + 1;
    this.checksumStart = secretStart + SECRET_LENGTH;
    this.length = checksumStart + CHECKSUM_LENGTH;
  }

  /**
   * Checks a prefix.
   *
   * @param prefix the candidate
   * @return the prefix
   * @throws IllegalArgumentException if it is not {@code [a-z][a-z0-9]{1,15}} with an optional
   *     {@code _}-joined second part
   */
  public static String requirePrefix(String prefix) {
    requireNonNull(prefix, "prefix must not be null");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "prefix must match [a-z][a-z0-9]{1,15} with an optional"
              + " '_'-joined second part of [a-z0-9]{1,16}, such as 'tkr' or 'acme_live'; was '"
              + prefix
              + "'");
    }
    return prefix;
  }

  /**
   * Returns the prefix.
   *
   * @return the prefix
   */
  public String prefix() {
    return prefix;
  }

  /**
   * Draws a new public id.
   *
   * @param random the source of randomness
   * @return 16 base62 characters
   */
  public static String newId(SecureRandom random) {
    StringBuilder id = new StringBuilder(ID_LENGTH);
    Base62.appendRandom(random, ID_LENGTH, id);
    return id.toString();
  }

  /**
   * Draws a new secret.
   *
   * @param random the source of randomness
   * @return 32 base62 characters
   */
  public static String newSecret(SecureRandom random) {
    StringBuilder secret = new StringBuilder(SECRET_LENGTH);
    Base62.appendRandom(random, SECRET_LENGTH, secret);
    return secret.toString();
  }

  /**
   * Draws a new public id and secret together, with one call to {@code random} instead of two (a
   * {@code SecureRandom} call costs far more than the bytes it returns).
   *
   * @param random the source of randomness
   * @return {@value #ID_LENGTH} + {@value #SECRET_LENGTH} base62 characters: the id, then the
   *     secret
   */
  public static String newIdAndSecret(SecureRandom random) {
    StringBuilder both = new StringBuilder(ID_LENGTH + SECRET_LENGTH);
    Base62.appendRandom(random, ID_LENGTH + SECRET_LENGTH, both);
    return both.toString();
  }

  /**
   * Writes the full token string.
   *
   * @param id the public id
   * @param secret the secret
   * @return {@code <prefix>_<id>_<secret><checksum>}
   */
  public String format(String id, String secret) {
    StringBuilder token = new StringBuilder(length);
    token.append(prefix).append('_').append(id).append('_').append(secret);
    Base62.appendFixed(crc32(token, token.length()), CHECKSUM_LENGTH, token);
    return token.toString();
  }

  /**
   * Parses a presented token.
   *
   * @param presented the string a client sent
   * @return the id and secret, or null if the shape, prefix or checksum is wrong
   */
  public ParsedToken parse(String presented) {
    if (presented == null
        || presented.length() != length
        || !presented.startsWith(prefix)
        || presented.charAt(idStart - 1) != '_'
        || presented.charAt(secretStart - 1) != '_'
        || !allBase62(presented, idStart, secretStart - 1)
        || !allBase62(presented, secretStart, length)) {
      return null;
    }
    if (crc32(presented, checksumStart) != Base62.parse(presented, checksumStart, length)) {
      return null;
    }
    return new ParsedToken(
        presented.substring(idStart, secretStart - 1),
        presented.substring(secretStart, checksumStart));
  }

  /**
   * Returns the masked form of a well-formed presented token, for logs.
   *
   * @param parsed the parsed token
   * @return the prefix and id, without the secret
   */
  public String masked(ParsedToken parsed) {
    return prefix + "_" + parsed.id() + "_…";
  }

  /**
   * Whether a string has the shape of a token id: {@value #ID_LENGTH} base62 characters. Anything
   * else cannot name a stored token, so callers answer "not found" without asking the store.
   *
   * @param text the candidate id
   * @return true if it could be an id
   */
  static boolean isId(String text) {
    return text.length() == ID_LENGTH && allBase62(text, 0, ID_LENGTH);
  }

  private static boolean allBase62(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Base62.isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** CRC-32 (the zip polynomial) of the first {@code end} ASCII characters, without allocating. */
  static long crc32(CharSequence text, int end) {
    int crc = 0xFFFFFFFF;
    for (int i = 0; i < end; i++) {
      crc = CRC_TABLE[(crc ^ text.charAt(i)) & 0xFF] ^ (crc >>> 8);
    }
    return (~crc) & 0xFFFFFFFFL;
  }

  private static int[] crcTable() {
    int[] table = new int[256];
    for (int n = 0; n < 256; n++) {
      int c = n;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
      }
      table[n] = c;
    }
    return table;
  }

  /**
   * The two parts of a well-formed token that verification needs.
   *
   * @param id the public id, the lookup key
   * @param secret the secret to check against the stored hash
   */
  public record ParsedToken(String id, String secret) {
    /** Leaves the secret out. */
    @Override
    public String toString() {
      return "ParsedToken[id=" + id + ", secret=(redacted)]";
    }
  }
}
