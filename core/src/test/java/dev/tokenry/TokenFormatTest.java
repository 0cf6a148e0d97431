package dev.tokenry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenFormatTest {

  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private final SecureRandom random = new SecureRandom();
  private final TokenFormat format = new TokenFormat("tkr");

  private String newToken() {
    return format.format(TokenFormat.newId(random), TokenFormat.newSecret(random));
  }

  @Test
  void isDigitWhenAnyCharThenTrueExactlyForTheBase62Alphabet() {
    String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    for (int c = Character.MIN_VALUE; c <= Character.MAX_VALUE; c++) {
      assertThat(Base62.isDigit((char) c)).as("char %d", c).isEqualTo(alphabet.indexOf(c) >= 0);
    }
  }

  @Test
  void formatWhenIssuedThenMatchesTheDocumentedShape() {
    String token = newToken();

    assertThat(token).matches("tkr_[0-9A-Za-z]{16}_[0-9A-Za-z]{32}[0-9A-Za-z]{6}");
    assertThat(token).hasSize(4 + 16 + 1 + 38);
  }

  @Test
  void parseWhenWellFormedThenReturnsIdAndSecret() {
    String id = TokenFormat.newId(random);
    String secret = TokenFormat.newSecret(random);

    TokenFormat.ParsedToken parsed = format.parse(format.format(id, secret));

    assertThat(parsed.id()).isEqualTo(id);
    assertThat(parsed.secret()).isEqualTo(secret);
    assertThat(parsed.toString()).contains(id).doesNotContain(secret);
  }

  @Test
  void parseWhenPrefixHasTwoPartsThenRoundTrips() {
    TokenFormat live = new TokenFormat("acme_live");
    String token = live.format(TokenFormat.newId(random), TokenFormat.newSecret(random));

    assertThat(token).startsWith("acme_live_");
    assertThat(live.parse(token)).isNotNull();
    assertThat(format.parse(token)).isNull();
  }

  @Test
  void checksumWhenComputedThenEqualsJavaUtilZipCrc32() {
    for (int i = 0; i < 200; i++) {
      String text = "tkr_" + TokenFormat.newId(random) + "_" + TokenFormat.newSecret(random);
      CRC32 reference = new CRC32();
      reference.update(text.getBytes(StandardCharsets.US_ASCII));

      assertThat(TokenFormat.crc32(text, text.length())).isEqualTo(reference.getValue());
    }
  }

  @Test
  void parseWhenAnySingleCharacterIsChangedThenRejected() {
    String token = newToken();
    for (int i = 0; i < token.length(); i++) {
      for (char c : new char[] {'0', 'a', 'Z', '_'}) {
        if (token.charAt(i) != c) {
          String typo = token.substring(0, i) + c + token.substring(i + 1);
          assertThat(format.parse(typo)).as("typo at %d", i).isNull();
        }
      }
    }
  }

  @Test
  void parseWhenCharacterRemovedOrAddedThenRejected() {
    String token = newToken();

    assertThat(format.parse(token.substring(1))).isNull();
    assertThat(format.parse(token.substring(0, token.length() - 1))).isNull();
    assertThat(format.parse(token + "a")).isNull();
    assertThat(format.parse("a" + token)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "tkr",
        "tkr_",
        "Bearer x",
        "tkr_0123456789abcdef_",
        "tkr_0123456789abcde!_0123456789abcdef0123456789abcdef012345",
        "tkr-0123456789abcdef_0123456789abcdef0123456789abcdef012345"
      })
  void parseWhenShapeWrongThenRejected(String presented) {
    assertThat(format.parse(presented)).isNull();
  }

  @Test
  void parseWhenNullThenRejected() {
    assertThat(format.parse(null)).isNull();
  }

  @Test
  void parseWhenNonAsciiLookalikeThenRejected() {
    String token = newToken();
    String cyrillic = token.substring(0, 10) + '\u0430' + token.substring(11);

    assertThat(format.parse(cyrillic)).isNull();
  }

  @Test
  void parseWhenAnotherPrefixThenRejectedEvenWithValidChecksum() {
    String other =
        new TokenFormat("abc").format(TokenFormat.newId(random), TokenFormat.newSecret(random));

    assertThat(format.parse(other)).isNull();
  }

  @Test
  void newIdWhenDrawnManyTimesThenUsesTheWholeAlphabetUniformly() {
    int[] counts = new int[128];
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 20_000; i++) {
      String id = TokenFormat.newId(random);
      ids.add(id);
      id.chars().forEach(c -> counts[c]++);
    }
    assertThat(ids).hasSize(20_000);
    double expected = 20_000 * 16 / 62.0;
    for (char c : ALPHABET.toCharArray()) {
      assertThat((double) counts[c]).as("count of %s", c).isBetween(expected * 0.9, expected * 1.1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"TKR", "t", "1tk", "tkr_", "a_b_c", "abcdefghijklmnopq", "tk r", "tkr-x"})
  void requirePrefixWhenMalformedThenThrowsNamingIt(String prefix) {
    assertThatThrownBy(() -> TokenFormat.requirePrefix(prefix))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefix")
        .hasMessageContaining("'" + prefix + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tkr", "ab", "acme_live", "x9_2", "abcdefghijklmnop"})
  void requirePrefixWhenWellFormedThenAccepted(String prefix) {
    assertThat(TokenFormat.requirePrefix(prefix)).isEqualTo(prefix);
  }

  @Test
  void base62WhenWritingFixedWidthThenPadsAndRejectsOverflow() {
    StringBuilder out = new StringBuilder();
    Base62.appendFixed(61, 3, out);
    assertThat(out).hasToString("00z");
    assertThat(Base62.parse("00z", 0, 3)).isEqualTo(61);
    assertThatThrownBy(() -> Base62.appendFixed(62 * 62, 2, new StringBuilder()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
