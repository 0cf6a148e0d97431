package dev.tokenry;

import java.security.SecureRandom;

/**
 * Token strings for tests of other modules (in core's test-jar): the format is package-private in
 * core, and a test that needs a well-formed token with a wrong secret gets it here.
 */
public final class TestTokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private TestTokens() {}

  /**
   * Returns a well-formed token (right prefix, id and checksum) for an id, with a fresh random
   * secret that no store holds.
   *
   * @param prefix the token prefix
   * @param id the token id
   * @return the token string
   */
  public static String withRandomSecret(String prefix, String id) {
    return new TokenFormat(prefix).format(id, TokenFormat.newSecret(RANDOM));
  }

  /**
   * Returns the secret part of a token string.
   *
   * @param plaintext a token as issued
   * @return its secret
   */
  public static String secretOf(String plaintext) {
    int start = plaintext.length() - TokenFormat.CHECKSUM_LENGTH - TokenFormat.SECRET_LENGTH;
    return plaintext.substring(start, start + TokenFormat.SECRET_LENGTH);
  }
}
