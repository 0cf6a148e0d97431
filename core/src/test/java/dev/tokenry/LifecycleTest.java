package dev.tokenry;

import static dev.tokenry.ManagementFixture.ADMIN;
import static dev.tokenry.ManagementFixture.MEMBER;
import static dev.tokenry.ManagementFixture.MEMBER2;
import static dev.tokenry.ManagementFixture.OUTSIDER;
import static dev.tokenry.ManagementFixture.OWNER;
import static dev.tokenry.ManagementFixture.personal;
import static dev.tokenry.ManagementFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tokenry.testing.InterferingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A token's life through the management API with a real store and a hand-moved clock: unique names,
 * edits of each field (and concurrent edits), regenerate, revoke, list filters and paging, expiry
 * presets and boundaries, personal tokens following their owner.
 */
class LifecycleTest {

  private final InterferingStore store = new InterferingStore();
  private final ManagementFixture f = ManagementFixture.over(store);
  private final Tokenry tokenry = f.tokenry;

  @AfterEach
  void close() {
    f.close();
  }

  private Instant now() {
    return f.clock.instant();
  }

  // --- unique names -----------------------------------------------------------------------------

  @Test
  void issueWhenOrganizationTokenNameTakenInAnyCaseThenDuplicate() {
    f.orgToken(OWNER, "Deploy");

    assertThatThrownBy(() -> f.orgToken(ADMIN, "  deploy "))
        .isInstanceOf(DuplicateTokenNameException.class)
        .hasMessage("A token named 'deploy' already exists.");
    assertThatThrownBy(() -> f.orgToken(OWNER, "DEPLOY"))
        .isInstanceOf(DuplicateTokenNameException.class);
    assertThat(f.visibleIds(OWNER, TokenFilter.all())).hasSize(1);
    assertThat(f.listener.events).hasSize(1);
  }

  @Test
  void issueWhenPersonalTokenNameTakenBySameOwnerThenDuplicateButOthersMayUseIt() {
    f.personalToken(MEMBER, "laptop");

    assertThatThrownBy(() -> f.personalToken(MEMBER, "Laptop"))
        .isInstanceOf(DuplicateTokenNameException.class);
    assertThat(f.personalToken(MEMBER2, "laptop").owner()).contains("max");
    assertThat(f.orgToken(OWNER, "laptop").kind()).isEqualTo(TokenKind.ORGANIZATION);
    assertThat(f.personalToken(OWNER, "LAPTOP").owner()).contains("olivia");
  }

