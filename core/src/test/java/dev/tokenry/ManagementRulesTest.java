package dev.tokenry;

import static dev.tokenry.ManagementFixture.ADMIN;
import static dev.tokenry.ManagementFixture.MEMBER;
import static dev.tokenry.ManagementFixture.MEMBER2;
import static dev.tokenry.ManagementFixture.ORG;
import static dev.tokenry.ManagementFixture.OTHER_ORG;
import static dev.tokenry.ManagementFixture.OUTSIDER;
import static dev.tokenry.ManagementFixture.OWNER;
import static dev.tokenry.ManagementFixture.SYSTEM;
import static dev.tokenry.ManagementFixture.actor;
import static dev.tokenry.ManagementFixture.personal;
import static dev.tokenry.ManagementFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every management rule of DESIGN.md and docs/DECISIONS.md, allowed and refused, for an Owner, an
 * Admin, a Member, a user of another organization and the system actor, on every management method.
 * The rules live in core, so they are proven here without HTTP.
 */
class ManagementRulesTest {

  private final ManagementFixture f = ManagementFixture.withCatalogue();
  private final Tokenry tokenry = f.tokenry;

  @AfterEach
  void close() {
    f.close();
  }

  private static void assertNotFound(Throwable thrown, ApiToken token) {
    assertThat(thrown).isInstanceOf(TokenNotFoundException.class);
    assertThat(((TokenNotFoundException) thrown).tokenIds()).containsExactly(token.id());
    assertThat(thrown.getMessage()).isEqualTo("Token not found: " + token.id() + ".");
  }

  private static void assertMemberDenied(Throwable thrown) {
    assertThat(thrown)
        .isInstanceOf(TokenAccessDeniedException.class)
        .hasMessage("Only Owners and Admins can manage organization tokens.");
  }

  private static Throwable thrownBy(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    return org.assertj.core.api.Assertions.catchThrowable(call);
  }

  // --- issue ------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"owner", "admin"})
  void issueWhenOwnerOrAdminIssuesOrganizationTokenThenIssuedInTheirOrganization(String who) {
    Actor actor = actor(who);

    ApiToken token = f.orgToken(actor, "CI");

    assertThat(token.kind()).isEqualTo(TokenKind.ORGANIZATION);
    assertThat(token.owner()).isEmpty();
    assertThat(token.scope()).isEqualTo(TokenScope.organization(ORG));
    assertThat(token.createdBy()).isEqualTo(actor.userId());
    assertThat(f.exists(token)).isTrue();
  }

