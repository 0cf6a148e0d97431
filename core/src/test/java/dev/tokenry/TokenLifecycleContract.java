package dev.tokenry;

import static dev.tokenry.ManagementFixture.ADMIN;
import static dev.tokenry.ManagementFixture.OWNER;
import static dev.tokenry.ManagementFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenry.spi.TokenStore;
import dev.tokenry.testing.RecordingListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The token lifecycle over the Java API with a clock moved by hand: rotation with a grace period
 * and superseded-secret reuse, expiry notices (exactly once, also with two instances racing on one
 * store), the last-used address, organization policies and inactivity. Core runs it over its
 * in-memory test store; the JDBC module runs it on H2 and PostgreSQL, with the second instance on
 * its own store object over the same database.
 */
public abstract class TokenLifecycleContract {

  private final List<ManagementFixture> fixtures = new ArrayList<>();
  private final AtomicReference<TokenPolicy> policy =
      new AtomicReference<>(TokenPolicy.UNRESTRICTED);

  /**
   * Creates the store of one test.
   *
   * @return a store
   * @throws Exception if it cannot be made
   */
  protected abstract TokenStore createStore() throws Exception;

  /**
   * Returns a second store over the same data, as a second process would have; by default the same
   * object.
   *
   * @param store the test's store
   * @return a store sharing its data
   * @throws Exception if it cannot be made
   */
  protected TokenStore sameData(TokenStore store) throws Exception {
    return store;
  }

  @AfterEach
  final void closeFixtures() {
    fixtures.forEach(ManagementFixture::close);
  }

  private ManagementFixture fixture(UnaryOperator<Tokenry.Builder> extra) throws Exception {
    ManagementFixture f =
        ManagementFixture.over(
            createStore(), builder -> extra.apply(builder.policies(org -> policy.get())));
    fixtures.add(f);
    return f;
  }

  private ManagementFixture fixture() throws Exception {
    return fixture(builder -> builder);
  }

  // ------------------------------------------------------------------ rotation with a grace period

  @Test
  void regenerateWhenGracePeriodGivenThenOldSecretWorksUntilItEndsThenIsRejectedAndReported()
      throws Exception {
    ManagementFixture f = fixture();
    IssuedToken issued = f.issue(OWNER, request("CI"));
    String id = issued.token().id();
    Instant start = f.clock.instant();

    IssuedToken rotated = f.tokenry.regenerate(OWNER, id, Duration.ofHours(1));

    assertThat(rotated.token().previousSecretValidUntil()).contains(start.plusSeconds(3600));
    assertThat(f.tokenry.get(OWNER, id).previousSecretValidUntil())
        .contains(start.plusSeconds(3600));
    assertThat(f.tokenry.verify(issued.plaintext())).isPresent();
    assertThat(f.tokenry.verify(rotated.plaintext())).isPresent();
    f.clock.advance(Duration.ofHours(1).minusMillis(1));
    assertThat(f.tokenry.verify(issued.plaintext())).as("last millisecond of grace").isPresent();
    f.clock.advance(Duration.ofMillis(1));
    f.listener.events.clear();

    assertThat(f.tokenry.verify(issued.plaintext())).isEmpty();
    assertThat(f.listener.events)
        .containsExactly(
            "rejected SUPERSEDED_SECRET " + issued.token().masked(), "supersededSecretUsed " + id);
    assertThat(f.tokenry.verify(rotated.plaintext())).isPresent();
    assertThat(f.tokenry.get(OWNER, id).id()).as("only reported by default").isEqualTo(id);
  }

  @Test
  void regenerateWhenGracePeriodNegativeOrOverTheMaximumThenRefusedOnGracePeriod()
      throws Exception {
    ManagementFixture f = fixture(builder -> builder.maxGracePeriod(Duration.ofDays(2)));
    String id = f.orgToken(OWNER, "CI").id();

    assertThatThrownBy(() -> f.tokenry.regenerate(OWNER, id, Duration.ofDays(2).plusMillis(1)))
        .isInstanceOfSatisfying(
            InvalidTokenRequestException.class,
            e -> assertThat(e.errors()).containsOnlyKeys("gracePeriod"));
    assertThatThrownBy(() -> f.tokenry.regenerate(OWNER, id, Duration.ofSeconds(-1)))
        .isInstanceOfSatisfying(
            InvalidTokenRequestException.class,
            e -> assertThat(e.errors()).containsOnlyKeys("gracePeriod"));
    assertThat(f.tokenry.get(OWNER, id).version()).as("nothing changed").isEqualTo(1);
    assertThat(f.tokenry.regenerate(OWNER, id, Duration.ofDays(2)).token().version()).isEqualTo(2);
  }

