package dev.tokenry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** SHA-256 and base64 helpers shared by the hashers and the Argon2 verification cache. */
final class Digests {

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
          });

  static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  static final Base64.Decoder B64_DECODER = Base64.getDecoder();

  private Digests() {}

  /**
   * Returns the SHA-256 of a string's UTF-8 bytes.
   *
   * @param text the input
   * @return 32 bytes
   */
  public static byte[] sha256(String text) {
    // digest(byte[]) resets the engine when it completes, so no reset is needed before it.
    return SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Decodes unpadded standard base64, or returns null if the text is not base64.
   *
   * @param text the encoded bytes
   * @return the bytes, or null
   */
  static byte[] decodeOrNull(String text) {
    try {
      return B64_DECODER.decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