  @Test
  void issueWhenMemberIssuesOrganizationTokenThenAccessDeniedAndNothingStored() {
    assertMemberDenied(thrownBy(() -> f.orgToken(MEMBER, "CI")));

    assertThat(f.visibleIds(OWNER, TokenFilter.all())).isEmpty();
    assertThat(f.listener.events).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"owner", "admin", "member"})
  void issueWhenAnyUserIssuesPersonalTokenThenOwnedByThem(String who) {
    Actor actor = actor(who);

    ApiToken token = f.personalToken(actor, "mine");

    assertThat(token.kind()).isEqualTo(TokenKind.PERSONAL);
    assertThat(token.owner()).contains(actor.userId());
    assertThat(token.createdBy()).isEqualTo(actor.userId());
    assertThat(token.organizationId()).isEqualTo(ORG);
  }

  @Test
  void issueWhenUserOfAnotherOrganizationIssuesThenTokenBelongsToTheirOrganizationOnly() {
    ApiToken theirs = f.orgToken(OUTSIDER, "CI");

    assertThat(theirs.organizationId()).isEqualTo(OTHER_ORG);
    assertThat(f.visibleIds(OWNER, TokenFilter.all())).isEmpty();
    assertThat(f.visibleIds(OUTSIDER, TokenFilter.all())).containsExactly(theirs.id());
  }

  @Test
  void issueWhenSystemIssuesOrganizationTokenThenAllowedWithAnyPermissionAndCreatedBySystem() {
    ApiToken token =
        tokenry.issue(SYSTEM, request("provisioned").type(TokenType.FULL_ACCESS).build()).token();

    assertThat(token.createdBy()).isEqualTo(Actor.SYSTEM_USER_ID);
    assertThat(token.permissions()).isEqualTo(PermissionSet.ALL);
    assertThat(f.visibleIds(OWNER, TokenFilter.all())).containsExactly(token.id());
  }

  @Test
  void issueWhenSystemIssuesPersonalTokenThenInvalidOnKind() {
    InvalidTokenRequestException e =
        catchThrowableOfType(
            () -> tokenry.issue(SYSTEM, personal("mine").build()),
            InvalidTokenRequestException.class);

    assertThat(e.errors()).containsOnlyKeys("kind");
    assertThat(e.errors().get("kind").get(0)).contains("system actor cannot own personal tokens");
  }

  @Test
  void issueWhenMemberAsksForFullAccessThenIssuedCarryingTheirPermissionsAsTheyChange() {
    IssuedToken issued = f.issue(MEMBER, personal("mine").type(TokenType.FULL_ACCESS));

    assertThat(tokenry.verify(issued.plaintext()).orElseThrow().permissions().values())
        .containsExactly("contracts:read", "royalties:read");
    f.grant(MEMBER, "contracts:read", "contracts:write");
    TokenPrincipal promoted = tokenry.verify(issued.plaintext()).orElseThrow();
    assertThat(promoted.allows("contracts:write")).isTrue();
    assertThat(promoted.allows("royalties:read")).isFalse();
  }

  @Test
  void issueWhenMemberAsksForAnOrganizationTokenThenStillAccessDenied() {
    assertThatThrownBy(() -> f.issue(MEMBER, request("org").type(TokenType.READ_ONLY)))
        .isInstanceOf(TokenAccessDeniedException.class);
  }

  @Test
  void updateWhenAdminExtendsAnOrganizationTokenBeyondTheirPermissionsThenAccessDenied() {
    ApiToken token = f.issue(OWNER, request("all").type(TokenType.FULL_ACCESS)).token();
    f.grant(ADMIN, "contracts:*");

    for (Expiration longer : List.of(Expiration.never(), Expiration.in(ExpiryPreset.NINETY_DAYS))) {
      TokenAccessDeniedException e =
          catchThrowableOfType(
              () ->
                  tokenry.update(
                      ADMIN, token.id(), TokenUpdate.builder().expiration(longer).build()),
              TokenAccessDeniedException.class);
      assertThat(e.errors()).containsOnlyKeys("permissions");
    }
    assertThat(tokenry.get(ADMIN, token.id()).expiresAt()).isEqualTo(token.expiresAt());

    ApiToken shorter =
        tokenry.update(
            ADMIN,
            token.id(),
            TokenUpdate.builder().expiration(Expiration.in(ExpiryPreset.ONE_DAY)).build());
    assertThat(shorter.expiresAt().orElseThrow()).isBefore(token.expiresAt().orElseThrow());
    ApiToken renamed =
        tokenry.update(ADMIN, token.id(), TokenUpdate.builder().name("renamed").build());
    assertThat(renamed.name()).isEqualTo("renamed");
  }

  @Test
  void updateWhenOwnerHoldingThePermissionsExtendsThenAllowed() {
    ApiToken token = f.issue(OWNER, request("all").type(TokenType.FULL_ACCESS)).token();

    ApiToken never =
        tokenry.update(
            OWNER, token.id(), TokenUpdate.builder().expiration(Expiration.never()).build());

    assertThat(never.expiresAt()).isEmpty();
  }

  @Test
  void issueWhenMemberAsksForReadOnlyAndHoldsEveryKnownReadThenAllowed() {
    ApiToken token = f.issue(MEMBER, personal("mine").type(TokenType.READ_ONLY)).token();

    assertThat(token.permissions()).isEqualTo(PermissionSet.of("*:read"));
  }

  @Test
  void issueWhenMemberAsksForCustomPermissionNotHeldThenIssuedAndCutToWhatTheyHold() {
    IssuedToken issued =
        f.issue(MEMBER, personal("mine").custom("contracts:read", "contracts:write"));

    assertThat(issued.token().permissions().values())
        .containsExactly("contracts:read", "contracts:write");
    TokenPrincipal principal = tokenry.verify(issued.plaintext()).orElseThrow();
    assertThat(principal.allows("contracts:read")).isTrue();
    assertThat(principal.allows("contracts:write")).isFalse();
  }

  @Test
  void issueWhenAdminHoldsOnlyContractsThenFullAccessRefusedAndContractsTokenAllowed() {
    f.grant(ADMIN, "contracts:*");

    TokenAccessDeniedException e =
        catchThrowableOfType(
            () -> f.issue(ADMIN, request("all").type(TokenType.FULL_ACCESS)),
            TokenAccessDeniedException.class);
    ApiToken allowed = f.issue(ADMIN, request("contracts").custom("contracts:*")).token();

    assertThat(e.errors().get("permissions"))
        .containsExactly("you do not hold royalties:read, royalties:write");
    assertThat(allowed.permissions().values()).containsExactly("contracts:*");
  }

  @Test
  void issueWhenUserIsUnknownToTheHostThenHoldsNothingAndIsRefused() {
    Actor ghost = Actor.user("ghost", ORG, Role.OWNER);

    TokenAccessDeniedException e =
        catchThrowableOfType(() -> f.issue(ghost, request("CI")), TokenAccessDeniedException.class);

    assertThat(e.errors().get("permissions").get(0))
        .isEqualTo("you do not hold contracts:read, royalties:read");
  }

  @Nested
  class WithoutCatalogue {

    private final ManagementFixture plain = ManagementFixture.withoutCatalogue();

    @AfterEach
    void close() {
      plain.close();
    }

    @Test
    void issueWhenMemberAsksForReadOnlyWithoutHoldingTheWildcardThenIssuedAndCut() {
      IssuedToken issued = plain.issue(MEMBER, personal("mine").type(TokenType.READ_ONLY));

      TokenPrincipal principal = plain.tokenry.verify(issued.plaintext()).orElseThrow();
      assertThat(principal.allows("contracts:read")).isTrue();
      assertThat(principal.allows("billing:read")).isFalse();
    }

    @Test
    void issueWhenMemberAsksForPermissionsHeldThenAllowed() {
      ApiToken token = plain.issue(MEMBER, personal("mine").custom("contracts:read")).token();

      assertThat(token.permissions().values()).containsExactly("contracts:read");
    }

    @Test
    void issueWhenAnyWellFormedPermissionAndHolderOfEverythingThenAllowed() {
      ApiToken token = plain.issue(OWNER, request("billing").custom("billing:refund")).token();

      assertThat(token.permissions().values()).containsExactly("billing:refund");
    }

    @Test
    void updateWhenMemberWidensOwnTokenBeyondWhatTheyHoldThenAllowedAndCut() {
      IssuedToken issued = plain.issue(MEMBER, personal("mine").custom("contracts:read"));

      plain.tokenry.update(
          MEMBER,
          issued.token().id(),
          TokenUpdate.builder().permissions(List.of("contracts:read", "billing:read")).build());

      TokenPrincipal principal = plain.tokenry.verify(issued.plaintext()).orElseThrow();
      assertThat(principal.allows("billing:read")).isFalse();
      assertThat(principal.allows("contracts:read")).isTrue();
    }
  }

  // --- get --------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"owner", "admin", "system"})
  void getWhenOwnerAdminOrSystemReadsOrganizationTokenThenReturned(String who) {
    ApiToken token = f.orgToken(OWNER, "CI");

    assertThat(tokenry.get(actor(who), token.id())).isEqualTo(token);
  }

  @Test
  void getWhenMemberReadsOrganizationTokenThenAccessDenied() {
    ApiToken token = f.orgToken(OWNER, "CI");

    assertMemberDenied(thrownBy(() -> tokenry.get(MEMBER, token.id())));
  }

  @Test
  void getWhenUserOfAnotherOrganizationThenNotFoundBothWays() {
    ApiToken ours = f.orgToken(OWNER, "CI");
    ApiToken theirs = f.orgToken(OUTSIDER, "CI");

    assertNotFound(thrownBy(() -> tokenry.get(OUTSIDER, ours.id())), ours);
    assertNotFound(thrownBy(() -> tokenry.get(OWNER, theirs.id())), theirs);
    assertNotFound(thrownBy(() -> tokenry.get(MEMBER, theirs.id())), theirs);
  }

  @ParameterizedTest
  @ValueSource(strings = {"owner", "admin", "member"})
  void getWhenUserReadsOwnPersonalTokenThenReturned(String who) {
    ApiToken token = f.personalToken(actor(who), "mine");

    assertThat(tokenry.get(actor(who), token.id())).isEqualTo(token);
  }

  @ParameterizedTest
  @ValueSource(strings = {"owner", "admin", "member2", "outsider", "system"})
  void getWhenAnyoneElseReadsAMembersPersonalTokenThenNotFound(String who) {
    ApiToken token = f.personalToken(MEMBER, "mine");

    assertNotFound(thrownBy(() -> tokenry.get(actor(who), token.id())), token);
  }

  @Test
  void getWhenAdminReadsTheOwnersPersonalTokenThenNotFound() {
    ApiToken token = f.personalToken(OWNER, "mine");

    assertNotFound(thrownBy(() -> tokenry.get(ADMIN, token.id())), token);
  }

  @Test
  void getWhenIdUnknownThenNotFoundNamingIt() {
    TokenNotFoundException e =
        catchThrowableOfType(
            () -> tokenry.get(OWNER, "0123456789abcdef"), TokenNotFoundException.class);

    assertThat(e.tokenIds()).containsExactly("0123456789abcdef");
  }

  // --- list -------------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"owner", "admin"})
  void listWhenOwnerOrAdminThenOrganizationTokensAndOwnPersonalTokensOnly(String who) {
    Actor actor = actor(who);
    ApiToken org = f.orgToken(OWNER, "org");
    ApiToken mine = f.personalToken(actor, "mine");
    f.personalToken(actor == OWNER ? ADMIN : OWNER, "colleague's");
    f.personalToken(MEMBER, "member's");
    f.orgToken(OUTSIDER, "other org");

    assertThat(f.visibleIds(actor, TokenFilter.all()))
        .containsExactlyInAnyOrder(org.id(), mine.id());
    assertThat(f.visibleIds(actor, TokenFilter.builder().kind(TokenKind.ORGANIZATION).build()))
        .containsExactly(org.id());
    assertThat(f.visibleIds(actor, TokenFilter.builder().kind(TokenKind.PERSONAL).build()))
        .containsExactly(mine.id());
  }

  @Test
  void listWhenMemberThenOnlyOwnPersonalTokens() {
    f.orgToken(OWNER, "org");
    f.personalToken(OWNER, "owner's");
    f.personalToken(MEMBER2, "max's");
    ApiToken mine = f.personalToken(MEMBER, "mine");

    assertThat(f.visibleIds(MEMBER, TokenFilter.all())).containsExactly(mine.id());
    assertThat(f.visibleIds(MEMBER, TokenFilter.builder().kind(TokenKind.PERSONAL).build()))
        .containsExactly(mine.id());
  }

  @Test
  void listWhenMemberAsksForOrganizationTokensThenAccessDenied() {
    f.orgToken(OWNER, "org");

    assertMemberDenied(
        thrownBy(
            () ->
                tokenry.list(MEMBER, TokenFilter.builder().kind(TokenKind.ORGANIZATION).build())));
  }

  @Test
  void listWhenUserOfAnotherOrganizationThenSeesNothingOfThisOne() {
    f.orgToken(OWNER, "org");
    f.personalToken(OWNER, "mine");
    f.personalToken(MEMBER, "mine");

    assertThat(f.visibleIds(OUTSIDER, TokenFilter.all())).isEmpty();
  }

  @Test
  void listWhenSystemThenOrganizationTokensOnlyAndNoPersonalTokens() {
    ApiToken org = f.orgToken(OWNER, "org");
    f.personalToken(OWNER, "mine");

    assertThat(f.visibleIds(SYSTEM, TokenFilter.all())).containsExactly(org.id());
    TokenPage personalPage =
        tokenry.list(SYSTEM, TokenFilter.builder().kind(TokenKind.PERSONAL).build());
    assertThat(personalPage.tokens()).isEmpty();
    assertThat(personalPage.nextCursor()).isEmpty();
  }

  // --- update -----------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"owner", "admin", "system"})
  void updateWhenOwnerAdminOrSystemEditsOrganizationTokenThenChanged(String who) {
    ApiToken token = f.orgToken(ADMIN, "CI");

    ApiToken updated =
        tokenry.update(actor(who), token.id(), TokenUpdate.builder().name("CI (old)").build());

    assertThat(updated.name()).isEqualTo("CI (old)");
    assertThat(tokenry.get(OWNER, token.id()).name()).isEqualTo("CI (old)");
  }

  @Test
  void updateWhenMemberEditsOrganizationTokenThenAccessDeniedAndUnchanged() {
    ApiToken token = f.orgToken(OWNER, "CI");

    assertMemberDenied(
        thrownBy(
            () ->
                tokenry.update(
                    MEMBER, token.id(), TokenUpdate.builder().name("mine now").build())));
    assertThat(tokenry.get(OWNER, token.id())).isEqualTo(token);
  }

  @ParameterizedTest
  @ValueSource(strings = {"owner", "admin", "member"})
  void updateWhenUserEditsOwnPersonalTokenThenChanged(String who) {
    ApiToken token = f.personalToken(actor(who), "mine");

    ApiToken updated =
        tokenry.update(actor(who), token.id(), TokenUpdate.builder().description("laptop").build());

    assertThat(updated.description()).isEqualTo("laptop");
  }

  @ParameterizedTest
  @ValueSource(strings = {"owner", "admin", "member2", "outsider", "system"})
  void updateWhenAnyoneElseEditsAMembersPersonalTokenThenNotFoundAndUnchanged(String who) {
    ApiToken token = f.personalToken(MEMBER, "mine");

    assertNotFound(
        thrownBy(
            () ->
                tokenry.update(
                    actor(who), token.id(), TokenUpdate.builder().name("stolen").build())),
        token);
    assertThat(tokenry.get(MEMBER, token.id())).isEqualTo(token);
  }

  @Test
  void updateWhenUserOfAnotherOrganizationEditsOrganizationTokenThenNotFound() {
    ApiToken token = f.orgToken(OWNER, "CI");

    assertNotFound(
        thrownBy(
            () ->
                tokenry.update(OUTSIDER, token.id(), TokenUpdate.builder().name("stolen").build())),
        token);
  }

  @Test
  void updateWhenMemberWidensOwnTokenToFullAccessThenAllowedAndCutToTheOwnerAtEveryRequest() {
    IssuedToken issued = f.issue(MEMBER, personal("mine").custom("contracts:read"));

    ApiToken widened =
        tokenry.update(
            MEMBER, issued.token().id(), TokenUpdate.builder().type(TokenType.FULL_ACCESS).build());

    assertThat(widened.type()).isEqualTo(TokenType.FULL_ACCESS);
    assertThat(tokenry.verify(issued.plaintext()).orElseThrow().permissions().values())
        .containsExactly("contracts:read", "royalties:read");
  }

  @Test
  void updateWhenAdminHoldingLessGrantsFullAccessThenAccessDenied() {
    ApiToken token = f.orgToken(OWNER, "CI");
    f.grant(ADMIN, "contracts:*");

    TokenAccessDeniedException e =
        catchThrowableOfType(
            () ->
                tokenry.update(
                    ADMIN, token.id(), TokenUpdate.builder().type(TokenType.FULL_ACCESS).build()),
            TokenAccessDeniedException.class);

    assertThat(e.errors().get("permissions"))
        .containsExactly("you do not hold royalties:read, royalties:write");
    assertThat(tokenry.get(OWNER, token.id()).type()).isEqualTo(TokenType.READ_ONLY);
  }

  @Test
  void updateWhenOnlyTheNameChangesThenTheEditorNeedNotHoldTheTokensPermissions() {
    ApiToken token = f.issue(OWNER, request("CI").type(TokenType.FULL_ACCESS)).token();
    f.grant(ADMIN, "contracts:read");

    ApiToken updated =
        tokenry.update(ADMIN, token.id(), TokenUpdate.builder().name("CI 2").build());

    assertThat(updated.name()).isEqualTo("CI 2");
    assertThat(updated.permissions()).isEqualTo(PermissionSet.ALL);
  }

  // --- regenerate -------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"owner", "admin", "system"})
  void regenerateWhenOwnerAdminOrSystemRegeneratesOrganizationTokenThenNewSecret(String who) {
    IssuedToken issued = f.issue(OWNER, request("CI"));

    IssuedToken regenerated = tokenry.regenerate(actor(who), issued.token().id());

    assertThat(regenerated.token().id()).isEqualTo(issued.token().id());
    assertThat(tokenry.verify(regenerated.plaintext())).isPresent();
    assertThat(tokenry.verify(issued.plaintext())).isEmpty();
  }

  @Test
  void regenerateWhenAdminLacksPermissionsOfOrganizationTokenThenAccessDeniedAndOldSecretWorks() {
    IssuedToken issued = f.issue(OWNER, request("CI").type(TokenType.FULL_ACCESS));
    f.grant(ADMIN, "contracts:read", "royalties:read");

    TokenAccessDeniedException denied =
        (TokenAccessDeniedException) thrownBy(() -> tokenry.regenerate(ADMIN, issued.token().id()));

    assertThat(denied.errors()).containsKey("permissions");
    assertThat(denied.getMessage()).contains("contracts:write", "royalties:write");
    assertThat(tokenry.verify(issued.plaintext())).isPresent();
  }

  @Test
  void regenerateWhenMemberRegeneratesOrganizationTokenThenAccessDeniedAndOldSecretStillWorks() {
    IssuedToken issued = f.issue(OWNER, request("CI"));

    assertMemberDenied(thrownBy(() -> tokenry.regenerate(MEMBER, issued.token().id())));
    assertThat(tokenry.verify(issued.plaintext())).isPresent();
  }

  @ParameterizedTest
  @ValueSource(strings = {"owner", "admin", "member"})
  void regenerateWhenUserRegeneratesOwnPersonalTokenThenNewSecret(String who) {
    IssuedToken issued = f.issue(actor(who), personal("mine"));

    IssuedToken regenerated = tokenry.regenerate(actor(who), issued.token().id());

    assertThat(tokenry.verify(regenerated.plaintext())).isPresent();
    assertThat(tokenry.verify(issued.plaintext())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"owner", "admin", "member2", "outsider", "system"})
  void regenerateWhenAnyoneElseRegeneratesAMembersPersonalTokenThenNotFound(String who) {
    IssuedToken issued = f.issue(MEMBER, personal("mine"));

    assertNotFound(
        thrownBy(() -> tokenry.regenerate(actor(who), issued.token().id())), issued.token());
    assertThat(tokenry.verify(issued.plaintext())).isPresent();
  }

  @Test
  void regenerateWhenUserOfAnotherOrganizationThenNotFound() {
    IssuedToken issued = f.issue(OWNER, request("CI"));

    assertNotFound(
        thrownBy(() -> tokenry.regenerate(OUTSIDER, issued.token().id())), issued.token());
    assertThat(tokenry.verify(issued.plaintext())).isPresent();
  }

  // --- revoke -----------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"owner", "admin", "system"})
  void revokeWhenOwnerAdminOrSystemRevokesOrganizationTokenThenGone(String who) {
    IssuedToken issued = f.issue(OWNER, request("CI"));

    tokenry.revoke(actor(who), issued.token().id());

    assertThat(f.exists(issued.token())).isFalse();
    assertThat(tokenry.verify(issued.plaintext())).isEmpty();
  }

  @Test
  void revokeWhenMemberRevokesOrganizationTokenThenAccessDeniedAndKept() {
    ApiToken token = f.orgToken(OWNER, "CI");

    assertMemberDenied(thrownBy(() -> tokenry.revoke(MEMBER, token.id())));
    assertThat(f.exists(token)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"owner", "admin", "member"})
  void revokeWhenUserRevokesOwnPersonalTokenThenGone(String who) {
    ApiToken token = f.personalToken(actor(who), "mine");

    tokenry.revoke(actor(who), token.id());

    assertThat(f.exists(token)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"owner", "admin", "member2", "outsider", "system"})
  void revokeWhenAnyoneElseRevokesAMembersPersonalTokenThenNotFoundAndKept(String who) {
    ApiToken token = f.personalToken(MEMBER, "mine");

    assertNotFound(thrownBy(() -> tokenry.revoke(actor(who), token.id())), token);
    assertThat(f.exists(token)).isTrue();
  }

  @Test
  void revokeWhenUserOfAnotherOrganizationThenNotFoundAndKept() {
    ApiToken token = f.orgToken(OWNER, "CI");

    assertNotFound(thrownBy(() -> tokenry.revoke(OUTSIDER, token.id())), token);
    assertThat(f.exists(token)).isTrue();
  }

  @Test
  void revokeWhenAlreadyRevokedThenNotFound() {
    ApiToken token = f.orgToken(OWNER, "CI");
    tokenry.revoke(OWNER, token.id());

    assertNotFound(thrownBy(() -> tokenry.revoke(OWNER, token.id())), token);
  }

  // --- revokeAll --------------------------------------------------------------------------------

  @Test
  void revokeAllWhenOwnerRevokesOrganizationAndOwnPersonalTokensThenAllDeleted() {
    ApiToken org1 = f.orgToken(ADMIN, "one");
    ApiToken org2 = f.orgToken(OWNER, "two");
    ApiToken mine = f.personalToken(OWNER, "mine");
    ApiToken kept = f.orgToken(OWNER, "kept");

    int deleted = tokenry.revokeAll(OWNER, List.of(org1.id(), org2.id(), mine.id()));

    assertThat(deleted).isEqualTo(3);
    assertThat(f.visibleIds(OWNER, TokenFilter.all())).containsExactly(kept.id());
    assertThat(f.listener.events)
        .contains(
            "revoked " + org1.id() + " by olivia",
            "revoked " + org2.id() + " by olivia",
            "revoked " + mine.id() + " by olivia");
  }

  @Test
  void revokeAllWhenMemberRevokesOwnPersonalTokensThenDeleted() {
    ApiToken one = f.personalToken(MEMBER, "one");
    ApiToken two = f.personalToken(MEMBER, "two");

    assertThat(tokenry.revokeAll(MEMBER, List.of(one.id(), two.id()))).isEqualTo(2);
    assertThat(f.visibleIds(MEMBER, TokenFilter.all())).isEmpty();
  }

  @Test
  void revokeAllWhenMemberIncludesOrganizationTokensThenNothingDeletedAndThoseIdsNamed() {
    ApiToken mine = f.personalToken(MEMBER, "mine");
    ApiToken org1 = f.orgToken(OWNER, "one");
    ApiToken org2 = f.orgToken(OWNER, "two");

    TokenAccessDeniedException e =
        catchThrowableOfType(
            () -> tokenry.revokeAll(MEMBER, List.of(mine.id(), org2.id(), org1.id())),
            TokenAccessDeniedException.class);

    assertThat(e.errors()).containsOnlyKeys("ids");
    assertThat(e.errors().get("ids"))
        .containsExactlyElementsOf(List.of(org1.id(), org2.id()).stream().sorted().toList());
    assertThat(e).hasMessageContaining("nothing was deleted");
    assertThat(f.exists(mine)).isTrue();
    assertThat(f.exists(org1)).isTrue();
    assertThat(f.exists(org2)).isTrue();
    assertThat(f.listener.events).noneMatch(event -> event.startsWith("revoked"));
  }

  @Test
  void revokeAllWhenSomeIdsAreUnknownOrInvisibleThenNothingDeletedAndThoseIdsNamed() {
    ApiToken org = f.orgToken(OWNER, "org");
    ApiToken membersToken = f.personalToken(MEMBER, "member's");
    ApiToken otherOrg = f.orgToken(OUTSIDER, "theirs");
    String unknown = "0123456789abcdef";

    TokenNotFoundException e =
        catchThrowableOfType(
            () ->
                tokenry.revokeAll(
                    OWNER, List.of(org.id(), membersToken.id(), otherOrg.id(), unknown)),
            TokenNotFoundException.class);

    assertThat(e.tokenIds())
        .containsExactlyElementsOf(
            List.of(membersToken.id(), otherOrg.id(), unknown).stream().sorted().toList());
    assertThat(f.exists(org)).isTrue();
    assertThat(f.exists(membersToken)).isTrue();
    assertThat(f.exists(otherOrg)).isTrue();
  }

  @Test
  void revokeAllWhenBothUnknownAndForbiddenIdsThenNotFoundAndNothingDeleted() {
    ApiToken mine = f.personalToken(MEMBER, "mine");
    ApiToken org = f.orgToken(OWNER, "org");

    TokenNotFoundException e =
        catchThrowableOfType(
            () -> tokenry.revokeAll(MEMBER, List.of(mine.id(), org.id(), "0123456789abcdef")),
            TokenNotFoundException.class);

    assertThat(e.tokenIds()).containsExactly("0123456789abcdef");
    assertThat(f.exists(mine)).isTrue();
    assertThat(f.exists(org)).isTrue();
  }

  @Test
  void revokeAllWhenIdsRepeatThenEachCountsOnce() {
    ApiToken org = f.orgToken(OWNER, "org");

    assertThat(tokenry.revokeAll(ADMIN, List.of(org.id(), org.id(), org.id()))).isEqualTo(1);
    assertThat(f.listener.events.stream().filter(e -> e.startsWith("revoked"))).hasSize(1);
  }

  @Test
  void revokeAllWhenSystemIncludesAPersonalTokenThenNotFound() {
    ApiToken org = f.orgToken(OWNER, "org");
    ApiToken mine = f.personalToken(OWNER, "mine");

    TokenNotFoundException e =
        catchThrowableOfType(
            () -> tokenry.revokeAll(SYSTEM, List.of(org.id(), mine.id())),
            TokenNotFoundException.class);

    assertThat(e.tokenIds()).containsExactly(mine.id());
    assertThat(tokenry.revokeAll(SYSTEM, List.of(org.id()))).isEqualTo(1);
  }

  // --- previewExpiry ----------------------------------------------------------------------------

  @Test
  void previewExpiryWhenAskedThenNeedsNoActorAndChangesNothing() {
    assertThat(tokenry.previewExpiry(ExpiryPreset.SEVEN_DAYS))
        .contains(f.clock.instant().plus(java.time.Duration.ofDays(7)));
    assertThat(f.listener.events).isEmpty();
  }
}