  @Test
  void revokeWhenInGracePeriodThenBothSecretsStopAtOnce() throws Exception {
    ManagementFixture f = fixture();
    IssuedToken issued = f.issue(OWNER, request("CI"));
    IssuedToken rotated = f.tokenry.regenerate(OWNER, issued.token().id(), Duration.ofDays(1));

    f.tokenry.revoke(ADMIN, issued.token().id());

    assertThat(f.tokenry.verify(issued.plaintext())).isEmpty();
    assertThat(f.tokenry.verify(rotated.plaintext())).isEmpty();
  }

  @Test
  void regenerateWhenRegeneratedAgainThenTheFirstSecretIsNoLongerAccepted() throws Exception {
    ManagementFixture f = fixture();
    IssuedToken first = f.issue(OWNER, request("CI"));
    IssuedToken second = f.tokenry.regenerate(OWNER, first.token().id(), Duration.ofDays(1));

    IssuedToken third = f.tokenry.regenerate(OWNER, first.token().id(), Duration.ofDays(1));

    assertThat(f.tokenry.verify(first.plaintext())).isEmpty();
    assertThat(f.listener.last()).isEqualTo("rejected BAD_SECRET " + first.token().masked());
    assertThat(f.tokenry.verify(second.plaintext())).as("the replaced one has grace").isPresent();
    assertThat(f.tokenry.verify(third.plaintext())).isPresent();
  }

  @Test
  void verifyWhenSupersededSecretUsedAndPolicyRevokesThenTokenDeletedWithItsCause()
      throws Exception {
    policy.set(TokenPolicy.builder().revokeOnSupersededSecretUse(true).build());
    ManagementFixture f = fixture();
    IssuedToken issued = f.issue(OWNER, request("CI"));
    IssuedToken rotated = f.tokenry.regenerate(OWNER, issued.token().id(), Duration.ofMinutes(5));
    f.clock.advance(Duration.ofMinutes(6));

    assertThat(f.tokenry.verify(issued.plaintext())).isEmpty();

    assertThat(f.listener.events)
        .endsWith(
            "supersededSecretUsed " + issued.token().id(),
            "revokedAutomatically " + issued.token().id() + " SUPERSEDED_SECRET_USED");
    assertThat(f.tokenry.verify(rotated.plaintext())).as("the whole token is gone").isEmpty();
    assertThatThrownBy(() -> f.tokenry.get(OWNER, issued.token().id()))
        .isInstanceOf(TokenNotFoundException.class);
  }

  // ------------------------------------------------------------------ expiry notices

  @Test
  void sendExpiryNoticesWhenClockPassesEachThresholdThenEachNoticeOnceAndExpiredOnce()
      throws Exception {
    ManagementFixture f = fixture();
    String id = f.issue(OWNER, request("CI").expiresIn(ExpiryPreset.NINETY_DAYS)).token().id();
    f.listener.events.clear();

    assertThat(f.tokenry.sendExpiryNotices()).isZero();
    f.clock.advance(Duration.ofDays(60));
    assertThat(f.tokenry.sendExpiryNotices()).isEqualTo(1);
    assertThat(f.tokenry.sendExpiryNotices()).isZero();
    f.clock.advance(Duration.ofDays(10));
    assertThat(f.tokenry.sendExpiryNotices()).as("20 days left: nothing new").isZero();
    f.clock.advance(Duration.ofDays(13).plusHours(1));
    assertThat(f.tokenry.sendExpiryNotices()).isEqualTo(1);
    f.clock.advance(Duration.ofDays(6));
    assertThat(f.tokenry.sendExpiryNotices()).isEqualTo(1);
    f.clock.advance(Duration.ofHours(23));
    assertThat(f.tokenry.sendExpiryNotices()).isEqualTo(1);
    f.clock.advance(Duration.ofDays(1));
    assertThat(f.tokenry.sendExpiryNotices()).isZero();

    assertThat(f.listener.events)
        .containsExactly(
            "expiringSoon " + id + " PT720H PT720H",
            "expiringSoon " + id + " PT168H PT167H",
            "expiringSoon " + id + " PT24H PT23H",
            "expired " + id);
  }

