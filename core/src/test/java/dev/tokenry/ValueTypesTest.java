package dev.tokenry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenry.spi.PageCursor;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.TokenQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The public value types: what they hold, what they refuse, and what they show. */
class ValueTypesTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  private static ApiToken token(
      TokenKind kind, Optional<String> owner, Optional<Instant> expiresAt) {
    return new ApiToken(
        "4fJ9x0QmZp2LrT7a",
        "tkr",
        "CI",
        "",
        kind,
        TokenScope.organization("acme"),
        owner,
        TokenType.READ_ONLY,
        PermissionSet.of("*:read"),
        NOW,
        "olivia",
        expiresAt,
        Optional.empty());
  }

  // --- ApiToken ---------------------------------------------------------------------------------

  @Test
  void maskedWhenShownThenPrefixAndIdOnly() {
    ApiToken token = token(TokenKind.ORGANIZATION, Optional.empty(), Optional.empty());

    assertThat(token.masked()).isEqualTo("tkr_4fJ9x0QmZp2LrT7a_…");
    assertThat(token.organizationId()).isEqualTo("acme");
  }

  @Test
  void apiTokenWhenKindAndOwnerDisagreeThenIllegalArgument() {
    assertThatThrownBy(() -> token(TokenKind.PERSONAL, Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("owner must be present exactly for personal tokens");
    assertThatThrownBy(() -> token(TokenKind.ORGANIZATION, Optional.of("mia"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(token(TokenKind.PERSONAL, Optional.of("mia"), Optional.empty()).owner())
        .contains("mia");
  }

  @Test
  void apiTokenWhenAComponentIsNullThenNullPointerNamingIt() {
    assertThatThrownBy(
            () ->
                new ApiToken(
                    null,
                    "tkr",
                    "CI",
                    "",
                    TokenKind.ORGANIZATION,
                    TokenScope.organization("acme"),
                    Optional.empty(),
                    TokenType.READ_ONLY,
                    PermissionSet.ALL,
                    NOW,
                    "olivia",
                    Optional.empty(),
                    Optional.empty()))
        .hasMessage("id must not be null");
    assertThatThrownBy(
            () ->
                new ApiToken(
                    "id",
                    "tkr",
                    "CI",
                    "",
                    TokenKind.ORGANIZATION,
                    TokenScope.organization("acme"),
                    Optional.empty(),
                    TokenType.READ_ONLY,
                    PermissionSet.ALL,
                    NOW,
                    "olivia",
                    null,
                    Optional.empty()))
        .hasMessage("expiresAt must not be null");
    assertThatThrownBy(
            () ->
                new ApiToken(
                    "id",
                    "tkr",
                    "CI",
                    "",
                    TokenKind.ORGANIZATION,
                    TokenScope.organization("acme"),
                    Optional.empty(),
                    TokenType.READ_ONLY,
                    PermissionSet.ALL,
                    NOW,
                    "olivia",
                    Optional.empty(),
                    null))
        .hasMessage("lastUsedAt must not be null");
  }

  @Test
  void isExpiredAtWhenNowReachesExpiresAtThenExpired() {
    ApiToken token = token(TokenKind.ORGANIZATION, Optional.empty(), Optional.of(NOW));

    assertThat(token.isExpiredAt(NOW.minusMillis(1))).isFalse();
    assertThat(token.isExpiredAt(NOW)).isTrue();
    assertThat(token.isExpiredAt(NOW.plusMillis(1))).isTrue();
    assertThat(
            token(TokenKind.ORGANIZATION, Optional.empty(), Optional.empty())
                .isExpiredAt(Instant.MAX))
        .isFalse();
  }

  @Test
  void withLastUsedAtWhenCalledThenOnlyThatChanges() {
    ApiToken token = token(TokenKind.ORGANIZATION, Optional.empty(), Optional.of(NOW));

    ApiToken used = token.withLastUsedAt(Optional.of(NOW.minusSeconds(5)));

    assertThat(used.lastUsedAt()).contains(NOW.minusSeconds(5));
    assertThat(used.withLastUsedAt(Optional.empty())).isEqualTo(token);
  }

  // --- TokenScope -------------------------------------------------------------------------------

  @Test
  void scopeWhenOrganizationWideThenCoversEveryProject() {
    TokenScope scope = TokenScope.organization("acme");

    assertThat(scope.projectId()).isEmpty();
    assertThat(scope.covers("royalties")).isTrue();
    assertThat(scope.covers("contracts")).isTrue();
  }

  @Test
  void scopeWhenProjectThenCoversThatProjectOnly() {
    TokenScope scope = TokenScope.project("acme", "royalties");

    assertThat(scope.projectId()).contains("royalties");
    assertThat(scope.covers("royalties")).isTrue();
    assertThat(scope.covers("Royalties")).isFalse();
    assertThat(scope.covers("contracts")).isFalse();
  }

  @Test
  void scopeWhenIdsAreUnfitThenExceptionNamingThem() {
    assertThatThrownBy(() -> TokenScope.organization(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("organizationId must not be null");
    assertThatThrownBy(() -> TokenScope.organization(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("organizationId must not be blank");
    assertThatThrownBy(() -> TokenScope.project("acme", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("projectId must not be null");
    assertThatThrownBy(() -> TokenScope.project("acme", "x".repeat(129)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("projectId must be at most 128 characters, was 129");
    assertThatThrownBy(() -> new TokenScope("acme", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("projectId must not be null");
  }

  // --- Actor and Role ---------------------------------------------------------------------------

  @Test
  void actorWhenUserOrSystemThenAsDocumented() {
    Actor mia = Actor.user("mia", "acme", Role.MEMBER);
    Actor system = Actor.system("acme");

    assertThat(mia.system()).isFalse();
    assertThat(system).isEqualTo(new Actor("system", "acme", Role.OWNER, true));
    assertThat(Role.OWNER.managesOrganizationTokens()).isTrue();
    assertThat(Role.ADMIN.managesOrganizationTokens()).isTrue();
    assertThat(Role.MEMBER.managesOrganizationTokens()).isFalse();
  }

  @Test
  void actorWhenComponentsAreUnfitThenExceptionNamingThem() {
    assertThatThrownBy(() -> Actor.user(null, "acme", Role.OWNER))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("userId must not be null");
    assertThatThrownBy(() -> Actor.user("mia", null, Role.OWNER))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("organizationId must not be null");
    assertThatThrownBy(() -> Actor.user("mia", "acme", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("role must not be null");
    assertThatThrownBy(() -> Actor.user("", "acme", Role.OWNER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("userId must not be blank");
    assertThatThrownBy(() -> Actor.user("mia ", "acme", Role.OWNER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("userId must not start or end with white space");
    assertThatThrownBy(() -> Actor.user("mia", "ac\u0000me", Role.OWNER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("organizationId must not contain control characters");
    assertThatThrownBy(() -> Actor.system(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("organizationId must not be blank");
  }

  // --- Expiration and ExpiryPreset --------------------------------------------------------------

  @Test
  void expirationWhenPresetThenResolvedFromTheGivenInstant() {
    Expiration thirty = Expiration.in(ExpiryPreset.THIRTY_DAYS);

    assertThat(thirty.preset()).contains(ExpiryPreset.THIRTY_DAYS);
    assertThat(thirty.resolve(NOW)).contains(NOW.plus(Duration.ofDays(30)));
    assertThat(thirty)
        .isEqualTo(Expiration.in(ExpiryPreset.THIRTY_DAYS))
        .hasSameHashCodeAs(Expiration.in(ExpiryPreset.THIRTY_DAYS))
        .isNotEqualTo(Expiration.in(ExpiryPreset.SIXTY_DAYS))
        .isNotEqualTo("30d");
    assertThat(thirty).hasToString("Expiration[30d]");
  }

  @Test
  void expirationWhenNeverThenNothingToResolve() {
    assertThat(Expiration.in(ExpiryPreset.NEVER)).isSameAs(Expiration.never());
    assertThat(Expiration.never().resolve(NOW)).isEmpty();
    assertThat(Expiration.never().preset()).contains(ExpiryPreset.NEVER);
    assertThat(Expiration.never()).hasToString("Expiration[never]");
  }

  @Test
  void expirationWhenExplicitThenTruncatedToTheMillisecondAndIndependentOfNow() {
    Expiration at = Expiration.at(Instant.parse("2027-01-01T00:00:00.123999Z"));

    assertThat(at.preset()).isEmpty();
    assertThat(at.resolve(NOW)).contains(Instant.parse("2027-01-01T00:00:00.123Z"));
    assertThat(at.resolve(NOW.plusSeconds(99))).isEqualTo(at.resolve(NOW));
    assertThat(at)
        .isEqualTo(Expiration.at(Instant.parse("2027-01-01T00:00:00.123Z")))
        .isNotEqualTo(Expiration.in(ExpiryPreset.ONE_DAY));
    assertThat(at).hasToString("Expiration[at=2027-01-01T00:00:00.123Z]");
  }

  @Test
  void expirationWhenGivenNullThenNullPointerNamingIt() {
    assertThatThrownBy(() -> Expiration.in(null)).hasMessage("preset must not be null");
    assertThatThrownBy(() -> Expiration.at(null)).hasMessage("instant must not be null");
    assertThatThrownBy(() -> Expiration.never().resolve(null)).hasMessage("now must not be null");
    assertThatThrownBy(() -> ExpiryPreset.ONE_DAY.expiresAt(null))
        .hasMessage("now must not be null");
  }

  @ParameterizedTest
  @EnumSource(ExpiryPreset.class)
  void presetWhenReadByWireNameThenRoundTripsAndCountsWholeDays(ExpiryPreset preset) {
    assertThat(ExpiryPreset.fromWireName(preset.wireName())).isSameAs(preset);
    Optional<Duration> expected =
        switch (preset) {
          case ONE_DAY -> Optional.of(Duration.ofHours(24));
          case SEVEN_DAYS -> Optional.of(Duration.ofHours(7 * 24));
          case THIRTY_DAYS -> Optional.of(Duration.ofHours(30 * 24));
          case SIXTY_DAYS -> Optional.of(Duration.ofHours(60 * 24));
          case NINETY_DAYS -> Optional.of(Duration.ofHours(90 * 24));
          case NEVER -> Optional.empty();
        };
    assertThat(preset.duration()).isEqualTo(expected);
    assertThat(preset.expiresAt(NOW)).isEqualTo(expected.map(NOW::plus));
  }

  @Test
  void presetWireNamesWhenListedThenAsDocumented() {
    assertThat(List.of(ExpiryPreset.values()))
        .extracting(ExpiryPreset::wireName)
        .containsExactly("1d", "7d", "30d", "60d", "90d", "never");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "2d", "30D", "NEVER", " 1d", "1"})
  void wireNamesWhenUnknownThenIllegalArgumentListingTheChoices(String value) {
    assertThatThrownBy(() -> ExpiryPreset.fromWireName(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expiresIn must be one of 1d, 7d, 30d, 60d, 90d, never");
    assertThatThrownBy(() -> TokenKind.fromWireName(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kind must be 'organization' or 'personal'");
    assertThatThrownBy(() -> TokenType.fromWireName(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("type must be 'read-only', 'full-access' or 'custom'");
  }

  @Test
  void kindAndTypeWhenReadByWireNameThenRoundTrip() {
    for (TokenKind kind : TokenKind.values()) {
      assertThat(TokenKind.fromWireName(kind.wireName())).isSameAs(kind);
    }
    for (TokenType type : TokenType.values()) {
      assertThat(TokenType.fromWireName(type.wireName())).isSameAs(type);
    }
    assertThat(TokenKind.PERSONAL.wireName()).isEqualTo("personal");
    assertThat(TokenType.READ_ONLY.wireName()).isEqualTo("read-only");
    assertThat(TokenType.READ_ONLY.presetPermissions()).contains(PermissionSet.of("*:read"));
    assertThat(TokenType.FULL_ACCESS.presetPermissions()).contains(PermissionSet.ALL);
    assertThat(TokenType.CUSTOM.presetPermissions()).isEmpty();
  }

  // --- TokenFilter and TokenPage ----------------------------------------------------------------

  @Test
  void filterWhenAllThenNoConditionsAndTheDefaultLimit() {
    TokenFilter all = TokenFilter.all();

    assertThat(all.kind()).isEmpty();
    assertThat(all.projectId()).isEmpty();
    assertThat(all.nameContains()).isEmpty();
    assertThat(all.cursor()).isEmpty();
    assertThat(all.limit()).isEqualTo(TokenFilter.DEFAULT_LIMIT).isEqualTo(20);
    assertThat(TokenFilter.all()).isSameAs(all);
  }

  @Test
  void filterWhenBuiltThenHoldsEachValueWithTheNameTrimmed() {
    TokenFilter filter =
        TokenFilter.builder()
            .kind(TokenKind.PERSONAL)
            .projectId("royalties")
            .nameContains("  deploy ")
            .limit(TokenFilter.MAX_LIMIT)
            .cursor("abc")
            .build();

    assertThat(filter.kind()).contains(TokenKind.PERSONAL);
    assertThat(filter.projectId()).contains("royalties");
    assertThat(filter.nameContains()).contains("deploy");
    assertThat(filter.limit()).isEqualTo(100);
    assertThat(filter.cursor()).contains("abc");
    assertThat(TokenFilter.builder().nameContains(" \t").build().nameContains()).isEmpty();
    assertThat(TokenFilter.builder().limit(1).build().limit()).isEqualTo(1);
  }

  @Test
  void pageWhenBuiltFromAListThenImmutableCopy() {
    ApiToken token = token(TokenKind.ORGANIZATION, Optional.empty(), Optional.empty());
    List<ApiToken> tokens = new ArrayList<>(List.of(token));

    TokenPage page = new TokenPage(tokens, Optional.of("next"));
    tokens.clear();

    assertThat(page.tokens()).containsExactly(token);
    assertThatThrownBy(() -> page.tokens().add(token))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(page.nextCursor()).contains("next");
    assertThatThrownBy(() -> new TokenPage(List.of(), null))
        .hasMessage("nextCursor must not be null");
  }

  // --- exceptions -------------------------------------------------------------------------------

  @Test
  void invalidRequestWhenBuiltThenErrorsAreAnOrderedUnmodifiableCopyAndSummarised() {
    Map<String, List<String>> errors = new LinkedHashMap<>();
    errors.put("name", new ArrayList<>(List.of("name must not be blank")));
    errors.put("description", List.of("too long", "control characters"));

    InvalidTokenRequestException e = new InvalidTokenRequestException(errors);
    errors.get("name").add("later change");
    errors.put("later", List.of("x"));

    assertThat(e)
        .isInstanceOf(TokenryException.class)
        .hasMessage(
            "Invalid token request. name: name must not be blank. description: too long;"
                + " control characters.");
    assertThat(e.errors().keySet()).containsExactly("name", "description");
    assertThat(e.errors().get("name")).containsExactly("name must not be blank");
    assertThatThrownBy(() -> e.errors().put("x", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> e.errors().get("description").add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(new InvalidTokenRequestException("ids", "give at least one token id").errors())
        .isEqualTo(Map.of("ids", List.of("give at least one token id")));
  }

  @Test
  void invalidRequestWhenNoErrorsThenIllegalArgument() {
    assertThatThrownBy(() -> new InvalidTokenRequestException(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("errors must not be empty");
  }

  @Test
  void accessDeniedWhenBuiltThenErrorsDefaultToNoneAndAreUnmodifiable() {
    TokenAccessDeniedException plain = new TokenAccessDeniedException("No.");
    TokenAccessDeniedException detailed =
        new TokenAccessDeniedException("No.", Map.of("ids", List.of("a", "b")));

    assertThat(plain).isInstanceOf(TokenryException.class).hasMessage("No.");
    assertThat(plain.errors()).isEmpty();
    assertThat(detailed.errors()).isEqualTo(Map.of("ids", List.of("a", "b")));
    assertThatThrownBy(() -> detailed.errors().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void notFoundWhenBuiltThenNamesTheIdsInOrder() {
    List<String> ids = new ArrayList<>(List.of("a", "b"));
    TokenNotFoundException many = new TokenNotFoundException(ids);
    ids.add("c");

    assertThat(many).isInstanceOf(TokenryException.class).hasMessage("Token not found: a, b.");
    assertThat(many.tokenIds()).containsExactly("a", "b");
    assertThat(new TokenNotFoundException("x").tokenIds()).containsExactly("x");
    assertThatThrownBy(() -> many.tokenIds().add("d"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void otherExceptionsWhenBuiltThenMessagesAndCausesAsGiven() {
    IllegalStateException cause = new IllegalStateException("socket closed");

    assertThat(new TokenConflictException("abc"))
        .isInstanceOf(TokenryException.class)
        .hasMessage("Token abc was changed concurrently; read it again and retry.");
    assertThat(new DuplicateTokenNameException("CI"))
        .isInstanceOf(TokenryException.class)
        .hasMessage("A token named 'CI' already exists.");
    assertThat(new TokenStoreUnavailableException("down", cause))
        .isInstanceOf(TokenryException.class)
        .hasMessage("down")
        .hasCause(cause);
    assertThat(new TokenStoreUnavailableException("down")).hasNoCause();
    assertThat(new TokenryException("root", cause))
        .hasCause(cause)
        .isInstanceOf(RuntimeException.class);
    assertThat(new TokenryException("root")).hasMessage("root");
  }

  // --- IssuedToken, TokenPrincipal, StoredToken, PageCursor, TokenQuery -------------------------

  @Test
  void issuedTokenWhenShownThenMaskedOnly() {
    ApiToken token = token(TokenKind.ORGANIZATION, Optional.empty(), Optional.empty());
    IssuedToken issued = new IssuedToken(token, "tkr_4fJ9x0QmZp2LrT7a_secretsecret");

    assertThat(issued).hasToString("IssuedToken[tkr_4fJ9x0QmZp2LrT7a_…]");
    assertThat(issued.plaintext()).isEqualTo("tkr_4fJ9x0QmZp2LrT7a_secretsecret");
    assertThatThrownBy(() -> new IssuedToken(null, "x")).hasMessage("token must not be null");
    assertThatThrownBy(() -> new IssuedToken(token, null)).hasMessage("plaintext must not be null");
  }

  @Test
  void principalWhenBuiltThenExposesTheTokenAndItsEffectivePermissions() {
    ApiToken token =
        new ApiToken(
            "4fJ9x0QmZp2LrT7a",
            "tkr",
            "mine",
            "",
            TokenKind.PERSONAL,
            TokenScope.project("acme", "royalties"),
            Optional.of("mia"),
            TokenType.FULL_ACCESS,
            PermissionSet.ALL,
            NOW,
            "mia",
            Optional.empty(),
            Optional.empty());
    TokenPrincipal principal = new TokenPrincipal(token, PermissionSet.of("royalties:read"));

    assertThat(principal.getName()).isEqualTo("4fJ9x0QmZp2LrT7a");
    assertThat(principal.owner()).contains("mia");
    assertThat(principal.kind()).isEqualTo(TokenKind.PERSONAL);
    assertThat(principal.scope().covers("contracts")).isFalse();
    assertThat(principal.token()).isSameAs(token);
    assertThat(principal.allows("royalties:read")).isTrue();
    assertThat(principal.allows("royalties:write")).isFalse();
    assertThat(principal)
        .hasToString(
            "TokenPrincipal[tkr_4fJ9x0QmZp2LrT7a_…, organization=acme,"
                + " permissions=[royalties:read]]");
    assertThatThrownBy(() -> new TokenPrincipal(token, null))
        .hasMessage("permissions must not be null");
  }

  @Test
  void storedTokenWhenShownThenHashIsRedactedAndVersionStartsAtOne() {
    ApiToken token = token(TokenKind.ORGANIZATION, Optional.empty(), Optional.empty());
    StoredToken stored = new StoredToken(token, "$sha256$c2VjcmV0aGFzaA", 1);

    assertThat(stored.toString())
        .contains("secretHash=(redacted)", "version=1")
        .doesNotContain("c2VjcmV0aGFzaA");
    assertThat(stored.withVersion(7).version()).isEqualTo(7);
    assertThat(stored.withSecretHash("$sha256$other").secretHash()).isEqualTo("$sha256$other");
    assertThatThrownBy(() -> new StoredToken(token, "h", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("version must be at least 1, was 0");
    assertThatThrownBy(() -> new StoredToken(token, null, 1))
        .hasMessage("secretHash must not be null");
  }

  @Test
  void pageCursorWhenEncodedThenDecodesToTheSamePositionAndIsUrlSafe() {
    PageCursor cursor =
        new PageCursor(Instant.parse("2026-11-23T10:00:00.123Z"), "4fJ9x0QmZp2LrT7a");

    String encoded = cursor.encode();

    assertThat(encoded).matches("[A-Za-z0-9_-]+");
    assertThat(PageCursor.decode(encoded)).isEqualTo(cursor);
    assertThat(cursor.precedes(cursor.createdAt().minusMillis(1), "zzzz")).isTrue();
    assertThat(cursor.precedes(cursor.createdAt(), "4fJ9x0QmZp2LrT7")).isTrue();
    assertThat(cursor.precedes(cursor.createdAt(), "4fJ9x0QmZp2LrT7a")).isFalse();
    assertThat(cursor.precedes(cursor.createdAt().plusMillis(1), "0")).isFalse();
    assertThatThrownBy(() -> PageCursor.decode("x".repeat(201)))
        .isInstanceOf(InvalidTokenRequestException.class);
  }

  @Test
  void tokenQueryWhenLimitBelowOneOrComponentNullThenRefused() {
    assertThatThrownBy(() -> TokenQuery.organizationTokens("acme", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be at least 1, was 0");
    assertThatThrownBy(
            () ->
                new TokenQuery(
                    "acme", true, null, Optional.empty(), Optional.empty(), 1, Optional.empty()))
        .hasMessage("personalOwner must not be null");
    TokenQuery query = TokenQuery.organizationTokens("acme", 5);
    assertThat(
            query.matches("acme", TokenKind.ORGANIZATION, Optional.empty(), Optional.empty(), "CI"))
        .isTrue();
    assertThat(
            query.matches(
                "globex", TokenKind.ORGANIZATION, Optional.empty(), Optional.empty(), "CI"))
        .isFalse();
    assertThat(
            query.matches("acme", TokenKind.PERSONAL, Optional.of("mia"), Optional.empty(), "CI"))
        .isFalse();
  }
}
