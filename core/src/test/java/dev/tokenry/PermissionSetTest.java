package dev.tokenry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PermissionSetTest {

  @Test
  void allowsWhenExactThenTrueAndCaseSensitive() {
    PermissionSet set = PermissionSet.of("contracts:read");

    assertThat(set.allows("contracts:read")).isTrue();
    assertThat(set.allows("Contracts:read")).isFalse();
    assertThat(set.allows("contracts:write")).isFalse();
    assertThat(set.allows("contracts:readx")).isFalse();
  }

  @Test
  void allowsWhenWildcardsThenMatchTheirPart() {
    assertThat(PermissionSet.of("*:read").allows("royalties:read")).isTrue();
    assertThat(PermissionSet.of("*:read").allows("royalties:write")).isFalse();
    assertThat(PermissionSet.of("contracts:*").allows("contracts:delete")).isTrue();
    assertThat(PermissionSet.of("*").allows("anything:else")).isTrue();
    assertThat(PermissionSet.of("*:*")).isEqualTo(PermissionSet.ALL);
    assertThat(PermissionSet.NONE.allows("a:b")).isFalse();
  }

  @Test
  void allowsWhenAskedForAWildcardThenNeedsAWildcard() {
    assertThat(PermissionSet.of("contracts:read").allows("*:read")).isFalse();
    assertThat(PermissionSet.of("*:read").allows("*:read")).isTrue();
    assertThat(PermissionSet.of("*:read").allows("*")).isFalse();
    assertThat(PermissionSet.ALL.allows("*")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "contracts", "a:b:c", ":read", "contracts:", " a:b", "a b:c", "1a:b", "a:b\n"})
  void ofWhenMalformedThenThrowsNamingThePermission(String permission) {
    assertThatThrownBy(() -> PermissionSet.of(permission))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("permission");
    assertThat(PermissionSet.isWellFormed(permission)).isFalse();
  }

  @Test
  void ofWhenNullThenThrowsNamingIt() {
    assertThatThrownBy(() -> PermissionSet.of((String) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("permission must not be null");
    assertThat(PermissionSet.isWellFormed(null)).isFalse();
  }

  @Test
  void intersectWhenWildcardsMeetThenExact() {
    PermissionSet token = PermissionSet.of("*:read");
    PermissionSet owner = PermissionSet.of("contracts:*", "royalties:read");

    assertThat(token.intersect(owner).values()).containsExactly("contracts:read", "royalties:read");
  }

  @Test
  void intersectWhenOneSideIsAllThenTheOtherSide() {
    PermissionSet some = PermissionSet.of("contracts:read");

    assertThat(PermissionSet.ALL.intersect(some)).isEqualTo(some);
    assertThat(some.intersect(PermissionSet.ALL)).isEqualTo(some);
    assertThat(some.intersect(PermissionSet.NONE)).isEqualTo(PermissionSet.NONE);
  }

  @Test
  void intersectWhenResultsOverlapThenKeepsTheMinimalForm() {
    PermissionSet a = PermissionSet.of("contracts:*", "*:read");
    PermissionSet b = PermissionSet.of("contracts:*");

    assertThat(a.intersect(b).values()).containsExactly("contracts:*");
  }

  @Test
  void intersectWhenDisjointThenEmpty() {
    assertThat(PermissionSet.of("a:read").intersect(PermissionSet.of("b:read")).isEmpty()).isTrue();
  }

  @Test
  void containsAllWhenSubsetThenTrue() {
    PermissionSet held = PermissionSet.of("contracts:*", "royalties:read");

    assertThat(held.containsAll(PermissionSet.of("contracts:write", "royalties:read"))).isTrue();
    assertThat(held.containsAll(PermissionSet.of("*:read"))).isFalse();
  }

  @Test
  void valuesWhenReadThenSortedNormalAndUnmodifiable() {
    PermissionSet set = PermissionSet.of(List.of("b:read", "a:write", "a:write"));

    assertThat(set.values()).containsExactly("a:write", "b:read");
    assertThat(set).hasToString("[a:write, b:read]");
    assertThatThrownBy(() -> set.values().add("x:y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(set)
        .isEqualTo(PermissionSet.of("b:read", "a:write"))
        .hasSameHashCodeAs(PermissionSet.of("b:read", "a:write"));
    assertThat(PermissionSet.of().isEmpty()).isTrue();
  }
}
