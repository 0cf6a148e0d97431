package dev.tokenry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tokenry.spi.ForwardingTokenStore;
import dev.tokenry.spi.TokenStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input to the Java API, run over every real store (core's test store here, H2 and
 * PostgreSQL in store-jdbc): ids that cannot exist, forged and foreign list cursors, name filters
 * and expiry instants a database cannot take. Each is a clear {@link TokenryException} naming the
 * field — never a store's failure — and ids and cursors are judged before any store access.
 *
 * <p>Ships in core's test-jar; a store module extends it and supplies a fresh store.
 */
public abstract class HostileInputContract {

  /** Ids no Tokenry could have made; PostgreSQL refuses the NUL in a text parameter outright. */
  static final List<String> IMPOSSIBLE_IDS =
      List.of(
          "a\u0000",
          "0123456789abcde\u0000",
          "",
          " ",
          "0123456789abcdef0",
          "0123456789abcde",
          "0123456789abcd%_",
          "x".repeat(10_000),
          "0123456789abcde\n",
          "\u202e0123456789abcde",
          "0123456789abcdé");

  // Fresh organizations for every test: a store's database may outlive one test.
  private final String organization = "acme-" + UUID.randomUUID();
  private final Actor owner = Actor.user("olivia", organization, Role.OWNER);
  private final Actor member = Actor.user("mia", organization, Role.MEMBER);
  private final Actor outsider = Actor.user("oscar", "globex-" + UUID.randomUUID(), Role.OWNER);

  private final AtomicInteger storeCalls = new AtomicInteger();
  private Tokenry tokenry;

  /**
   * Returns a new, empty store.
   *
   * @return the store under test
   */
  protected abstract TokenStore createStore();

  @BeforeEach
  void startTokenry() {
    TokenStore store = createStore();
    TokenStore counted =
        new ForwardingTokenStore() {
          @Override
          protected TokenStore delegate() {
            storeCalls.incrementAndGet();
            return store;
          }
        };
    tokenry =
        Tokenry.builder()
            .store(counted)
            .userPermissions((org, user) -> Optional.of(PermissionSet.ALL))
            .build();
  }

  @AfterEach
  void closeTokenry() {
    tokenry.close();
  }

  /** Issues an organization token, or a personal one for a Member. */
  private String issue(Actor actor, String name) {
    TokenKind kind = actor.role() == Role.MEMBER ? TokenKind.PERSONAL : TokenKind.ORGANIZATION;
    return tokenry
        .issue(
            actor,
            TokenRequest.builder()
                .name(name)
                .kind(kind)
                .expiresIn(ExpiryPreset.SEVEN_DAYS)
                .type(TokenType.READ_ONLY)
                .build())
        .token()
        .id();
  }

  @Test
  void everyIdMethodWhenIdCannotExistThenNotFoundWithoutStoreAccess() {
    issue(owner, "real");
    storeCalls.set(0);
    for (String id : IMPOSSIBLE_IDS) {
      assertThatThrownBy(() -> tokenry.get(owner, id)).isInstanceOf(TokenNotFoundException.class);
      assertThatThrownBy(() -> tokenry.update(owner, id, TokenUpdate.builder().name("n").build()))
          .isInstanceOf(TokenNotFoundException.class);
      assertThatThrownBy(() -> tokenry.regenerate(owner, id))
          .isInstanceOf(TokenNotFoundException.class);
      assertThatThrownBy(() -> tokenry.revoke(owner, id))
          .isInstanceOf(TokenNotFoundException.class);
    }
    assertThat(storeCalls).hasValue(0);
  }