  @Test
  void issueWhenManyThreadsIssueTheSameNameAtOnceThenExactlyOneSucceeds() throws Exception {
    int threads = 8;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<String>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String name = i % 2 == 0 ? "Release" : "release";
        Actor actor = i % 2 == 0 ? OWNER : ADMIN;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    return f.orgToken(actor, name).id();
                  } catch (DuplicateTokenNameException e) {
                    return "duplicate";
                  }
                }));
      }
      List<String> outcomes = new ArrayList<>();
      for (java.util.concurrent.Future<String> result : results) {
        outcomes.add(result.get(30, java.util.concurrent.TimeUnit.SECONDS));
      }

      assertThat(outcomes).filteredOn("duplicate"::equals).hasSize(threads - 1);
      assertThat(f.visibleIds(OWNER, TokenFilter.all())).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void issueWhenSameNameInAnotherOrganizationThenAllowed() {
    f.orgToken(OWNER, "CI");

    assertThat(f.orgToken(OUTSIDER, "CI").organizationId()).isEqualTo("globex");
  }

  @Test
  void issueWhenNameFreedByRevokeThenReusable() {
    ApiToken first = f.orgToken(OWNER, "CI");
    tokenry.revoke(OWNER, first.id());

    ApiToken second = f.orgToken(OWNER, "ci");

    assertThat(second.id()).isNotEqualTo(first.id());
  }

  @Test
  void updateWhenRenamedToATakenNameThenDuplicateAndUnchanged() {
    f.orgToken(OWNER, "prod");
    ApiToken staging = f.orgToken(OWNER, "staging");

    assertThatThrownBy(
            () -> tokenry.update(OWNER, staging.id(), TokenUpdate.builder().name("PROD").build()))
        .isInstanceOf(DuplicateTokenNameException.class);
    assertThat(tokenry.get(OWNER, staging.id()).name()).isEqualTo("staging");
  }

  @Test
  void updateWhenRenamedToItsOwnNameInAnotherCaseThenAllowed() {
    ApiToken token = f.orgToken(OWNER, "deploy");

    assertThat(
            tokenry.update(OWNER, token.id(), TokenUpdate.builder().name("Deploy").build()).name())
        .isEqualTo("Deploy");
  }

  // --- update each field ------------------------------------------------------------------------

  @Test
  void updateWhenNameChangedThenOnlyTheNameChangesAndTheSecretStillWorks() {
    IssuedToken issued = f.issue(OWNER, request("CI").description("builds").project("royalties"));
    f.clock.advance(Duration.ofHours(5));

    ApiToken updated =
        tokenry.update(ADMIN, issued.token().id(), TokenUpdate.builder().name("CI (old)").build());

    ApiToken before = issued.token();
    assertThat(updated)
        .isEqualTo(
            new ApiToken(
                before.id(),
                before.prefix(),
                "CI (old)",
                before.description(),
                before.kind(),
                before.scope(),
                before.owner(),
                before.type(),
                before.permissions(),
                before.createdAt(),
                before.createdBy(),
                before.expiresAt(),
                before.lastUsedAt(),
                2));
    assertThat(tokenry.get(OWNER, before.id())).isEqualTo(updated);
    assertThat(tokenry.verify(issued.plaintext())).isPresent();
    assertThat(f.listener.events).contains("updated " + before.id() + " by adam");
  }

  @Test
  void updateWhenDescriptionSetOrClearedThenChanged() {
    ApiToken token = f.orgToken(OWNER, "CI");

    assertThat(
            tokenry
                .update(OWNER, token.id(), TokenUpdate.builder().description(" nightly ").build())
                .description())
        .isEqualTo("nightly");
    assertThat(
            tokenry
                .update(OWNER, token.id(), TokenUpdate.builder().description("").build())
                .description())
        .isEmpty();
  }

  @Test
  void updateWhenTypeChangedThenPermissionsFollowThePreset() {
    IssuedToken issued = f.issue(OWNER, request("CI"));

    ApiToken full =
        tokenry.update(
            OWNER, issued.token().id(), TokenUpdate.builder().type(TokenType.FULL_ACCESS).build());

    assertThat(full.type()).isEqualTo(TokenType.FULL_ACCESS);
    assertThat(full.permissions()).isEqualTo(PermissionSet.ALL);
    assertThat(tokenry.verify(issued.plaintext()).orElseThrow().allows("contracts:write")).isTrue();
  }

  @Test
  void updateWhenTypeCustomWithPermissionsThenExactlyThose() {
    IssuedToken issued = f.issue(OWNER, request("CI").type(TokenType.FULL_ACCESS));

    ApiToken custom =
        tokenry.update(
            OWNER,
            issued.token().id(),
            TokenUpdate.builder()
                .type(TokenType.CUSTOM)
                .permissions(List.of("royalties:read"))
                .build());

    assertThat(custom.type()).isEqualTo(TokenType.CUSTOM);
    assertThat(custom.permissions().values()).containsExactly("royalties:read");
    assertThat(tokenry.verify(issued.plaintext()).orElseThrow().allows("contracts:read"))
        .as("narrowed at once")
        .isFalse();
  }

  @Test
  void updateWhenOnlyPermissionsOfACustomTokenChangeThenTypeStaysCustom() {
    ApiToken token = f.issue(OWNER, request("CI").custom("contracts:read")).token();

    ApiToken updated =
        tokenry.update(
            OWNER,
            token.id(),
            TokenUpdate.builder()
                .permissions(List.of("contracts:read", "contracts:write"))
                .build());

    assertThat(updated.type()).isEqualTo(TokenType.CUSTOM);
    assertThat(updated.permissions().values()).containsExactly("contracts:read", "contracts:write");
  }

  @Test
  void updateWhenExpiryPresetGivenThenCountedFromTheEditNotFromIssue() {
    IssuedToken issued = f.issue(OWNER, request("CI").expiresIn(ExpiryPreset.ONE_DAY));
    f.clock.advance(Duration.ofHours(20));
    Instant editedAt = now();

    ApiToken updated =
        tokenry.update(
            OWNER,
            issued.token().id(),
            TokenUpdate.builder().expiresIn(ExpiryPreset.ONE_DAY).build());

    Instant expiresAt = editedAt.plus(Duration.ofDays(1));
    assertThat(updated.expiresAt()).contains(expiresAt);
    f.clock.set(expiresAt.minusMillis(1));
    assertThat(tokenry.verify(issued.plaintext())).isPresent();
    f.clock.set(expiresAt);
    assertThat(tokenry.verify(issued.plaintext())).isEmpty();
    assertThat(f.listener.last()).isEqualTo("rejected EXPIRED " + issued.token().masked());
  }

  @Test
  void updateWhenExpirySetToNeverOrAnInstantThenChanged() {
    ApiToken token = f.orgToken(OWNER, "CI");
    Instant at = now().plus(Duration.ofDays(400));

    assertThat(
            tokenry
                .update(
                    OWNER, token.id(), TokenUpdate.builder().expiration(Expiration.never()).build())
                .expiresAt())
        .isEmpty();
    assertThat(
            tokenry
                .update(
                    OWNER, token.id(), TokenUpdate.builder().expiration(Expiration.at(at)).build())
                .expiresAt())
        .contains(at);
  }

  @Test
  void updateWhenExpiredTokenIsGivenANewExpiryThenItWorksAgain() {
    IssuedToken issued = f.issue(OWNER, request("CI").expiresIn(ExpiryPreset.ONE_DAY));
    f.clock.advance(Duration.ofDays(2));
    assertThat(tokenry.verify(issued.plaintext())).isEmpty();

    tokenry.update(
        OWNER,
        issued.token().id(),
        TokenUpdate.builder().expiresIn(ExpiryPreset.SEVEN_DAYS).build());

    assertThat(tokenry.verify(issued.plaintext())).isPresent();
  }

  @Test
  void updateWhenNothingGivenThenUnchangedAndNoEvent() {
    ApiToken token = f.orgToken(OWNER, "CI");
    int events = f.listener.events.size();

    assertThat(tokenry.update(OWNER, token.id(), TokenUpdate.builder().build())).isEqualTo(token);
    assertThat(store.peek(token.id()).version()).isEqualTo(1);
    assertThat(f.listener.events).hasSize(events);
  }

  // --- concurrent edits -------------------------------------------------------------------------

  @Test
  void updateWhenAnotherProcessEditsMeanwhileThenRetriedAndBothChangesKept() {
    ApiToken token = f.orgToken(OWNER, "CI");
    store.beforeNextUpdate(InterferingStore::competingEdit);
    store.beforeNextUpdate(InterferingStore::competingEdit);

    ApiToken updated =
        tokenry.update(OWNER, token.id(), TokenUpdate.builder().name("CI (old)").build());

    assertThat(updated.name()).isEqualTo("CI (old)");
    assertThat(updated.description()).isEqualTo("edited elsewhere");
    assertThat(store.peek(token.id()).version()).isEqualTo(4);
  }

  @Test
  void updateWhenEditsKeepConflictingThenTokenConflictAndTheChangeIsNotApplied() {
    ApiToken token = f.orgToken(OWNER, "CI");
    for (int i = 0; i < 3; i++) {
      store.beforeNextUpdate(InterferingStore::competingEdit);
    }

    assertThatThrownBy(
            () -> tokenry.update(OWNER, token.id(), TokenUpdate.builder().name("CI (old)").build()))
        .isInstanceOf(TokenConflictException.class)
        .hasMessage("Token " + token.id() + " was changed concurrently; read it again and retry.");
    assertThat(store.peek(token.id()).token().name()).isEqualTo("CI");
    assertThat(f.listener.events).noneMatch(event -> event.startsWith("updated"));
  }

  @Test
  void updateWhenTokenIsRevokedWhileTheEditRetriesThenNotFound() {
    ApiToken token = f.orgToken(OWNER, "CI");
    store.beforeNextUpdate(
        (s, id) -> {
          InterferingStore.competingEdit(s, id);
          store.beforeNextFind((s2, id2) -> s2.delete(id2));
        });

    TokenNotFoundException e =
        catchThrowableOfType(
            () -> tokenry.update(OWNER, token.id(), TokenUpdate.builder().name("CI (old)").build()),
            TokenNotFoundException.class);

    assertThat(e.tokenIds()).containsExactly(token.id());
  }

  @Test
  void regenerateWhenAnotherProcessEditsMeanwhileThenRetriedAndNewSecretWorks() {
    IssuedToken issued = f.issue(OWNER, request("CI"));
    store.beforeNextUpdate(InterferingStore::competingEdit);

    IssuedToken regenerated = tokenry.regenerate(OWNER, issued.token().id());

    assertThat(regenerated.token().description()).isEqualTo("edited elsewhere");
    assertThat(tokenry.verify(regenerated.plaintext())).isPresent();
    assertThat(tokenry.verify(issued.plaintext())).isEmpty();
  }

  @Test
  void revokeWhenAnotherProcessDeletedItMeanwhileThenNotFoundAndNoEvent() {
    ApiToken token = f.orgToken(OWNER, "CI");
    store.afterNextFind((s, id) -> s.delete(id));

    TokenNotFoundException e =
        catchThrowableOfType(() -> tokenry.revoke(OWNER, token.id()), TokenNotFoundException.class);

    assertThat(e.tokenIds()).containsExactly(token.id());
    assertThat(f.listener.events).noneMatch(event -> event.startsWith("revoked"));
  }

  // --- regenerate and revoke --------------------------------------------------------------------

  @Test
  void regenerateWhenDoneThenKeepsIdMetadataAndExpiryAndOnlyTheNewSecretWorks() {
    IssuedToken issued =
        f.issue(
            OWNER,
            request("CI")
                .description("builds")
                .expiresIn(ExpiryPreset.SEVEN_DAYS)
                .custom("contracts:read"));
    f.clock.advance(Duration.ofDays(3));

    IssuedToken regenerated = tokenry.regenerate(ADMIN, issued.token().id());

    assertThat(regenerated.token())
        .as("same metadata; the new secret raises the version; the old one ends now")
        .isEqualTo(
            issued
                .token()
                .withVersion(2)
                .withPreviousSecretValidUntil(Optional.of(f.clock.instant())));
    assertThat(regenerated.token().expiresAt())
        .as("regenerate keeps the expiry")
        .isEqualTo(issued.token().expiresAt());
    assertThat(regenerated.plaintext())
        .startsWith("tkr_" + issued.token().id() + "_")
        .isNotEqualTo(issued.plaintext());
    assertThat(tokenry.verify(issued.plaintext())).isEmpty();
    assertThat(f.listener.last()).isEqualTo("supersededSecretUsed " + issued.token().id());
    assertThat(tokenry.verify(regenerated.plaintext())).isPresent();
    assertThat(f.listener.events).contains("regenerated " + issued.token().id() + " by adam");
  }

  @Test
  void revokeWhenDoneThenRejectedAtOnceAndGoneFromGetAndList() {
    IssuedToken issued = f.issue(OWNER, request("CI"));
    assertThat(tokenry.verify(issued.plaintext())).isPresent();

    tokenry.revoke(ADMIN, issued.token().id());

    assertThat(tokenry.verify(issued.plaintext())).isEmpty();
    assertThat(f.listener.last()).isEqualTo("rejected UNKNOWN " + issued.token().masked());
    assertThatThrownBy(() -> tokenry.get(OWNER, issued.token().id()))
        .isInstanceOf(TokenNotFoundException.class);
    assertThat(f.visibleIds(OWNER, TokenFilter.all())).isEmpty();
    assertThat(f.listener.events).contains("revoked " + issued.token().id() + " by adam");
  }

  @Test
  void revokeAllWhenDoneThenEveryTokenRejectedAtOnce() {
    IssuedToken one = f.issue(OWNER, request("one"));
    IssuedToken two = f.issue(OWNER, request("two"));

    tokenry.revokeAll(OWNER, List.of(one.token().id(), two.token().id()));

    assertThat(tokenry.verify(one.plaintext())).isEmpty();
    assertThat(tokenry.verify(two.plaintext())).isEmpty();
  }

  // --- list -------------------------------------------------------------------------------------

  @Test
  void listWhenTokensIssuedOverTimeThenNewestFirst() {
    ApiToken first = f.orgToken(OWNER, "first");
    f.clock.advance(Duration.ofSeconds(1));
    ApiToken second = f.personalToken(OWNER, "second");
    f.clock.advance(Duration.ofMillis(1));
    ApiToken third = f.orgToken(ADMIN, "third");

    assertThat(f.visibleIds(OWNER, TokenFilter.all()))
        .containsExactly(third.id(), second.id(), first.id());
  }

  @Test
  void listWhenTokensShareTheirCreationInstantThenOrderedByIdDescending() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(f.orgToken(OWNER, "same instant " + i).id());
    }
    ids.sort(java.util.Comparator.reverseOrder());

    assertThat(f.visibleIds(OWNER, TokenFilter.all())).containsExactlyElementsOf(ids);
  }

  @Test
  void listWhenFilteredByKindProjectAndNameThenOnlyMatchingTokens() {
    ApiToken orgWide = f.orgToken(OWNER, "CI deploy");
    ApiToken royalties = f.issue(OWNER, request("Royalties DEPLOY").project("royalties")).token();
    ApiToken contracts = f.issue(OWNER, request("contracts read").project("contracts")).token();
    ApiToken mineInRoyalties = f.issue(OWNER, personal("my deploy").project("royalties")).token();

    assertThat(f.visibleIds(OWNER, TokenFilter.builder().projectId("royalties").build()))
        .containsExactlyInAnyOrder(royalties.id(), mineInRoyalties.id());
    assertThat(f.visibleIds(OWNER, TokenFilter.builder().nameContains("Deploy").build()))
        .containsExactlyInAnyOrder(orgWide.id(), royalties.id(), mineInRoyalties.id());
    assertThat(
            f.visibleIds(
                OWNER,
                TokenFilter.builder()
                    .kind(TokenKind.ORGANIZATION)
                    .projectId("royalties")
                    .nameContains(" deploy ")
                    .build()))
        .containsExactly(royalties.id());
    assertThat(
            f.visibleIds(
                OWNER,
                TokenFilter.builder().kind(TokenKind.PERSONAL).nameContains("deploy").build()))
        .containsExactly(mineInRoyalties.id());
    assertThat(f.visibleIds(OWNER, TokenFilter.builder().nameContains("  ").build()))
        .hasSize(4)
        .contains(contracts.id());
    assertThat(f.visibleIds(OWNER, TokenFilter.builder().projectId("nope").build())).isEmpty();
  }

  @Test
  void listWhenNameFilterHasLikeWildcardsThenTakenLiterally() {
    ApiToken percent = f.orgToken(OWNER, "50% canary");
    f.orgToken(OWNER, "500 canary");
    ApiToken underscore = f.orgToken(OWNER, "ci_deploy");
    f.orgToken(OWNER, "ci-deploy");

    assertThat(f.visibleIds(OWNER, TokenFilter.builder().nameContains("0%").build()))
        .containsExactly(percent.id());
    assertThat(f.visibleIds(OWNER, TokenFilter.builder().nameContains("i_d").build()))
        .containsExactly(underscore.id());
  }

  @Test
  void listWhenMoreTokensThanTheLimitThenPagedByCursorWithoutGapsOrRepeats() {
    for (int i = 0; i < 25; i++) {
      f.orgToken(OWNER, "token " + i);
      f.clock.advance(Duration.ofMillis(i % 3));
    }
    List<String> all = f.visibleIds(OWNER, TokenFilter.builder().limit(100).build());

    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    do {
      TokenFilter.Builder filter = TokenFilter.builder().limit(10);
      cursor.ifPresent(filter::cursor);
      TokenPage page = tokenry.list(OWNER, filter.build());
      page.tokens().forEach(token -> seen.add(token.id()));
      sizes.add(page.tokens().size());
      cursor = page.nextCursor();
    } while (cursor.isPresent());

    assertThat(sizes).containsExactly(10, 10, 5);
    assertThat(seen).containsExactlyElementsOf(all);
    assertThat(new HashSet<>(seen)).hasSize(25);
  }

  @Test
  void listWhenExactlyALimitOfTokensThenNoNextCursor() {
    for (int i = 0; i < TokenFilter.DEFAULT_LIMIT; i++) {
      f.orgToken(OWNER, "token " + i);
    }

    TokenPage page = tokenry.list(OWNER, TokenFilter.all());

    assertThat(page.tokens()).hasSize(TokenFilter.DEFAULT_LIMIT);
    assertThat(page.nextCursor()).isEmpty();
    f.orgToken(OWNER, "one more");
    assertThat(tokenry.list(OWNER, TokenFilter.all()).nextCursor()).isPresent();
  }

  @Test
  void listWhenTokensAreIssuedAndRevokedBetweenPagesThenTheNextPageStaysConsistent() {
    List<ApiToken> tokens = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      tokens.add(f.orgToken(OWNER, "token " + i));
      f.clock.advance(Duration.ofSeconds(1));
    }
    TokenPage first = tokenry.list(OWNER, TokenFilter.builder().limit(3).build());
    f.orgToken(OWNER, "newer than all");
    tokenry.revoke(OWNER, first.tokens().get(0).id());

    TokenPage second =
        tokenry.list(
            OWNER, TokenFilter.builder().limit(3).cursor(first.nextCursor().orElseThrow()).build());

    assertThat(second.tokens())
        .extracting(ApiToken::name)
        .containsExactly("token 2", "token 1", "token 0");
    assertThat(second.nextCursor()).isEmpty();
  }

  // --- expiry -----------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(ExpiryPreset.class)
  void issueWhenPresetChosenThenExpiresExactlyThatManyDaysLaterAndPreviewAgrees(
      ExpiryPreset preset) {
    Optional<Instant> preview = tokenry.previewExpiry(preset);

    ApiToken token = f.issue(OWNER, request("CI").expiresIn(preset)).token();

    Optional<Instant> expected =
        switch (preset) {
          case ONE_DAY -> Optional.of(Instant.parse("2026-11-24T10:00:00Z"));
          case SEVEN_DAYS -> Optional.of(Instant.parse("2026-11-30T10:00:00Z"));
          case THIRTY_DAYS -> Optional.of(Instant.parse("2026-12-23T10:00:00Z"));
          case SIXTY_DAYS -> Optional.of(Instant.parse("2027-01-22T10:00:00Z"));
          case NINETY_DAYS -> Optional.of(Instant.parse("2027-02-21T10:00:00Z"));
          case NEVER -> Optional.empty();
        };
    assertThat(token.createdAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
    assertThat(token.expiresAt()).isEqualTo(expected);
    assertThat(preview).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(value = ExpiryPreset.class, names = "NEVER", mode = EnumSource.Mode.EXCLUDE)
  void verifyWhenPresetExpiryReachedThenRejectedAndOneMillisecondBeforeValid(ExpiryPreset preset) {
    IssuedToken issued = f.issue(OWNER, request("CI").expiresIn(preset));
    Instant expiresAt = issued.token().expiresAt().orElseThrow();

    f.clock.set(expiresAt.minusMillis(1));
    assertThat(tokenry.verify(issued.plaintext())).isPresent();
    f.clock.set(expiresAt);
    assertThat(tokenry.verify(issued.plaintext())).isEmpty();
    assertThat(f.listener.last()).isEqualTo("rejected EXPIRED " + issued.token().masked());
  }

  @Test
  void verifyWhenExplicitExpiryReachedThenRejectedAndOneMillisecondBeforeValid() {
    Instant at = Instant.parse("2027-03-01T00:00:00.250Z");
    IssuedToken issued = f.issue(OWNER, request("CI").expiration(Expiration.at(at)));

    f.clock.set(at.minusMillis(1));
    assertThat(tokenry.verify(issued.plaintext())).isPresent();
    f.clock.set(at);
    assertThat(tokenry.verify(issued.plaintext())).isEmpty();
  }

  @Test
  void issueWhenClockHasNanosecondsThenInstantsAreTruncatedToMilliseconds() {
    f.clock.set(Instant.parse("2026-11-23T10:00:00.123456789Z"));

    ApiToken token = f.issue(OWNER, request("CI").expiresIn(ExpiryPreset.ONE_DAY)).token();

    assertThat(token.createdAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00.123Z"));
    assertThat(token.expiresAt()).contains(Instant.parse("2026-11-24T10:00:00.123Z"));
    assertThat(tokenry.previewExpiry(ExpiryPreset.ONE_DAY))
        .contains(Instant.parse("2026-11-24T10:00:00.123Z"));
  }

  @Test
  void issueWhenExplicitExpiryHasNanosecondsThenKeptToTheMillisecond() {
    ApiToken token =
        f.issue(
                OWNER,
                request("CI")
                    .expiration(Expiration.at(Instant.parse("2027-01-01T00:00:00.987654321Z"))))
            .token();

    assertThat(token.expiresAt()).contains(Instant.parse("2027-01-01T00:00:00.987Z"));
  }

  // --- personal tokens follow their owner -------------------------------------------------------

  @Test
  void verifyWhenOwnerIsForgottenAndKnownAgainThenRejectedThenAcceptedAgain() {
    IssuedToken issued = f.issue(MEMBER, personal("mine"));

    f.forget(MEMBER);
    assertThat(tokenry.verify(issued.plaintext())).isEmpty();
    assertThat(f.listener.last()).isEqualTo("rejected OWNER_UNKNOWN " + issued.token().masked());

    f.grant(MEMBER, "contracts:read");
    assertThat(tokenry.verify(issued.plaintext()).orElseThrow().permissions().values())
        .containsExactly("contracts:read");
  }

  @Test
  void verifyWhenCreatorOfAnOrganizationTokenLosesRightsThenTheTokenIsUnaffected() {
    IssuedToken issued = f.issue(ADMIN, request("CI").type(TokenType.FULL_ACCESS));

    f.forget(ADMIN);

    assertThat(tokenry.verify(issued.plaintext()).orElseThrow().permissions())
        .isEqualTo(PermissionSet.ALL);
  }

  @Test
  void verifyWhenOwnerGainsRightsLaterThenThePersonalTokenStillGrantsNoMoreThanItHolds() {
    IssuedToken issued = f.issue(MEMBER, personal("mine").custom("contracts:read"));

    f.grant(MEMBER, "*");

    assertThat(tokenry.verify(issued.plaintext()).orElseThrow().permissions().values())
        .containsExactly("contracts:read");
  }
}
