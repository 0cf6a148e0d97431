package dev.tokenry;

import static dev.tokenry.ManagementFixture.MEMBER;
import static dev.tokenry.ManagementFixture.OWNER;
import static dev.tokenry.ManagementFixture.personal;
import static dev.tokenry.ManagementFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input to every public management method gives a clear exception naming the field: an {@link
 * InvalidTokenRequestException} whose {@code errors()} are keyed by field for what a user typed, a
 * {@link NullPointerException} reading {@code "<x> must not be null"} for a programming error.
 * Nothing is stored and no event fires when a request is refused.
 */
class ValidationTest {

  private final ManagementFixture f = ManagementFixture.withCatalogue();
  private final Tokenry tokenry = f.tokenry;

  @AfterEach
  void close() {
    f.close();
  }

  private Map<String, List<String>> issueErrors(TokenRequest.Builder request) {
    InvalidTokenRequestException e =
        catchThrowableOfType(
            () -> tokenry.issue(OWNER, request.build()), InvalidTokenRequestException.class);
    assertThat(e).as("issue should have been refused").isNotNull();
    assertThat(f.visibleIds(OWNER, TokenFilter.all())).as("nothing stored").isEmpty();
    assertThat(f.listener.events).as("no event").isEmpty();
    return e.errors();
  }

  private Map<String, List<String>> updateErrors(ApiToken token, TokenUpdate.Builder update) {
    int events = f.listener.events.size();
    InvalidTokenRequestException e =
        catchThrowableOfType(
            () -> tokenry.update(OWNER, token.id(), update.build()),
            InvalidTokenRequestException.class);
    assertThat(e).as("update should have been refused").isNotNull();
    assertThat(tokenry.get(OWNER, token.id())).as("unchanged").isEqualTo(token);
    assertThat(f.listener.events).as("no event").hasSize(events);
    return e.errors();
  }

  private static void assertNpe(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessage(message);
  }

  // --- issue: name ------------------------------------------------------------------------------

  @Test
  void issueWhenNameMissingThenNameIsRequired() {
    TokenRequest.Builder request =
        TokenRequest.builder().expiresIn(ExpiryPreset.ONE_DAY).type(TokenType.READ_ONLY);

    assertThat(issueErrors(request)).isEqualTo(Map.of("name", List.of("name is required")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "   \t  ", "\u2003"})
  void issueWhenNameEmptyOrBlankThenNameMustNotBeBlank(String name) {
    assertThat(issueErrors(request(name)))
        .isEqualTo(Map.of("name", List.of("name must not be blank")));
  }

  @Test
  void issueWhenName101CharactersThenTooLongNamingTheLength() {
    assertThat(issueErrors(request("n".repeat(101))))
        .isEqualTo(Map.of("name", List.of("name must be at most 100 characters, was 101")));
  }

  @Test
  void issueWhenName100CharactersAfterTrimmingThenAcceptedTrimmed() {
    String name = "n".repeat(100);

    ApiToken token = f.issue(OWNER, request("  " + name + "  ")).token();

    assertThat(token.name()).isEqualTo(name);
  }

  @Test
  void issueWhenNameHasSurroundingSpaceThenStoredTrimmed() {
    assertThat(f.issue(OWNER, request("  CI deploy \t")).token().name()).isEqualTo("CI deploy");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "line\nbreak", "tab\there", "bell\u0007"})
  void issueWhenNameHasControlCharactersThenRefused(String name) {
    assertThat(issueErrors(request(name)))
        .isEqualTo(Map.of("name", List.of("name must not contain control characters")));
  }

  // --- issue: description -----------------------------------------------------------------------

  @Test
  void issueWhenDescription501CharactersThenTooLongNamingTheLength() {
    assertThat(issueErrors(request("CI").description("d".repeat(501))))
        .isEqualTo(
            Map.of("description", List.of("description must be at most 500 characters, was 501")));
  }

  @Test
  void issueWhenDescription500CharactersThenAccepted() {
    String description = "d".repeat(500);

    assertThat(f.issue(OWNER, request("CI").description(description)).token().description())
        .isEqualTo(description);
  }

