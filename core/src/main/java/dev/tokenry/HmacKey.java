package dev.tokenry;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A server-side key for the {@code hmac-sha256} hasher, with an id that is written into each hash
 * so keys can be rotated. Load the key material from your secret manager, never from source code.
 * {@link #toString()} shows the id only.
 *
 * <pre>{@code
 * HmacKey key = HmacKey.of("2026-11", Base64.getDecoder().decode(System.getenv("TOKENRY_PEPPER")));
 * }</pre>
 */
public final class HmacKey {

  /** The fewest bytes of key material accepted (256 bits). */
  public static final int MIN_LENGTH = 32;

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

  private final String id;
  private final byte[] material;

  private HmacKey(String id, byte[] material) {
    this.id = id;
    this.material = material;
  }

  /**
   * Creates a key.
   *
   * @param id a short id such as {@code 2026-11}: letters, digits, {@code _ . -}, at most 32
   * @param material at least {@value #MIN_LENGTH} random bytes; copied
   * @return the key
   * @throws IllegalArgumentException if the id or the material is unfit
   */
  public static HmacKey of(String id, byte[] material) {
    requireNonNull(id, "id must not be null");
    requireNonNull(material, "material must not be null");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "HMAC key id must be 1 to 32 of [A-Za-z0-9_.-], was '" + id + "'");
    }
    if (material.length < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "HMAC key '"
              + id
              + "' must have at least "
              + MIN_LENGTH
              + " bytes, had "
              + material.length);
    }
    return new HmacKey(id, material.clone());
  }

  /**
   * Returns the key id.
   *
   * @return the id
   */
  public String id() {
    return id;
  }

  /**
   * Returns a copy of the key material.
   *
   * @return the bytes
   */
  public byte[] material() {
    return material.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HmacKey other
        && id.equals(other.id)
        && java.security.MessageDigest.isEqual(material, other.material);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  /** Shows the id, never the material. */
  @Override
  public String toString() {
    return "HmacKey[" + id + "]";
  }
}
