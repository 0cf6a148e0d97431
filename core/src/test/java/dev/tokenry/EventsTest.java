package dev.tokenry;

import static dev.tokenry.ManagementFixture.MEMBER;
import static dev.tokenry.ManagementFixture.OWNER;
import static dev.tokenry.ManagementFixture.personal;
import static dev.tokenry.ManagementFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenry.spi.TokenEventListener;
import dev.tokenry.testing.CapturedLogs;
import dev.tokenry.testing.InterferingStore;
import dev.tokenry.testing.MutableClock;
import dev.tokenry.testing.RecordingListener;
import dev.tokenry.testing.SimpleTokenStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the host hears: one event per issue, verification, rejection (with its reason), regenerate,
 * edit and revoke; a listener that throws never fails the operation; the default listener logs
 * masked tokens only.
 */
class EventsTest {

  private final ManagementFixture f = ManagementFixture.withCatalogue();
  private final Tokenry tokenry = f.tokenry;

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void lifecycleWhenEveryOperationRunsThenOneEventEachInOrderWithReasons() {
    IssuedToken issued = f.issue(OWNER, request("CI").expiresIn(ExpiryPreset.ONE_DAY));
    IssuedToken mine = f.issue(MEMBER, personal("mine"));
    String id = issued.token().id();
    String masked = issued.token().masked();

    tokenry.verify(issued.plaintext());
    tokenry.verify("not a token");
    tokenry.verify(
        new TokenFormat("tkr").format("0123456789abcdef", "0123456789abcdef0123456789abcdef"));
    IssuedToken regenerated = tokenry.regenerate(OWNER, id);
    tokenry.verify(issued.plaintext());
    tokenry.update(OWNER, id, TokenUpdate.builder().name("CI (old)").build());
    f.forget(MEMBER);
    tokenry.verify(mine.plaintext());
    f.clock.advance(Duration.ofDays(1));
    tokenry.verify(regenerated.plaintext());
    tokenry.revoke(OWNER, id);

    assertThat(f.listener.events)
        .containsExactly(
            "issued " + id + " by olivia",
            "issued " + mine.token().id() + " by mia",
            "verified " + id,
            "rejected MALFORMED (malformed)",
            "rejected UNKNOWN tkr_0123456789abcdef_…",
            "regenerated " + id + " by olivia",
            "rejected SUPERSEDED_SECRET " + masked,
            "supersededSecretUsed " + id,
            "updated " + id + " by olivia",
            "rejected OWNER_UNKNOWN " + mine.token().masked(),
            "rejected EXPIRED " + masked,
            "revoked " + id + " by olivia");
  }

  @Test
  void eventsWhenManagementIsRefusedThenNoneFire() {
    ApiToken token = f.orgToken(OWNER, "CI");
    f.listener.events.clear();

    assertThatThrownBy(() -> tokenry.revoke(MEMBER, token.id()))
        .isInstanceOf(TokenAccessDeniedException.class);
    assertThatThrownBy(() -> tokenry.regenerate(MEMBER, token.id()))
        .isInstanceOf(TokenAccessDeniedException.class);
    assertThatThrownBy(() -> f.orgToken(OWNER, "ci"))
        .isInstanceOf(DuplicateTokenNameException.class);

    assertThat(f.listener.events).isEmpty();
  }

  @Test
  void listenerWhenItThrowsOnEveryEventThenOperationsSucceedAndEachFailureIsLogged() {
    TokenEventListener broken =
        new TokenEventListener() {
          @Override
          public void issued(ApiToken token, Actor actor) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void verified(TokenPrincipal principal) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void rejected(RejectionReason reason, String maskedToken) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void regenerated(ApiToken token, Actor actor) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void updated(ApiToken token, Actor actor) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void revoked(ApiToken token, Actor actor) {
            throw new IllegalStateException("listener bug");
          }
        };
    try (CapturedLogs logs = new CapturedLogs();
        Tokenry noisy =
            Tokenry.builder().store(new SimpleTokenStore()).eventListener(broken).build()) {
      Actor system = Actor.system("acme");
      IssuedToken issued = noisy.issue(system, request("CI").build());
      assertThat(noisy.verify(issued.plaintext())).isPresent();
      assertThat(noisy.verify("garbage")).isEmpty();
      IssuedToken regenerated = noisy.regenerate(system, issued.token().id());
      noisy.update(system, issued.token().id(), TokenUpdate.builder().name("x").build());
      noisy.revoke(system, issued.token().id());
      assertThat(noisy.verify(regenerated.plaintext())).isEmpty();

      for (String event :
          List.of("issued", "verified", "rejected", "regenerated", "updated", "revoked")) {
        assertThat(logs.lines())
            .anySatisfy(
                line ->
                    assertThat(line)
                        .startsWith("WARN")
                        .contains(
                            "Token event listener failed on '" + event + "'", "listener bug"));
      }
    }
  }