  @Test
  void issueWhenDescriptionMissingThenEmpty() {
    assertThat(f.issue(OWNER, request("CI")).token().description()).isEmpty();
  }

  @Test
  void issueWhenDescriptionHasLineBreaksAndTabsThenKeptWithoutCarriageReturnsAndTrimmed() {
    ApiToken token = f.issue(OWNER, request("CI").description("  one\r\ntwo\tthree \n")).token();

    assertThat(token.description()).isEqualTo("one\ntwo\tthree");
  }

  @Test
  void issueWhenDescriptionComesFromAFormWithCrLfLineBreaksThenAcceptedAndCountedOnce() {
    // A browser submits a textarea's line breaks as CRLF; they were refused as control characters.
    String typed = "first line\r\n".repeat(45);

    ApiToken token = f.issue(OWNER, request("CI").description(typed)).token();

    assertThat(token.description()).isEqualTo(("first line\n".repeat(45)).strip());
    assertThat(
            tokenry
                .update(OWNER, token.id(), TokenUpdate.builder().description("a\r\nb").build())
                .description())
        .isEqualTo("a\nb");
  }

  @Test
  void issueWhenDescriptionHasOtherControlCharactersThenRefused() {
    assertThat(issueErrors(request("CI").description("bell\u0007")))
        .isEqualTo(
            Map.of(
                "description",
                List.of(
                    "description must not contain control characters other than"
                        + " line breaks and tabs")));
  }

  // --- issue: type and permissions --------------------------------------------------------------

  @Test
  void issueWhenTypeMissingThenTypeIsRequired() {
    TokenRequest.Builder request =
        TokenRequest.builder().name("CI").expiresIn(ExpiryPreset.ONE_DAY);

    assertThat(issueErrors(request))
        .isEqualTo(Map.of("type", List.of("type is required: read-only, full-access or custom")));
  }

  @Test
  void issueWhenCustomWithoutPermissionsThenPermissionsRequired() {
    assertThat(issueErrors(request("CI").type(TokenType.CUSTOM)))
        .isEqualTo(Map.of("permissions", List.of("a custom token needs at least one permission")));
    assertThat(issueErrors(request("CI").custom()))
        .isEqualTo(Map.of("permissions", List.of("a custom token needs at least one permission")));
  }

  @Test
  void issueWhenPresetTypeWithPermissionsThenPermissionsRefused() {
    assertThat(
            issueErrors(
                request("CI").type(TokenType.FULL_ACCESS).permissions(List.of("contracts:read"))))
        .isEqualTo(
            Map.of("permissions", List.of("permissions can only be given for custom tokens")));
  }

  @Test
  void issueWhenMoreThan100PermissionsThenRefusedNamingTheCount() {
    List<String> many = IntStream.range(0, 101).mapToObj(i -> "contracts:read").toList();

    assertThat(issueErrors(request("CI").type(TokenType.CUSTOM).permissions(many)))
        .isEqualTo(Map.of("permissions", List.of("at most 100 permissions, was 101")));
  }

  @Test
  void issueWhenPermissionsMalformedThenEachIsNamed() {
    Map<String, List<String>> errors =
        issueErrors(
            request("CI")
                .custom("contracts", "contracts:read", "a:b:c", "bad\u0007:x", "x".repeat(70)));

    assertThat(errors).containsOnlyKeys("permissions");
    assertThat(errors.get("permissions"))
        .containsExactly(
            "'contracts' is not a permission of the form resource:action",
            "'a:b:c' is not a permission of the form resource:action",
            "'bad?:x' is not a permission of the form resource:action",
            "'" + "x".repeat(60) + "…' is not a permission of the form resource:action");
  }

  @Test
  void issueWhenPermissionUnknownToTheCatalogueThenRefusedNamingIt() {
    assertThat(issueErrors(request("CI").custom("contracts:read", "billing:read", "billing:*")))
        .isEqualTo(
            Map.of(
                "permissions",
                List.of(
                    "'billing:read' is not a known permission",
                    "'billing:*' is not a known permission")));
  }

