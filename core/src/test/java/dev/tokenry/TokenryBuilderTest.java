package dev.tokenry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tokenry.testing.SimpleTokenStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code Tokenry.builder()}: every setting checked when it is given, with a message naming it. */
class TokenryBuilderTest {

  private final SimpleTokenStore store = new SimpleTokenStore();

  @Test
  void buildWhenStoreMissingThenIllegalStateNamingIt() {
    assertThatThrownBy(() -> Tokenry.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("store is required: call Tokenry.builder().store(...)");
  }

  @Test
  void buildWhenOnlyStoreGivenThenDefaults() {
    try (Tokenry tokenry = Tokenry.builder().store(store).build()) {
      assertThat(tokenry.prefix()).isEqualTo("tkr");
      assertThat(tokenry.knownPermissions()).isEmpty();
      assertThat(tokenry.toString())
          .isEqualTo("Tokenry[prefix=tkr, hasher=sha256, store=SimpleTokenStore]");
      assertThat(
              tokenry
                  .issue(
                      Actor.system("acme"),
                      TokenRequest.builder()
                          .name("CI")
                          .expiresIn(ExpiryPreset.ONE_DAY)
                          .type(TokenType.FULL_ACCESS)
                          .build())
                  .plaintext())
          .startsWith("tkr_");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tkr", "acme_live", "a1", "abcdefghijklmnop"})
  void prefixWhenWellFormedThenIssuedTokensCarryIt(String prefix) {
    try (Tokenry tokenry = Tokenry.builder().store(store).prefix(prefix).build()) {
      IssuedToken issued =
          tokenry.issue(
              Actor.system("acme"),
              TokenRequest.builder()
                  .name("CI")
                  .expiresIn(ExpiryPreset.ONE_DAY)
                  .type(TokenType.READ_ONLY)
                  .build());

      assertThat(tokenry.prefix()).isEqualTo(prefix);
      assertThat(issued.plaintext()).startsWith(prefix + "_");
      assertThat(issued.token().prefix()).isEqualTo(prefix);
      assertThat(tokenry.verify(issued.plaintext())).isPresent();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "t",
        "TKR",
        "1tkr",
        "tkr-",
        "tkr_",
        "_tkr",
        "a_b_c",
        "tkr live",
        "abcdefghijklmnopq"
      })
  void prefixWhenMalformedThenIllegalArgumentNamingIt(String prefix) {
    assertThatThrownBy(() -> Tokenry.builder().prefix(prefix))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("prefix must match [a-z][a-z0-9]{1,15}")
        .hasMessageEndingWith("was '" + prefix + "'");
  }

  @Test
  void settersWhenGivenNullThenNullPointerNamingTheArgument() {
    Tokenry.Builder builder = Tokenry.builder();

    assertThatThrownBy(() -> builder.prefix(null)).hasMessage("prefix must not be null");
    assertThatThrownBy(() -> builder.store(null)).hasMessage("store must not be null");
    assertThatThrownBy(() -> builder.hasher(null)).hasMessage("hasher must not be null");
    assertThatThrownBy(() -> builder.acceptHashesOf(null)).hasMessage("hasher must not be null");
    assertThatThrownBy(() -> builder.clock(null)).hasMessage("clock must not be null");
    assertThatThrownBy(() -> builder.eventListener(null)).hasMessage("listener must not be null");
    assertThatThrownBy(() -> builder.userPermissions(null)).hasMessage("resolver must not be null");
    assertThatThrownBy(() -> builder.knownPermissions(null))
        .hasMessage("permissions must not be null");
    assertThatThrownBy(() -> builder.knownPermissions(Arrays.asList("a:b", null)))
        .hasMessage("permissions must not hold null");
    assertThatThrownBy(() -> builder.lastUsedFlushInterval(null))
        .hasMessage("interval must not be null");
    assertThatThrownBy(() -> builder.prefix(null)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0S", "-PT1S", "PT0.009S", "PT1H0.001S", "P1D"})
  void lastUsedFlushIntervalWhenOutOfRangeThenIllegalArgumentNamingIt(String interval) {
    Duration duration = Duration.parse(interval);

    assertThatThrownBy(() -> Tokenry.builder().lastUsedFlushInterval(duration))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lastUsedFlushInterval must be between 10ms and 1h, was " + duration);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0.01S", "PT30S", "PT1H"})
  void lastUsedFlushIntervalWhenAtTheBoundsThenAccepted(String interval) {
    try (Tokenry tokenry =
        Tokenry.builder().store(store).lastUsedFlushInterval(Duration.parse(interval)).build()) {
      assertThat(tokenry).isNotNull();
    }
  }

  @Test
  void knownPermissionsWhenEmptyThenIllegalArgument() {
    assertThatThrownBy(() -> Tokenry.builder().knownPermissions(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("known permissions must not be empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "*:read", "contracts:*"})
  void knownPermissionsWhenWildcardThenIllegalArgumentNamingIt(String permission) {
    assertThatThrownBy(() -> Tokenry.builder().knownPermissions(List.of("a:b", permission)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("known permissions must be concrete, was '" + permission + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"contracts", "a:b:c", "", ":read"})
  void knownPermissionsWhenMalformedThenIllegalArgumentNamingIt(String permission) {
    assertThatThrownBy(() -> Tokenry.builder().knownPermissions(List.of(permission)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("permission '" + permission + "'");
  }

  @Test
  void knownPermissionsWhenReadBackThenSortedDeduplicatedAndUnmodifiable() {
    try (Tokenry tokenry =
        Tokenry.builder()
            .store(store)
            .knownPermissions(
                List.of(
                    "royalties:write",
                    "contracts:read",
                    "royalties:read",
                    "contracts:write",
                    "contracts:read"))
            .build()) {
      assertThat(tokenry.knownPermissions()).isPresent();
      assertThat(tokenry.knownPermissions().get())
          .containsExactly(
              "contracts:read", "contracts:write", "royalties:read", "royalties:write");
      assertThatThrownBy(() -> tokenry.knownPermissions().get().add("x:y"))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void knownPermissionsWhenSeveralAreMissingThenRefusalNamesThemInSortedOrder() {
    // Before the fix the catalogue was a Set.copyOf, whose iteration order changes from run to
    // run, so the same refusal read differently each time.
    List<String> catalogue = List.of("z:write", "m:write", "a:write", "q:write", "c:read");
    try (Tokenry tokenry =
        Tokenry.builder()
            .store(store)
            .knownPermissions(catalogue)
            .userPermissions((org, user) -> Optional.of(PermissionSet.of("c:read")))
            .build()) {
      TokenAccessDeniedException e =
          catchThrowableOfType(
              () ->
                  tokenry.issue(
                      Actor.user("u", "acme", Role.OWNER),
                      TokenRequest.builder()
                          .name("all")
                          .expiresIn(ExpiryPreset.ONE_DAY)
                          .type(TokenType.FULL_ACCESS)
                          .build()),
              TokenAccessDeniedException.class);

      assertThat(e.errors().get("permissions"))
          .containsExactly("you do not hold a:write, m:write, q:write, z:write");
    }
  }

  @Test
  void knownPermissionsWhenBuilderIsChangedAfterBuildThenTheBuiltInstanceKeepsItsCatalogue() {
    Tokenry.Builder builder = Tokenry.builder().store(store).knownPermissions(List.of("a:read"));
    try (Tokenry first = builder.build()) {
      builder.knownPermissions(List.of("b:read"));

      assertThat(first.knownPermissions().orElseThrow()).containsExactly("a:read");
    }
  }

  @Test
  void acceptHashesOfWhenGivenThenThoseHashesVerify() {
    HmacKey key = HmacKey.of("k1", new byte[32]);
    IssuedToken issued;
    try (Tokenry peppered =
        Tokenry.builder().store(store).hasher(TokenHashers.hmacSha256(key)).build()) {
      issued =
          peppered.issue(
              Actor.system("acme"),
              TokenRequest.builder()
                  .name("CI")
                  .expiresIn(ExpiryPreset.ONE_DAY)
                  .type(TokenType.READ_ONLY)
                  .build());
    }
    try (Tokenry plain = Tokenry.builder().store(store).build();
        Tokenry accepting =
            Tokenry.builder().store(store).acceptHashesOf(TokenHashers.hmacSha256(key)).build()) {
      assertThat(plain.verify(issued.plaintext())).isEmpty();
      assertThat(accepting.verify(issued.plaintext())).isPresent();
    }
  }
}