  @Test
  void sendExpiryNoticesWhenTokenIssuedInsideAThresholdThenThatNoticeIsSkipped() throws Exception {
    ManagementFixture f = fixture();
    String id = f.issue(OWNER, request("CI").expiresIn(ExpiryPreset.SEVEN_DAYS)).token().id();
    f.listener.events.clear();

    assertThat(f.tokenry.sendExpiryNotices()).as("issued with exactly 7 days").isZero();
    f.clock.advance(Duration.ofDays(6));
    assertThat(f.tokenry.sendExpiryNotices()).isEqualTo(1);

    assertThat(f.listener.events).containsExactly("expiringSoon " + id + " PT24H PT24H");
  }

  @Test
  void sendExpiryNoticesWhenExpiryMovedThenNoticesComeAgainForTheNewExpiry() throws Exception {
    ManagementFixture f = fixture();
    String id = f.issue(OWNER, request("CI").expiresIn(ExpiryPreset.THIRTY_DAYS)).token().id();
    f.clock.advance(Duration.ofDays(29));
    assertThat(f.tokenry.sendExpiryNotices()).isEqualTo(1);

    f.tokenry.update(OWNER, id, TokenUpdate.builder().expiresIn(ExpiryPreset.SEVEN_DAYS).build());
    f.clock.advance(Duration.ofDays(6));

    assertThat(f.tokenry.sendExpiryNotices()).isEqualTo(1);
    assertThat(f.listener.last()).isEqualTo("expiringSoon " + id + " PT24H PT24H");
  }

  @Test
  void sendExpiryNoticesWhenExpiredLongerAgoThanTheLookbackThenNoExpiredNotice() throws Exception {
    ManagementFixture f = fixture();
    f.issue(OWNER, request("CI").expiresIn(ExpiryPreset.ONE_DAY));
    f.clock.advance(Duration.ofDays(1).plus(LifecycleSweeps.EXPIRED_LOOKBACK).plusMillis(1));

    assertThat(f.tokenry.sendExpiryNotices()).isZero();
  }

  @Test
  @Timeout(120)
  void sendExpiryNoticesWhenTwoInstancesRaceThenEveryNoticeIsSentExactlyOnce() throws Exception {
    ManagementFixture a = fixture();
    ManagementFixture b = a.sibling(sameData(a.store), builder -> builder);
    fixtures.add(b);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ids.add(a.issue(OWNER, request("CI " + i).expiresIn(ExpiryPreset.NINETY_DAYS)).token().id());
    }
    a.listener.events.clear();