  @Test
  void issueWhenWildcardMatchesAKnownPermissionThenAccepted() {
    ApiToken token = f.issue(OWNER, request("CI").custom("contracts:*", "*:read")).token();

    assertThat(token.permissions().values()).containsExactly("*:read", "contracts:*");
  }

  // --- issue: expiry ----------------------------------------------------------------------------

  @Test
  void issueWhenExpirationMissingThenExpiresInIsRequired() {
    TokenRequest.Builder request = TokenRequest.builder().name("CI").type(TokenType.READ_ONLY);

    assertThat(issueErrors(request))
        .isEqualTo(
            Map.of(
                "expiresIn",
                List.of("expiresIn is required: one of 1d, 7d, 30d, 60d, 90d, never")));
  }

  @Test
  void issueWhenExplicitExpiryInThePastOrNowThenRefusedNamingIt() {
    Instant now = f.clock.instant();

    assertThat(issueErrors(request("CI").expiration(Expiration.at(now.minusSeconds(1)))))
        .isEqualTo(
            Map.of(
                "expiresAt",
                List.of("expiresAt must be in the future, was " + now.minusSeconds(1))));
    assertThat(issueErrors(request("CI").expiration(Expiration.at(now))))
        .containsOnlyKeys("expiresAt");
  }

  @Test
  void issueWhenExplicitExpiryOneMillisecondAheadThenAccepted() {
    Instant at = f.clock.instant().plusMillis(1);

    assertThat(f.issue(OWNER, request("CI").expiration(Expiration.at(at))).token().expiresAt())
        .contains(at);
  }

  // --- issue: project ---------------------------------------------------------------------------

  @Test
  void issueWhenProjectBlankOrUnfitThenRefusedNamingProjectId() {
    assertThat(issueErrors(request("CI").project(" ")))
        .isEqualTo(Map.of("projectId", List.of("projectId must not be blank")));
    assertThat(issueErrors(request("CI").project(" royalties")))
        .isEqualTo(
            Map.of("projectId", List.of("projectId must not start or end with white space")));
    assertThat(issueErrors(request("CI").project("p".repeat(129))))
        .isEqualTo(
            Map.of("projectId", List.of("projectId must be at most 128 characters, was 129")));
    assertThat(issueErrors(request("CI").project("a\u0000b")))
        .isEqualTo(Map.of("projectId", List.of("projectId must not contain control characters")));
  }

  @Test
  void issueWhenProjectThenOrganizationWideThenTheLastChoiceWins() {
    ApiToken token = f.issue(OWNER, request("CI").project("royalties").organizationWide()).token();

    assertThat(token.scope()).isEqualTo(TokenScope.organization("acme"));
  }

  // --- issue: all at once, nulls ----------------------------------------------------------------

  @Test
  void issueWhenSeveralFieldsInvalidThenEveryOneIsReportedInOrder() {
    InvalidTokenRequestException e =
        catchThrowableOfType(
            () ->
                tokenry.issue(
                    OWNER,
                    TokenRequest.builder()
                        .name(" ")
                        .description("d".repeat(501))
                        .project(" ")
                        .expiration(Expiration.at(f.clock.instant()))
                        .custom("nope")
                        .build()),
            InvalidTokenRequestException.class);

    assertThat(e.errors().keySet())
        .containsExactly("name", "description", "projectId", "expiresAt", "permissions");
    assertThat(e.getMessage())
        .startsWith(
            "Invalid token request. name: name must not be blank."
                + " description: description must be at most 500 characters, was 501.");
  }

  @Test
  void issueWhenArgumentsNullThenNullPointerNamingThem() {
    TokenRequest request = request("CI").build();

    assertNpe(() -> tokenry.issue(null, request), "actor must not be null");
    assertNpe(() -> tokenry.issue(OWNER, null), "request must not be null");
  }

