package dev.tokenry.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Route rules, path normalisation and header parsing, without a container. */
class RouteRulesTest {

  private final RouteRules rules =
      RouteRules.builder()
          .realm("acme api")
          .require("GET", "/api/projects/{projectId}/contracts", "contracts:read")
          .require("*", "/api/files/**", "files:read")
          .authenticated("GET", "/")
          .build();

  @Test
  void matchWhenVariablesThenBound() {
    RouteRules.Match match = rules.match("GET", List.of("api", "projects", "p-1", "contracts"));

    assertThat(match.permission()).isEqualTo("contracts:read");
    assertThat(match.variables()).isEqualTo(Map.of("projectId", "p-1"));
  }

  @Test
  void matchWhenHeadThenGetRuleApplies() {
    assertThat(rules.match("HEAD", List.of("api", "projects", "p-1", "contracts")).permission())
        .isEqualTo("contracts:read");
  }

  @Test
  void matchWhenRestPatternThenAnyDepthAndAnyMethod() {
    assertThat(rules.match("DELETE", List.of("api", "files")).permission()).isEqualTo("files:read");
    assertThat(rules.match("PUT", List.of("api", "files", "a", "b")).permission())
        .isEqualTo("files:read");
    assertThat(rules.match("GET", List.of()).access()).isEqualTo(RouteRules.Access.AUTHENTICATED);
  }

  @Test
  void matchWhenMethodOrSegmentsDifferThenNoMatch() {
    assertThat(rules.match("POST", List.of("api", "projects", "p-1", "contracts"))).isNull();
    assertThat(rules.match("GET", List.of("api", "projects", "p-1"))).isNull();
    assertThat(rules.match("GET", List.of("api", "Projects", "p-1", "contracts"))).isNull();
  }

  @Test
  void builderWhenDefaultsThenRealmTokenryAndUndeclaredAuthenticated() {
    RouteRules defaults = RouteRules.builder().build();

    assertThat(defaults.realm()).isEqualTo("tokenry");
    assertThat(defaults.undeclared()).isEqualTo(UndeclaredRoutes.AUTHENTICATED);
    assertThat(rules.toString())
        .contains(
            "GET /api/projects/{projectId}/contracts ->" + " contracts:read",
            "GET / -> authenticated");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a\"b", "a\\b", "line\nbreak", "tab\there"})
  void realmWhenUnsafeCharactersThenRejected(String realm) {
    assertThatThrownBy(() -> RouteRules.builder().realm(realm))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "api",
        "/api//x",
        "/api/",
        "/api/**/x",
        "/api/{a}/{a}",
        "/api/./x",
        "/api/../x",
        "/api/{1x}",
        "/api/a b",
        "/api/x%2f"
      })
  void patternWhenMalformedThenRejected(String pattern) {
    assertThatThrownBy(() -> RouteRules.builder().authenticated("GET", pattern))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void ruleWhenMethodOrPermissionMalformedThenRejected() {
    assertThatThrownBy(() -> RouteRules.builder().authenticated("get", "/x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RouteRules.builder().require("GET", "/x", "contracts:*"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RouteRules.builder().require("GET", "/x", "x\" y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RouteRules.builder().require("GET", "/x", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("permission must not be null");
    assertThatThrownBy(() -> RouteRules.builder().undeclared(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("policy must not be null");
  }

  @Test
  void normalizeWhenDotSegmentsMatrixAndEscapesThenResolved() {
    assertThat(PathNormalizer.segments("/api/./x/../projects//p%2D1;v=1/contracts/"))
        .containsExactly("api", "projects", "p-1", "contracts");
    assertThat(PathNormalizer.segments("/caf%C3%A9")).containsExactly("café");
    assertThat(PathNormalizer.segments("/")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "api",
        "/..",
        "/a/../..",
        "/a%2fb",
        "/a%5cb",
        "/a\\b",
        "/a%",
        "/a%2",
        "/a%zz",
        "/a%c0%ae",
        "/a%00",
        "/a%252e",
        "/a%3bb",
        "/a\u0001"
      })
  void normalizeWhenAmbiguousThenRefused(String path) {
    assertThat(PathNormalizer.segments(path)).isNull();
  }

  @Test
  void normalizeWhenNullOrTooLongThenRefused() {
    assertThat(PathNormalizer.segments(null)).isNull();
    assertThat(PathNormalizer.segments("/" + "a".repeat(9000))).isNull();
  }

  @Test
  void parseWhenHeaderShapesThenClassified() {
    assertThat(BearerCredentials.parse("Bearer abc.DEF-_~+/==").kind())
        .isEqualTo(BearerCredentials.Kind.TOKEN);
    assertThat(BearerCredentials.parse("Bearer abc.DEF-_~+/==").token())
        .isEqualTo("abc.DEF-_~+/==");
    assertThat(BearerCredentials.parse("Bearerabc").kind()).isEqualTo(BearerCredentials.Kind.NONE);
    assertThat(BearerCredentials.parse("Digest x").kind()).isEqualTo(BearerCredentials.Kind.NONE);
    assertThat(BearerCredentials.parse(null).kind()).isEqualTo(BearerCredentials.Kind.NONE);
    for (String invalid :
        List.of(
            "Bearer",
            "Bearer ",
            "Bearer\tabc",
            "Bearer =abc",
            "Bearer ab=c",
            "Bearer a b",
            "Bearer " + "a".repeat(513))) {
      assertThat(BearerCredentials.parse(invalid).kind())
          .as(invalid)
          .isEqualTo(BearerCredentials.Kind.INVALID);
    }
    assertThat(BearerCredentials.parse("Bearer " + "a".repeat(512)).kind())
        .isEqualTo(BearerCredentials.Kind.TOKEN);
  }
}
