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

import dev.tokenry.spi.AuditAction;
import dev.tokenry.spi.AuditLog;
import dev.tokenry.spi.AuditQuery;
import dev.tokenry.spi.AuditRecord;
import dev.tokenry.spi.AuditRecordPage;
import dev.tokenry.testing.CapturedLogs;
import dev.tokenry.testing.SimpleTokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the audit trail records for each management action, who may read it, and retention. */
class AuditTrailTest {

  private final ManagementFixture f = ManagementFixture.withCatalogue();
  private final Tokenry tokenry = f.tokenry;
  private final AuditOrigin origin = AuditOrigin.of("203.0.113.7", "curl/8.5");

  @AfterEach
  void close() {
    f.close();
  }

  private List<String> actions() {
    List<String> lines = new ArrayList<>();
    for (AuditRecord r : f.audit.all()) {
      lines.add(
          r.action().wireName()
              + " "
              + r.tokenId().orElse("-")
              + " by "
              + r.actorUserId()
              + (r.fields().isEmpty() ? "" : " " + r.fields()));
    }
    return lines;
  }

  @Test
  void lifecycleWhenNoticeSentPolicyRefusedOrIdleSweptThenEachIsRecorded() {
    try (ManagementFixture g =
        ManagementFixture.over(
            new SimpleTokenStore(),
            b ->
                b.maxIdle(Duration.ofDays(30))
                    .policies(
                        org -> TokenPolicy.builder().maxLifetime(Duration.ofDays(90)).build()))) {
      IssuedToken soon = g.issue(OWNER, request("soon").expiresIn(ExpiryPreset.THIRTY_DAYS));
      IssuedToken idle = g.issue(OWNER, request("idle").expiresIn(ExpiryPreset.SIXTY_DAYS));
      assertThatThrownBy(() -> g.issue(OWNER, request("forever").expiresIn(ExpiryPreset.NEVER)))
          .isInstanceOf(InvalidTokenRequestException.class);
      g.clock.advance(Duration.ofDays(24));
      assertThat(g.tokenry.sendExpiryNotices()).isEqualTo(1);
      g.clock.advance(Duration.ofDays(7));
      assertThat(g.tokenry.revokeInactive()).isPositive();

      List<AuditRecord> records = g.audit.all();
      assertThat(records)
          .filteredOn(r -> r.action() == AuditAction.REFUSED_POLICY)
          .singleElement()
          .satisfies(r -> assertThat(r.actorUserId()).isEqualTo(OWNER.userId()));
      assertThat(records)
          .filteredOn(r -> r.action() == AuditAction.EXPIRY_NOTICE_SENT)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.tokenId()).contains(soon.token().id());
                assertThat(r.actorUserId()).isEqualTo(Actor.SYSTEM_USER_ID);
                assertThat(r.reason())
                    .hasValueSatisfying(v -> assertThat(v).isEqualTo("expires within 7 days"));
              });
      assertThat(records)
          .filteredOn(
              r ->
                  r.action() == AuditAction.REVOKED && r.actorUserId().equals(Actor.SYSTEM_USER_ID))
          .allSatisfy(r -> assertThat(r.reason()).contains("automatically: INACTIVE"))
          .extracting(r -> r.tokenId().orElseThrow())
          .contains(idle.token().id());
    }
  }

  @Test
  void everyManagementActionWhenDoneThenOneRecordEach() {
    Actor owner = OWNER.from(origin);
    IssuedToken a = f.issue(owner, request("a"));
    IssuedToken b = f.issue(owner, request("b"));
    IssuedToken c = f.issue(owner, request("c"));
    tokenry.update(
        owner,
        a.token().id(),
        TokenUpdate.builder().name("a2").expiresIn(ExpiryPreset.SEVEN_DAYS).build());
    tokenry.regenerate(owner, a.token().id());
    tokenry.revoke(owner, a.token().id());
    tokenry.revokeAll(owner, List.of(b.token().id()));
    tokenry.revokeLeaked(c.plaintext(), "github:content", Optional.of("https://x/y"));

    assertThat(actions())
        .containsExactly(
            "issued " + a.token().id() + " by olivia",
            "issued " + b.token().id() + " by olivia",
            "issued " + c.token().id() + " by olivia",
            "edited " + a.token().id() + " by olivia [expiresAt, name]",
            "regenerated " + a.token().id() + " by olivia",
            "revoked " + a.token().id() + " by olivia",
            "bulk_revoked " + b.token().id() + " by olivia",
            "leak_revoked " + c.token().id() + " by system");
    AuditRecord first = f.audit.all().get(0);
    assertThat(first.origin()).isEqualTo(origin);
    assertThat(first.maskedToken()).contains(a.token().masked());
    assertThat(first.organizationId()).isEqualTo("acme");
    assertThat(first.at())
        .isEqualTo(f.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    AuditRecord leak = f.audit.all().get(7);
    assertThat(leak.source()).contains("github:content");
    assertThat(leak.url()).contains("https://x/y");
  }

  @Test
  void refusalWhenActorLacksRoleOrPermissionsThenRecordedAndStillThrown() {
    IssuedToken org = f.issue(OWNER, request("org"));

    assertThatThrownBy(() -> f.issue(MEMBER.from(origin), request("nope")))
        .isInstanceOf(TokenAccessDeniedException.class);
    assertThatThrownBy(() -> tokenry.revoke(MEMBER, org.token().id()))
        .isInstanceOf(TokenAccessDeniedException.class);

    List<AuditRecord> records = f.audit.all();
    assertThat(records).hasSize(3);
    assertThat(records.get(1).action()).isEqualTo(AuditAction.REFUSED_PERMISSION);
    assertThat(records.get(1).actorUserId()).isEqualTo("mia");
    assertThat(records.get(1).tokenId()).isEmpty();
    assertThat(records.get(1).reason()).isPresent();
    assertThat(records.get(1).origin()).isEqualTo(origin);
    assertThat(records.get(2).tokenId()).contains(org.token().id());
    assertThat(records.get(2).maskedToken()).contains(org.token().masked());
  }

  @Test
  void recordsWhenAnyActionThenNeverHoldPlaintextOrHash() {
    IssuedToken issued = f.issue(OWNER, request("secret-free"));
    IssuedToken regenerated = tokenry.regenerate(OWNER, issued.token().id());
    String hash = ((SimpleTokenStore) f.store).find(issued.token().id()).orElseThrow().secretHash();

    for (AuditRecord record : f.audit.all()) {
      String text = record.toString();
      assertThat(text)
          .doesNotContain(issued.plaintext())
          .doesNotContain(regenerated.plaintext())
          .doesNotContain(TestTokens.secretOf(regenerated.plaintext()))
          .doesNotContain(hash);
    }
  }

  @Test
  void auditWhenOwnerOrMemberThenEachSeesWhatTheyMay() {
    IssuedToken org = f.issue(ADMIN, request("org"));
    IssuedToken mine = f.issue(MEMBER, personal("mine"));
    f.issue(MEMBER2, personal("theirs"));
    f.issue(OUTSIDER, request("elsewhere"));

    AuditPage ownerView = tokenry.audit(OWNER, AuditFilter.builder().build());
    AuditPage memberView = tokenry.audit(MEMBER, AuditFilter.builder().build());

    assertThat(ownerView.records()).hasSize(3).allMatch(r -> r.organizationId().equals("acme"));
    assertThat(memberView.records())
        .singleElement()
        .satisfies(r -> assertThat(r.tokenId()).contains(mine.token().id()));
    assertThat(
            tokenry.audit(OWNER, AuditFilter.builder().tokenId(org.token().id()).build()).records())
        .singleElement()
        .satisfies(r -> assertThat(r.actorUserId()).isEqualTo("adam"));
    assertThat(tokenry.audit(OWNER, AuditFilter.builder().actorUserId("mia").build()).records())
        .hasSize(1);
    assertThat(
            tokenry
                .audit(OWNER, AuditFilter.builder().action(AuditAction.REVOKED).build())
                .records())
        .isEmpty();
  }

  @Test
  void auditWhenPagedThenCursorLeadsToTheRestAndForgedOrForeignCursorsAreRefused() {
    for (int i = 0; i < 5; i++) {
      f.issue(OWNER, request("t" + i));
    }
    AuditPage first = tokenry.audit(OWNER, AuditFilter.builder().limit(3).build());
    assertThat(first.records()).hasSize(3);
    String cursor = first.nextCursor().orElseThrow();
    AuditPage second = tokenry.audit(OWNER, AuditFilter.builder().limit(3).cursor(cursor).build());
    assertThat(second.records()).hasSize(2);
    assertThat(second.nextCursor()).isEmpty();

    assertThatThrownBy(
            () ->
                tokenry.audit(
                    OWNER, AuditFilter.builder().cursor(cursor.substring(1) + "A").build()))
        .isInstanceOfSatisfying(
            InvalidTokenRequestException.class,
            e -> assertThat(e.errors()).containsOnlyKeys("cursor"));
    assertThatThrownBy(
            () ->
                tokenry.audit(
                    OWNER,
                    AuditFilter.builder().limit(3).actorUserId("olivia").cursor(cursor).build()))
        .isInstanceOf(InvalidTokenRequestException.class);
    assertThatThrownBy(
            () -> tokenry.audit(MEMBER, AuditFilter.builder().limit(3).cursor(cursor).build()))
        .isInstanceOf(InvalidTokenRequestException.class);
  }

  @Test
  void auditWhenFiltersMalformedThenFieldsNamed() {
    Instant now = f.clock.instant();
    assertThatThrownBy(
            () ->
                tokenry.audit(
                    OWNER,
                    AuditFilter.builder()
                        .tokenId("nope")
                        .actorUserId(" ")
                        .from(now)
                        .until(now)
                        .build()))
        .isInstanceOfSatisfying(
            InvalidTokenRequestException.class,
            e -> assertThat(e.errors()).containsOnlyKeys("tokenId", "actor", "until"));
  }

  @Test
  void deleteAuditRecordsOlderThanWhenCalledThenOldOnesGo() {
    f.issue(OWNER, request("old"));
    f.clock.advance(Duration.ofDays(40));
    f.issue(OWNER, request("new"));

    assertThat(tokenry.deleteAuditRecordsOlderThan(Duration.ofDays(30))).isEqualTo(1);
    assertThat(f.audit.all()).hasSize(1);
    assertThatThrownBy(() -> tokenry.deleteAuditRecordsOlderThan(Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void appendWhenLogFailsThenActionStillSucceedsAndLossLogged() {
    AuditLog broken =
        new AuditLog() {
          @Override
          public void append(AuditRecord record) {
            throw new TokenStoreUnavailableException("test: audit log down");
          }

          @Override
          public AuditRecordPage list(AuditQuery query) {
            return new AuditRecordPage(List.of(), Optional.empty());
          }

          @Override
          public int deleteOlderThan(Instant cutoff) {
            return 0;
          }
        };
    try (Tokenry withBroken =
            Tokenry.builder().store(new SimpleTokenStore()).auditLog(broken).build();
        CapturedLogs logs = new CapturedLogs()) {
      IssuedToken issued =
          withBroken.issue(
              Actor.system("acme"),
              TokenRequest.builder()
                  .name("CI")
                  .expiresIn(ExpiryPreset.NEVER)
                  .type(TokenType.READ_ONLY)
                  .build());
      assertThat(withBroken.verify(issued.plaintext())).isPresent();
      assertThat(logs.lines())
          .anyMatch(l -> l.startsWith("ERROR") && l.contains("Audit record lost"));
      assertThat(String.join("\n", logs.lines())).doesNotContain(issued.plaintext());
    }
  }

  @Test
  void auditWhenNoLogConfiguredThenEmpty() {
    try (Tokenry plain = Tokenry.builder().store(new SimpleTokenStore()).build()) {
      assertThat(plain.audit(Actor.system("acme"), AuditFilter.builder().build()).records())
          .isEmpty();
      assertThat(plain.deleteAuditRecordsOlderThan(Duration.ofDays(1))).isZero();
    }
  }

  @Test
  void originWhenValuesLongOrEmptyThenCutOrAbsent() {
    AuditOrigin cut = AuditOrigin.of("x".repeat(100), "");
    assertThat(cut.clientAddress()).hasValueSatisfying(a -> assertThat(a).hasSize(64));
    assertThat(cut.userAgent()).isEmpty();
    assertThat(AuditOrigin.of(null, "u".repeat(300)).userAgent().orElseThrow()).hasSize(256);
    assertThat(OWNER.from(cut).origin()).isEqualTo(cut);
    assertThat(OWNER.origin()).isEqualTo(AuditOrigin.UNKNOWN);
    assertThat(Set.of(AuditAction.values()))
        .allSatisfy(a -> assertThat(AuditAction.fromWireName(a.wireName())).isEqualTo(a));
  }
}
