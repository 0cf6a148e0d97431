package dev.tokenry.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameKeyTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Deploy",
        "deploy",
        "DEPLOY",
        "\uff24eploy",
        "De\u00adploy",
        "De\u200bploy",
        "\ufeffDeploy",
        "Dep\u034floy"
      })
  void ofWhenNamesLookAlikeThenOneKey(String name) {
    assertThat(NameKey.of(name)).isEqualTo("deploy");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "D\u00e9ploy now",
        "De\u0301ploy now",
        "D\u00c9PLOY\u00a0NOW",
        "D\u00e9ploy\u2007now",
        "\uff24\u00e9ploy now"
      })
  void ofWhenSpellingsDifferOnlyInFormThenOneKey(String name) {
    assertThat(NameKey.of(name)).isEqualTo("d\u00e9ploy now");
  }

  @ParameterizedTest
  @ValueSource(strings = {"stra\u00dfe", "STRASSE", "Strasse"})
  void ofWhenCaseFoldingMapsSharpSThenOneKey(String name) {
    assertThat(NameKey.of(name)).isEqualTo("strasse");
  }

  @ParameterizedTest
  @ValueSource(strings = {"D\u0435ploy", "\u0394eploy", "Deploy 2", "Deploj"})
  void ofWhenLettersDifferThenKeysDiffer(String name) {
    assertThat(NameKey.of(name)).isNotEqualTo(NameKey.of("Deploy"));
  }
}