  @Test
  void listenerWhenItImplementsNothingThenTheDefaultsIgnoreEveryEvent() {
    try (Tokenry quiet =
        Tokenry.builder()
            .store(new SimpleTokenStore())
            .eventListener(new TokenEventListener() {})
            .build()) {
      Actor system = Actor.system("acme");
      IssuedToken issued = quiet.issue(system, request("CI").build());
      assertThat(quiet.verify(issued.plaintext())).isPresent();
      assertThat(quiet.verify("garbage")).isEmpty();
      quiet.regenerate(system, issued.token().id());
      quiet.update(system, issued.token().id(), TokenUpdate.builder().name("x").build());
      quiet.revoke(system, issued.token().id());
      assertThat(quiet.list(system, TokenFilter.all()).tokens()).isEmpty();
    }
  }

  @Test
  void defaultListenerWhenEventsHappenThenLogsOneLineEachWithTheMaskedTokenOnly() {
    try (CapturedLogs logs = new CapturedLogs();
        Tokenry logging =
            Tokenry.builder()
                .store(new SimpleTokenStore())
                .clock(MutableClock.startingNow())
                .build()) {
      Actor system = Actor.system("acme");
      IssuedToken issued = logging.issue(system, request("CI").build());
      String masked = issued.token().masked();
      logging.verify(issued.plaintext());
      logging.verify("garbage");
      logging.regenerate(system, issued.token().id());
      logging.update(system, issued.token().id(), TokenUpdate.builder().name("CD").build());
      logging.revoke(system, issued.token().id());

      List<String> events =
          logs.lines().stream()
              .filter(line -> line.contains(" dev.tokenry.events "))
              .map(line -> line.substring(0, line.indexOf(" | ")))
              .toList();
      assertThat(events)
          .containsExactly(
              "INFO dev.tokenry.events Token issued: " + masked + " 'CI' (organization) by system",
              "DEBUG dev.tokenry.events Token verified: " + masked,
              "DEBUG dev.tokenry.events Token rejected: (malformed) (MALFORMED)",
              "INFO dev.tokenry.events Token regenerated: " + masked + " 'CI' by system",
              "INFO dev.tokenry.events Token updated: " + masked + " 'CD' by system",
              "INFO dev.tokenry.events Token revoked: " + masked + " 'CD' by system");
    }
  }