  @Test
  void revokeAllWhenIdsCannotExistThenNotFoundNamingThemAndNothingDeleted() {
    String real = issue(owner, "keep me");
    List<String> ids = new ArrayList<>(IMPOSSIBLE_IDS);
    ids.add(real);
    TokenNotFoundException e =
        catchThrowableOfType(TokenNotFoundException.class, () -> tokenry.revokeAll(owner, ids));
    assertThat(e.tokenIds()).containsExactlyInAnyOrderElementsOf(IMPOSSIBLE_IDS);
    assertThat(e.getMessage()).doesNotContain("\u0000", "\n", "\u202e").hasSizeLessThan(2_000);
    assertThat(tokenry.get(owner, real).name()).isEqualTo("keep me");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u0000", "a\u0000b", "line\nbreak", "\u0007"})
  void listWhenNameFilterHasControlCharactersThenRefusedOnName(String filter) {
    InvalidTokenRequestException e =
        catchThrowableOfType(
            InvalidTokenRequestException.class,
            () -> tokenry.list(owner, TokenFilter.builder().nameContains(filter).build()));
    assertThat(e.errors()).containsOnlyKeys("name");
  }

  @Test
  void listWhenNameFilterIsLongerThanAnyNameThenRefusedOnName() {
    InvalidTokenRequestException e =
        catchThrowableOfType(
            InvalidTokenRequestException.class,
            () -> tokenry.list(owner, TokenFilter.builder().nameContains("n".repeat(101)).build()));
    assertThat(e.errors()).containsOnlyKeys("name");
  }

  @Test
  void listWhenNameFilterHoldsWildcardsThenTakenLiterally() {
    issue(owner, "100% done_now");
    issue(owner, "other");
    assertThat(tokenry.list(owner, TokenFilter.builder().nameContains("% done_").build()).tokens())
        .extracting(ApiToken::name)
        .containsExactly("100% done_now");
  }

  private static String base64(String raw) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void listWhenCursorIsForgedThenRefusedOnCursorWithoutStoreAccess() {
    for (int i = 0; i < 3; i++) {
      issue(owner, "t" + i);
    }
    String real =
        tokenry.list(owner, TokenFilter.builder().limit(1).build()).nextCursor().orElseThrow();
    String flipped = real.substring(0, 5) + (real.charAt(5) == 'A' ? 'B' : 'A') + real.substring(6);
    List<String> forged =
        List.of(
            flipped,
            real + "A",
            real.substring(1),
            "!!!",
            "",
            base64("1.\u0000.x.y"),
            base64("1.99999999999999999999.0123456789abcdef.x"),
            base64("1.-1.0123456789abcdef.x"),
            base64("\u00ff\u00fe\u0000"),
            base64("1700000000000.0123456789abcdef"),
            "A".repeat(5_000));
    storeCalls.set(0);
    for (String cursor : forged) {
      InvalidTokenRequestException e =
          catchThrowableOfType(
              InvalidTokenRequestException.class,
              () -> tokenry.list(owner, TokenFilter.builder().cursor(cursor).build()));
      assertThat(e).as(cursor).isNotNull();
      assertThat(e.errors()).containsOnlyKeys("cursor");
    }
    assertThat(storeCalls).hasValue(0);
  }

  @Test
  void listWhenCursorComesFromAnotherListThenRefused() {
    for (int i = 0; i < 3; i++) {
      issue(owner, "org " + i);
      issue(member, "mine " + i);
      issue(outsider, "theirs " + i);
    }
    String owners =
        tokenry.list(owner, TokenFilter.builder().limit(1).build()).nextCursor().orElseThrow();
    assertThatThrownBy(() -> tokenry.list(outsider, TokenFilter.builder().cursor(owners).build()))
        .isInstanceOf(InvalidTokenRequestException.class);
    assertThatThrownBy(() -> tokenry.list(member, TokenFilter.builder().cursor(owners).build()))
        .isInstanceOf(InvalidTokenRequestException.class);
    assertThatThrownBy(
            () ->
                tokenry.list(
                    owner, TokenFilter.builder().nameContains("org").cursor(owners).build()))
        .isInstanceOf(InvalidTokenRequestException.class);

    List<String> names = new ArrayList<>();
    TokenPage page = tokenry.list(owner, TokenFilter.builder().limit(2).build());
    page.tokens().forEach(t -> names.add(t.name()));
    while (page.nextCursor().isPresent()) {
      page =
          tokenry.list(
              owner, TokenFilter.builder().limit(2).cursor(page.nextCursor().get()).build());
      page.tokens().forEach(t -> names.add(t.name()));
    }
    // Issued within one millisecond they sort by id, so only the set is known; no repeats.
    assertThat(names).containsExactlyInAnyOrder("org 2", "org 1", "org 0");
  }

  @Test
  void issueWhenExpiryIsBeyondWhatStoresHoldThenRefusedOnExpiresAt() {
    for (Instant far : List.of(Instant.MAX, Expiration.LATEST.plusMillis(1))) {
      InvalidTokenRequestException e =
          catchThrowableOfType(InvalidTokenRequestException.class, () -> Expiration.at(far));
      assertThat(e.errors()).containsOnlyKeys("expiresAt");
    }
    InvalidTokenRequestException past =
        catchThrowableOfType(
            InvalidTokenRequestException.class,
            () ->
                tokenry.issue(
                    owner,
                    TokenRequest.builder()
                        .name("old")
                        .expiration(Expiration.at(Instant.MIN))
                        .type(TokenType.READ_ONLY)
                        .build()));
    assertThat(past.errors()).containsOnlyKeys("expiresAt");
  }

  @Test
  void issueWhenExpiryIsTheLatestAcceptedThenStoredAndReadBackExactly() {
    String id =
        tokenry
            .issue(
                owner,
                TokenRequest.builder()
                    .name("far")
                    .expiration(Expiration.at(Expiration.LATEST))
                    .type(TokenType.READ_ONLY)
                    .build())
            .token()
            .id();
    assertThat(tokenry.get(owner, id).expiresAt()).contains(Expiration.LATEST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\uff24eploy", "DEPLOY", "De\u0301ploy", "D\u00e9ploy"})
  void issueWhenNameLooksLikeATakenOneThenDuplicate(String lookalike) {
    String taken =
        lookalike.contains("\u0301") || lookalike.contains("\u00e9") ? "D\u00c9PLOY" : "Deploy";
    issue(owner, taken);
    assertThatThrownBy(() -> issue(owner, lookalike))
        .isInstanceOf(DuplicateTokenNameException.class);
  }

  @Test
  void issueWhenNameDiffersOnlyByANoBreakSpaceThenDuplicate() {
    issue(owner, "Deploy now");
    assertThatThrownBy(() -> issue(owner, "Deploy\u00a0now"))
        .isInstanceOf(DuplicateTokenNameException.class);
  }

  @Test
  void issueWhenNameIsInAnotherScriptThenDistinct() {
    issue(owner, "Deploy");
    issue(owner, "D\u0435ploy");
    assertThat(tokenry.list(owner, TokenFilter.all()).tokens()).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "evil\u202egnp.exe",
        "a\u2028b",
        "a\u2029b",
        "zero\u200bwidth",
        "soft\u00adhyphen",
        "\u2066isolate",
        "lone \ud800"
      })
  void issueWhenNameOrDescriptionHoldsInvisibleCharactersThenRefusedOnTheField(String text) {
    InvalidTokenRequestException name =
        catchThrowableOfType(InvalidTokenRequestException.class, () -> issue(owner, text));
    assertThat(name.errors()).containsOnlyKeys("name");
    InvalidTokenRequestException description =
        catchThrowableOfType(
            InvalidTokenRequestException.class,
            () ->
                tokenry.issue(
                    owner,
                    TokenRequest.builder()
                        .name("fine")
                        .description(text)
                        .expiresIn(ExpiryPreset.SEVEN_DAYS)
                        .type(TokenType.READ_ONLY)
                        .build()));
    assertThat(description.errors()).containsOnlyKeys("description");
  }

  @Test
  void issueWhenDescriptionHoldsLineFeedsAndTabsThenKept() {
    ApiToken token =
        tokenry
            .issue(
                owner,
                TokenRequest.builder()
                    .name("multi")
                    .description("line one\n\tline two")
                    .expiresIn(ExpiryPreset.SEVEN_DAYS)
                    .type(TokenType.READ_ONLY)
                    .build())
            .token();
    assertThat(tokenry.get(owner, token.id()).description()).isEqualTo("line one\n\tline two");
  }
}
