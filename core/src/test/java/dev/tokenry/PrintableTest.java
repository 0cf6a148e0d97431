package dev.tokenry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrintableTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a\nINFO forged line",
        "a\rb",
        "\u0000",
        "x\u202ey",
        "x\u2028y",
        "x\u2029y",
        "zero\u200bwidth",
        "soft\u00adhyphen",
        "lone \ud800 surrogate",
        "back\\slash"
      })
  void ofWhenTextHoldsUnprintableCharactersThenEachIsEscaped(String text) {
    String shown = Printable.of(text);

    assertThat(shown).matches("[\\x20-\\x7e]*").contains("\\u");
  }

  @Test
  void ofWhenTextIsPrintableThenUnchanged() {
    assertThat(Printable.of("Deploy – Ünïcode 日本 😀")).isEqualTo("Deploy – Ünïcode 日本 😀");
  }

  @Test
  void ofWhenTextIsLongThenCutAndLengthShown() {
    String shown = Printable.of("x".repeat(10_000));

    assertThat(shown)
        .startsWith("x".repeat(Printable.MAX_SHOWN))
        .endsWith("…(10000 chars)")
        .hasSizeLessThan(Printable.MAX_SHOWN + 20);
  }

  @Test
  void ofWhenAPairOfSurrogatesStraddlesTheCutThenThePairIsKept() {
    String text = "x".repeat(Printable.MAX_SHOWN - 1) + "😀" + "tail";

    assertThat(Printable.of(text)).startsWith("x".repeat(Printable.MAX_SHOWN - 1) + "😀…");
  }
}