    for (Duration step : List.of(Duration.ofDays(61), Duration.ofDays(30))) {
      a.clock.advance(step);
      int sent = race(a.tokenry::sendExpiryNotices, b.tokenry::sendExpiryNotices);

      assertThat(sent).isEqualTo(ids.size());
      List<String> all = new ArrayList<>(a.listener.events);
      all.addAll(b.listener.events);
      assertThat(all).hasSize(ids.size());
      assertThat(all.stream().map(line -> line.split(" ")[1]).toList())
          .containsExactlyInAnyOrderElementsOf(ids);
      a.listener.events.clear();
      b.listener.events.clear();
    }
  }

  private static int race(Callable<Integer> first, Callable<Integer> second) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> runs = new ArrayList<>();
      for (Callable<Integer> run : List.of(first, second, first, second)) {
        runs.add(
            pool.submit(
                () -> {
                  start.await();
                  return run.call();
                }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> run : runs) {
        total += run.get(60, TimeUnit.SECONDS);
      }
      return total;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @Timeout(60)
  void expiryNoticeScheduleWhenOnThenNoticesGoOutWithoutTheHostAndStopOnClose() throws Exception {
    ManagementFixture f = fixture();
    String id = f.issue(OWNER, request("CI").expiresIn(ExpiryPreset.NINETY_DAYS)).token().id();
    f.clock.advance(Duration.ofDays(60));
    RecordingListener scheduled = new RecordingListener();
    Tokenry withSchedule =
        Tokenry.builder()
            .store(sameData(f.store))
            .clock(f.clock)
            .eventListener(scheduled)
            .expiryNoticeSchedule(Duration.ofMillis(50))
            .build();
    try {
      while (scheduled.events.isEmpty()) {
        Thread.sleep(20);
      }
    } finally {
      withSchedule.close();
    }

    assertThat(scheduled.events).containsExactly("expiringSoon " + id + " PT720H PT720H");
    // close() waits for the executor to terminate; its worker thread exits just after that.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (noticeThreadAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(noticeThreadAlive()).isFalse();
  }

  private static boolean noticeThreadAlive() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals("tokenry-expiry-notices") && t.isAlive());
  }

  // ------------------------------------------------------------------ last-used address

  @Test
  void verifyWhenClientAddressGivenThenRecordedWithTheLastUseInTheSameWrite() throws Exception {
    ManagementFixture f = fixture();
    IssuedToken issued = f.issue(OWNER, request("CI"));
    f.clock.advance(Duration.ofMinutes(1));

    f.tokenry.verify(issued.plaintext(), "203.0.113.5");
    f.tokenry.flushLastUsed();

    ApiToken token = f.tokenry.get(OWNER, issued.token().id());
    assertThat(token.lastUsedAt()).contains(f.clock.instant());
    assertThat(token.lastUsedFrom()).contains("203.0.113.5");
    f.clock.advance(Duration.ofMinutes(1));
    f.tokenry.verify(issued.plaintext(), "2001:db8::7");
    f.tokenry.verify("not a token", "198.51.100.1");
    f.tokenry.flushLastUsed();
    assertThat(f.tokenry.get(OWNER, issued.token().id()).lastUsedFrom()).contains("2001:db8::7");
    f.clock.advance(Duration.ofMinutes(1));
    f.tokenry.verify(issued.plaintext(), "forged\r\nline " + "x".repeat(80));
    f.tokenry.flushLastUsed();
    assertThat(f.tokenry.get(OWNER, issued.token().id()).lastUsedFrom())
        .as("an address that is not one is not kept")
        .isEmpty();
  }

  // ------------------------------------------------------------------ organization policy

  @Test
  void issueWhenOutsideThePolicyThenRefusedOnExpiresInAndReported() throws Exception {
    policy.set(TokenPolicy.builder().maxLifetime(Duration.ofDays(30)).build());
    ManagementFixture f = fixture();

    for (TokenRequest.Builder request :
        List.of(
            request("ninety").expiresIn(ExpiryPreset.NINETY_DAYS),
            request("never").expiresIn(ExpiryPreset.NEVER),
            request("date")
                .expiration(Expiration.at(f.clock.instant().plus(Duration.ofDays(31)))))) {
      assertThatThrownBy(() -> f.issue(OWNER, request))
          .isInstanceOfSatisfying(
              InvalidTokenRequestException.class,
              e -> assertThat(e.errors()).containsOnlyKeys("expiresIn"));
    }

    assertThat(f.listener.events)
        .hasSize(3)
        .allSatisfy(line -> assertThat(line).startsWith("refusedByPolicy (new) by olivia"));
    assertThat(f.issue(OWNER, request("thirty").expiresIn(ExpiryPreset.THIRTY_DAYS)).token())
        .isNotNull();
    assertThat(
            f.issue(
                    OWNER,
                    request("date")
                        .expiration(Expiration.at(f.clock.instant().plus(Duration.ofDays(30)))))
                .token())
        .isNotNull();
  }

  @Test
  void policyWhenTightenedThenEarlierTokensKeepTheirExpiryAndWorkUntilANewExpiryIsSet()
      throws Exception {
    ManagementFixture f = fixture();
    IssuedToken forever = f.issue(OWNER, request("forever").expiresIn(ExpiryPreset.NEVER));
    policy.set(TokenPolicy.builder().maxLifetime(Duration.ofDays(7)).build());

    assertThat(f.tokenry.verify(forever.plaintext())).isPresent();
    ApiToken renamed =
        f.tokenry.update(
            OWNER, forever.token().id(), TokenUpdate.builder().name("still forever").build());
    assertThat(renamed.expiresAt()).as("an edit that leaves the expiry keeps it").isEmpty();
    assertThatThrownBy(
            () ->
                f.tokenry.update(
                    OWNER,
                    forever.token().id(),
                    TokenUpdate.builder().expiresIn(ExpiryPreset.THIRTY_DAYS).build()))
        .isInstanceOfSatisfying(
            InvalidTokenRequestException.class,
            e -> assertThat(e.errors()).containsOnlyKeys("expiresIn"));
    assertThat(f.listener.last()).startsWith("refusedByPolicy " + forever.token().id());
    assertThat(
            f.tokenry
                .update(
                    OWNER,
                    forever.token().id(),
                    TokenUpdate.builder().expiresIn(ExpiryPreset.SEVEN_DAYS).build())
                .expiresAt())
        .contains(f.clock.instant().plus(Duration.ofDays(7)));
  }

  @Test
  void previewExpiryWhenPolicyDoesNotOfferThePresetThenRefusedOnExpiresIn() throws Exception {
    policy.set(
        TokenPolicy.builder()
            .neverExpires(false)
            .presets(java.util.EnumSet.of(ExpiryPreset.SEVEN_DAYS, ExpiryPreset.THIRTY_DAYS))
            .build());
    ManagementFixture f = fixture();

    assertThat(f.tokenry.policy(OWNER).presets())
        .containsExactly(ExpiryPreset.SEVEN_DAYS, ExpiryPreset.THIRTY_DAYS);
    assertThat(f.tokenry.previewExpiry(OWNER, ExpiryPreset.SEVEN_DAYS))
        .contains(f.clock.instant().plus(Duration.ofDays(7)));
    for (ExpiryPreset refused : List.of(ExpiryPreset.NEVER, ExpiryPreset.NINETY_DAYS)) {
      assertThatThrownBy(() -> f.tokenry.previewExpiry(OWNER, refused))
          .isInstanceOfSatisfying(
              InvalidTokenRequestException.class,
              e -> assertThat(e.errors()).containsOnlyKeys("expiresIn"));
    }
    assertThatThrownBy(() -> f.issue(OWNER, request("one").expiresIn(ExpiryPreset.ONE_DAY)))
        .as("a preset the policy does not offer")
        .isInstanceOf(InvalidTokenRequestException.class);
  }

  // ------------------------------------------------------------------ inactivity

  @Test
  void verifyWhenUnusedLongerThanTheMaximumIdleTimeThenRejectedAndTheSweepRevokesIt()
      throws Exception {
    ManagementFixture f =
        fixture(
            builder ->
                builder.maxIdle(Duration.ofDays(30)).lastUsedFlushInterval(Duration.ofSeconds(30)));
    IssuedToken used = f.issue(OWNER, request("used").expiresIn(ExpiryPreset.NEVER));
    IssuedToken unused = f.issue(OWNER, request("unused").expiresIn(ExpiryPreset.NEVER));
    f.clock.advance(Duration.ofDays(20));
    assertThat(f.tokenry.verify(used.plaintext())).isPresent();
    f.tokenry.flushLastUsed();
    f.clock.advance(Duration.ofDays(10));
    f.listener.events.clear();

    assertThat(f.tokenry.verify(unused.plaintext())).isEmpty();
    assertThat(f.listener.events).containsExactly("rejected INACTIVE " + unused.token().masked());
    assertThat(f.tokenry.verify(used.plaintext())).isPresent();
    f.tokenry.flushLastUsed();
    f.clock.advance(Duration.ofMinutes(1));

    assertThat(f.tokenry.revokeInactive()).isEqualTo(1);
    assertThat(f.listener.last())
        .isEqualTo("revokedAutomatically " + unused.token().id() + " INACTIVE");
    assertThatThrownBy(() -> f.tokenry.get(OWNER, unused.token().id()))
        .isInstanceOf(TokenNotFoundException.class);
    assertThat(f.tokenry.get(OWNER, used.token().id()).id()).isEqualTo(used.token().id());
    assertThat(f.tokenry.revokeInactive()).isZero();
  }

  @Test
  void revokeInactiveWhenNoMaximumIdleTimeThenRefusedAsAConfigurationError() throws Exception {
    ManagementFixture f = fixture();

    assertThatThrownBy(f.tokenry::revokeInactive)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("maxIdle");
    assertThat(Optional.of(f)).isPresent();
  }
}