  @Test
  void requestBuilderWhenGivenNullThenNullPointerNamingTheField() {
    TokenRequest.Builder b = TokenRequest.builder();

    assertNpe(() -> b.name(null), "name must not be null");
    assertNpe(() -> b.description(null), "description must not be null");
    assertNpe(() -> b.kind(null), "kind must not be null");
    assertNpe(() -> b.project(null), "projectId must not be null");
    assertNpe(() -> b.expiration(null), "expiration must not be null");
    assertNpe(() -> b.expiresIn(null), "preset must not be null");
    assertNpe(() -> b.type(null), "type must not be null");
    assertNpe(() -> b.permissions(null), "permissions must not be null");
    assertNpe(() -> b.permissions(Arrays.asList("a:b", null)), "permissions must not hold null");
  }

  @Test
  void requestBuilderWhenPermissionsListChangesAfterwardsThenRequestIsUnaffected() {
    List<String> permissions = new ArrayList<>(List.of("contracts:read"));
    TokenRequest.Builder builder = request("CI").type(TokenType.CUSTOM).permissions(permissions);
    permissions.add("contracts:write");
    TokenRequest request = builder.build();

    assertThat(request.permissions()).contains(List.of("contracts:read"));
    assertThatThrownBy(() -> request.permissions().orElseThrow().add("x:y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(request.toString())
        .contains("name=CI", "kind=ORGANIZATION", "type=CUSTOM", "permissions=[contracts:read]");
  }

  // --- get, list, regenerate, revoke ------------------------------------------------------------

  @Test
  void getRegenerateAndRevokeWhenArgumentsNullThenNullPointerNamingThem() {
    assertNpe(() -> tokenry.get(null, "id"), "actor must not be null");
    assertNpe(() -> tokenry.get(OWNER, null), "tokenId must not be null");
    assertNpe(() -> tokenry.regenerate(null, "id"), "actor must not be null");
    assertNpe(() -> tokenry.regenerate(OWNER, null), "tokenId must not be null");
    assertNpe(() -> tokenry.revoke(null, "id"), "actor must not be null");
    assertNpe(() -> tokenry.revoke(OWNER, null), "tokenId must not be null");
    assertNpe(() -> tokenry.previewExpiry(null), "preset must not be null");
  }

  @Test
  void listWhenArgumentsNullThenNullPointerNamingThem() {
    assertNpe(() -> tokenry.list(null, TokenFilter.all()), "actor must not be null");
    assertNpe(() -> tokenry.list(OWNER, null), "filter must not be null");
  }

  @Test
  void listWhenProjectIdUnfitThenRefusedNamingProjectId() {
    InvalidTokenRequestException e =
        catchThrowableOfType(
            () -> tokenry.list(OWNER, TokenFilter.builder().projectId("").build()),
            InvalidTokenRequestException.class);

    assertThat(e.errors()).isEqualTo(Map.of("projectId", List.of("projectId must not be blank")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"garbage!", "bm90LWEtY3Vyc29y", "LjEyMw", "MTIzLg", "eC5hYmM"})
  void listWhenCursorIsNotOneTheApiReturnedThenRefusedNamingCursor(String cursor) {
    InvalidTokenRequestException e =
        catchThrowableOfType(
            () -> tokenry.list(OWNER, TokenFilter.builder().cursor(cursor).build()),
            InvalidTokenRequestException.class);

    assertThat(e.errors())
        .isEqualTo(Map.of("cursor", List.of("cursor is not one this API returned")));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 101})
  void filterWhenLimitOutOfRangeThenRefusedNamingLimit(int limit) {
    InvalidTokenRequestException e =
        catchThrowableOfType(
            () -> TokenFilter.builder().limit(limit), InvalidTokenRequestException.class);

    assertThat(e.errors())
        .isEqualTo(Map.of("limit", List.of("limit must be between 1 and 100, was " + limit)));
  }

  @Test
  void filterBuilderWhenGivenNullThenNullPointerNamingTheField() {
    TokenFilter.Builder b = TokenFilter.builder();

    assertNpe(() -> b.kind(null), "kind must not be null");
    assertNpe(() -> b.projectId(null), "projectId must not be null");
    assertNpe(() -> b.nameContains(null), "nameContains must not be null");
    assertNpe(() -> b.cursor(null), "cursor must not be null");
  }

  // --- update -----------------------------------------------------------------------------------

  @Test
  void updateWhenArgumentsNullThenNullPointerNamingThem() {
    ApiToken token = f.orgToken(OWNER, "CI");
    TokenUpdate update = TokenUpdate.builder().name("x").build();

    assertNpe(() -> tokenry.update(OWNER, token.id(), null), "update must not be null");
    assertNpe(() -> tokenry.update(null, token.id(), update), "actor must not be null");
    assertNpe(() -> tokenry.update(OWNER, null, update), "tokenId must not be null");
  }

  @Test
  void updateWhenNameBlankOrTooLongThenRefusedNamingIt() {
    ApiToken token = f.orgToken(OWNER, "CI");

    assertThat(updateErrors(token, TokenUpdate.builder().name("  ")))
        .isEqualTo(Map.of("name", List.of("name must not be blank")));
    assertThat(updateErrors(token, TokenUpdate.builder().name("n".repeat(101))))
        .isEqualTo(Map.of("name", List.of("name must be at most 100 characters, was 101")));
  }

  @Test
  void updateWhenDescription501CharactersThenRefused() {
    ApiToken token = f.orgToken(OWNER, "CI");

    assertThat(updateErrors(token, TokenUpdate.builder().description("d".repeat(501))))
        .containsOnlyKeys("description");
  }

  @Test
  void updateWhenExplicitExpiryInThePastThenRefused() {
    ApiToken token = f.orgToken(OWNER, "CI");

    assertThat(
            updateErrors(
                token,
                TokenUpdate.builder()
                    .expiration(Expiration.at(f.clock.instant().minus(Duration.ofDays(1))))))
        .containsOnlyKeys("expiresAt");
  }

  @Test
  void updateWhenPermissionsGivenForAPresetTokenWithoutTypeThenRefused() {
    ApiToken token = f.orgToken(OWNER, "CI");

    assertThat(updateErrors(token, TokenUpdate.builder().permissions(List.of("contracts:read"))))
        .isEqualTo(
            Map.of(
                "permissions",
                List.of(
                    "permissions can only be changed on custom"
                        + " tokens; set type to custom as well")));
  }

  @Test
  void updateWhenPresetTypeWithPermissionsThenRefused() {
    ApiToken token = f.issue(OWNER, request("CI").custom("contracts:read")).token();

    assertThat(
            updateErrors(
                token,
                TokenUpdate.builder()
                    .type(TokenType.READ_ONLY)
                    .permissions(List.of("contracts:read"))))
        .isEqualTo(
            Map.of("permissions", List.of("permissions can only be given for custom tokens")));
  }

  @Test
  void updateWhenCustomTypeWithoutPermissionsThenRefused() {
    ApiToken token = f.orgToken(OWNER, "CI");

    assertThat(updateErrors(token, TokenUpdate.builder().type(TokenType.CUSTOM)))
        .isEqualTo(Map.of("permissions", List.of("a custom token needs at least one permission")));
  }

  @Test
  void updateWhenPermissionsUnknownOrMalformedThenRefusedNamingThem() {
    ApiToken token = f.issue(OWNER, request("CI").custom("contracts:read")).token();

    assertThat(
            updateErrors(token, TokenUpdate.builder().permissions(List.of("billing:read", "nope"))))
        .isEqualTo(
            Map.of(
                "permissions",
                List.of(
                    "'billing:read' is not a known permission",
                    "'nope' is not a permission of the form resource:action")));
  }

  @Test
  void updateWhenSeveralFieldsInvalidThenEveryOneIsReported() {
    ApiToken token = f.orgToken(OWNER, "CI");

    assertThat(
            updateErrors(
                    token,
                    TokenUpdate.builder()
                        .name("")
                        .description("d".repeat(501))
                        .expiration(Expiration.at(f.clock.instant()))
                        .type(TokenType.CUSTOM))
                .keySet())
        .containsExactly("name", "description", "expiresAt", "permissions");
  }

  @Test
  void updateBuilderWhenGivenNullThenNullPointerNamingTheField() {
    TokenUpdate.Builder b = TokenUpdate.builder();

    assertNpe(() -> b.name(null), "name must not be null");
    assertNpe(() -> b.description(null), "description must not be null");
    assertNpe(() -> b.type(null), "type must not be null");
    assertNpe(() -> b.permissions(null), "permissions must not be null");
    assertNpe(() -> b.permissions(Arrays.asList("a:b", null)), "permissions must not hold null");
    assertNpe(() -> b.expiration(null), "expiration must not be null");
    assertNpe(() -> b.expiresIn(null), "preset must not be null");
  }

  @Test
  void updateBuilderWhenBuiltThenImmutableAndEmptyOnlyWithoutFields() {
    List<String> permissions = new ArrayList<>(List.of("contracts:read"));
    TokenUpdate.Builder builder = TokenUpdate.builder().permissions(permissions);
    permissions.add("contracts:write");
    TokenUpdate update = builder.build();

    assertThat(update.permissions()).contains(List.of("contracts:read"));
    assertThat(update.isEmpty()).isFalse();
    assertThat(TokenUpdate.builder().build().isEmpty()).isTrue();
    assertThat(TokenUpdate.builder().name("x").build().isEmpty()).isFalse();
    assertThat(TokenUpdate.builder().description("").build().isEmpty()).isFalse();
    assertThat(TokenUpdate.builder().type(TokenType.READ_ONLY).build().isEmpty()).isFalse();
    assertThat(TokenUpdate.builder().expiresIn(ExpiryPreset.NEVER).build().isEmpty()).isFalse();
    assertThat(update.toString()).contains("permissions=[contracts:read]");
  }

  // --- revokeAll --------------------------------------------------------------------------------

  @Test
  void revokeAllWhenArgumentsNullThenNullPointerNamingThem() {
    assertNpe(() -> tokenry.revokeAll(null, List.of("a")), "actor must not be null");
    assertNpe(() -> tokenry.revokeAll(OWNER, null), "tokenIds must not be null");
    assertNpe(
        () -> tokenry.revokeAll(OWNER, Arrays.asList("a", null)), "tokenIds must not hold null");
  }

  @Test
  void revokeAllWhenNoIdsThenRefusedNamingIds() {
    InvalidTokenRequestException e =
        catchThrowableOfType(
            () -> tokenry.revokeAll(OWNER, List.of()), InvalidTokenRequestException.class);

    assertThat(e.errors()).isEqualTo(Map.of("ids", List.of("give at least one token id")));
  }

  @Test
  void revokeAllWhenMoreThan100DistinctIdsThenRefusedNamingIdsAndNothingDeleted() {
    ApiToken kept = f.orgToken(OWNER, "kept");
    Collection<String> ids =
        new ArrayList<>(IntStream.range(0, 100).mapToObj(i -> "id" + i).toList());
    ids.add(kept.id());

    InvalidTokenRequestException e =
        catchThrowableOfType(
            () -> tokenry.revokeAll(OWNER, ids), InvalidTokenRequestException.class);

    assertThat(e.errors())
        .isEqualTo(Map.of("ids", List.of("at most 100 token ids at once, was 101")));
    assertThat(f.exists(kept)).isTrue();
  }

  @Test
  void revokeAllWhen100IdsWithRepeatsThenCountedOnceAndAccepted() {
    ApiToken token = f.personalToken(MEMBER, "mine");
    List<String> ids = IntStream.range(0, 150).mapToObj(i -> token.id()).toList();

    assertThat(tokenry.revokeAll(MEMBER, ids)).isEqualTo(1);
  }

  @Test
  void issueWhenPersonalAndInvalidThenFieldsReportedNotTheRole() {
    InvalidTokenRequestException e =
        catchThrowableOfType(
            () -> tokenry.issue(MEMBER, personal("").build()), InvalidTokenRequestException.class);

    assertThat(e.errors()).containsOnlyKeys("name");
  }
}