  @Test
  void verifyWhenTheHashUpgradeMeetsAConcurrentEditThenVerificationSucceedsAndTheNextOneUpgrades() {
    InterferingStore store = new InterferingStore();
    MutableClock clock = MutableClock.startingNow();
    IssuedToken issued;
    try (Tokenry plain = Tokenry.builder().store(store).clock(clock).build()) {
      issued = plain.issue(Actor.system("acme"), request("CI").build());
    }
    try (CapturedLogs logs = new CapturedLogs();
        Tokenry peppered =
            Tokenry.builder()
                .store(store)
                .clock(clock)
                .hasher(TokenHashers.hmacSha256(HmacKey.of("k1", new byte[32])))
                .userPermissions((org, user) -> Optional.empty())
                .build()) {
      store.beforeNextUpdate(InterferingStore::competingEdit);

      assertThat(peppered.verify(issued.plaintext())).isPresent();
      assertThat(store.peek(issued.token().id()).secretHash()).startsWith("$sha256$");
      assertThat(logs.lines())
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains(
                          "Could not upgrade the hash of token "
                              + issued.token().masked()
                              + " now"));

      assertThat(peppered.verify(issued.plaintext())).isPresent();
      assertThat(store.peek(issued.token().id()).secretHash()).startsWith("$hmac-sha256$");
    }
  }

  @Test
  void verifyWhenTheStoreIsDownThenListenersHearUnavailableAndEveryVerificationIsTimed() {
    InterferingStore store = new InterferingStore();
    List<String> heard = new CopyOnWriteArrayList<>();
    TokenEventListener outcomes =
        new TokenEventListener() {
          @Override
          public void verified(TokenPrincipal principal) {
            heard.add("verified");
          }

          @Override
          public void rejected(RejectionReason reason, String maskedToken) {
            heard.add("rejected " + reason);
          }

          @Override
          public void verificationUnavailable(TokenStoreUnavailableException cause) {
            heard.add("unavailable " + cause.getMessage());
          }

          @Override
          public void verificationCompleted(long elapsedNanos) {
            heard.add(elapsedNanos >= 0 ? "timed" : "negative time");
          }
        };
    try (Tokenry metered = Tokenry.builder().store(store).addEventListener(outcomes).build()) {
      IssuedToken issued = metered.issue(Actor.system("acme"), request("CI").build());
      metered.verify(issued.plaintext());
      metered.verify("garbage");
      store.beforeNextFind(
          (s, id) -> {
            throw new TokenStoreUnavailableException("database down");
          });
      assertThatThrownBy(() -> metered.verify(issued.plaintext()))
          .isInstanceOf(TokenStoreUnavailableException.class);

      assertThat(heard)
          .containsExactly(
              "verified",
              "timed",
              "rejected MALFORMED",
              "timed",
              "unavailable database down",
              "timed");
      assertThat(metered.pendingLastUsedCount()).isEqualTo(1);
      metered.flushLastUsed();
      assertThat(metered.pendingLastUsedCount()).isZero();
    }
  }

  @Test
  void addEventListenerWhenOneThrowsThenTheDefaultLoggerAndTheOthersStillHearEveryEvent() {
    RecordingListener recording = new RecordingListener();
    TokenEventListener broken =
        new TokenEventListener() {
          @Override
          public void issued(ApiToken token, Actor actor) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void verificationUnavailable(TokenStoreUnavailableException cause) {
            throw new IllegalStateException("listener bug");
          }

          @Override
          public void verificationCompleted(long elapsedNanos) {
            throw new IllegalStateException("listener bug");
          }
        };
    InterferingStore store = new InterferingStore();
    try (CapturedLogs logs = new CapturedLogs();
        Tokenry tokenry =
            Tokenry.builder()
                .store(store)
                .addEventListener(broken)
                .addEventListener(recording)
                .build()) {
      Actor system = Actor.system("acme");
      IssuedToken issued = tokenry.issue(system, request("CI").build());
      tokenry.verify(issued.plaintext());
      tokenry.verify("garbage");
      IssuedToken regenerated = tokenry.regenerate(system, issued.token().id());
      tokenry.update(system, issued.token().id(), TokenUpdate.builder().name("x").build());
      store.beforeNextFind(
          (s, id) -> {
            throw new TokenStoreUnavailableException("database down");
          });
      assertThatThrownBy(() -> tokenry.verify(regenerated.plaintext()))
          .isInstanceOf(TokenStoreUnavailableException.class);
      tokenry.revoke(system, issued.token().id());

      String id = issued.token().id();
      assertThat(recording.events)
          .containsExactly(
              "issued " + id + " by system",
              "verified " + id,
              "rejected MALFORMED (malformed)",
              "regenerated " + id + " by system",
              "updated " + id + " by system",
              "revoked " + id + " by system");
      assertThat(logs.lines())
          .anySatisfy(line -> assertThat(line).contains("INFO dev.tokenry.events Token issued"))
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains("Token event listener failed on 'verificationUnavailable'"))
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains("Token event listener failed on 'verificationCompleted'"));
    }
  }

  @Test
  void recognizesWhenShapePrefixAndChecksumMatchThenTrueWithoutAskingTheStore() {
    IssuedToken issued = f.issue(OWNER, request("CI"));
    String plaintext = issued.plaintext();
    char last = plaintext.charAt(plaintext.length() - 1);
    String badChecksum = plaintext.substring(0, plaintext.length() - 1) + (last == 'a' ? 'b' : 'a');

    assertThat(tokenry.recognizes(plaintext)).isTrue();
    assertThat(tokenry.recognizes(badChecksum)).isFalse();
    assertThat(tokenry.recognizes("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")).isFalse();
    assertThat(tokenry.recognizes("other" + plaintext.substring(3))).isFalse();
    assertThat(tokenry.recognizes(null)).isFalse();
    assertThat(tokenry.recognizes("x".repeat(10_000))).isFalse();
    tokenry.revoke(OWNER, issued.token().id());
    assertThat(tokenry.recognizes(plaintext)).isTrue();
  }
}
