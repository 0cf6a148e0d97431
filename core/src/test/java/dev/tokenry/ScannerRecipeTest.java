package dev.tokenry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The regular expression and the offline checksum check that docs/servlet.md ("Registering with a
 * secret scanner") gives to scanners hold for real tokens, computed only with the JDK's CRC32.
 */
class ScannerRecipeTest {

  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final Pattern TKR =
      Pattern.compile("(?<![0-9A-Za-z_])tkr_[0-9A-Za-z]{16}_[0-9A-Za-z]{38}(?![0-9A-Za-z_])");

  /** The documented recipe: CRC-32 of everything before the last 6 characters, base62, 6 digits. */
  static boolean checksumMatches(String token) {
    CRC32 crc = new CRC32();
    crc.update(token.substring(0, token.length() - 6).getBytes(StandardCharsets.US_ASCII));
    long value = crc.getValue();
    char[] digits = new char[6];
    for (int i = 5; i >= 0; i--) {
      digits[i] = ALPHABET.charAt((int) (value % 62));
      value /= 62;
    }
    return token.endsWith(new String(digits));
  }

  @Test
  void recipeWhenRealTokensThenRegexMatchesAndChecksumConfirms() {
    TokenFormat format = new TokenFormat("tkr");
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 200; i++) {
      String token = format.format(TokenFormat.newId(random), TokenFormat.newSecret(random));
      String inText = "export API_TOKEN=" + token + "\n";
      assertThat(TKR.matcher(inText).find()).isTrue();
      assertThat(checksumMatches(token)).isTrue();
      String typo =
          token.substring(0, 20) + (token.charAt(20) == 'a' ? 'b' : 'a') + token.substring(21);
      assertThat(checksumMatches(typo)).isFalse();
    }
  }
}
