package dev.tokenry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenry.testing.MutableClock;
import dev.tokenry.testing.ObservedStore;
import dev.tokenry.testing.RecordingListener;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenryVerifyTest {

  private static final java.util.List<String> DEMO_PERMISSIONS =
      java.util.List.of("contracts:read", "contracts:write", "royalties:read", "royalties:write");

  private final MutableClock clock = MutableClock.startingNow();
  private final ObservedStore store = new ObservedStore();
  private final RecordingListener listener = new RecordingListener();
  private final Map<String, PermissionSet> directory =
      new ConcurrentHashMap<>(
          Map.of(
              "alice",
              PermissionSet.ALL,
              "carol",
              PermissionSet.of("contracts:read", "royalties:read")));
  private final Tokenry tokenry = newTokenry(TokenHashers.sha256());
  private final Actor alice = Actor.user("alice", "acme", Role.OWNER);
  private final Actor carol = Actor.user("carol", "acme", Role.MEMBER);

  private Tokenry newTokenry(dev.tokenry.spi.TokenHasher hasher) {
    return Tokenry.builder()
        .store(store)
        .clock(clock)
        .hasher(hasher)
        .eventListener(listener)
        .userPermissions(
            (org, user) ->
                "acme".equals(org) ? Optional.ofNullable(directory.get(user)) : Optional.empty())
        .knownPermissions(DEMO_PERMISSIONS)
        .lastUsedFlushInterval(Duration.ofHours(1))
        .build();
  }

  @AfterEach
  void close() {
    tokenry.close();
  }

  private IssuedToken issue(ExpiryPreset preset) {
    return tokenry.issue(
        alice,
        TokenRequest.builder()
            .name("CI " + System.nanoTime())
            .expiresIn(preset)
            .type(TokenType.READ_ONLY)
            .build());
  }

  @Test
  void verifyWhenValidThenReturnsPrincipalWithScopeAndPermissions() {
    IssuedToken issued =
        tokenry.issue(
            alice,
            TokenRequest.builder()
                .name("deploy")
                .project("royalties")
                .expiresIn(ExpiryPreset.SEVEN_DAYS)
                .custom("contracts:read")
                .build());

    TokenPrincipal principal = tokenry.verify(issued.plaintext()).orElseThrow();

    assertThat(principal.tokenId()).isEqualTo(issued.token().id()).isEqualTo(principal.getName());
    assertThat(principal.organizationId()).isEqualTo("acme");
    assertThat(principal.scope()).isEqualTo(TokenScope.project("acme", "royalties"));
    assertThat(principal.kind()).isEqualTo(TokenKind.ORGANIZATION);
    assertThat(principal.owner()).isEmpty();
    assertThat(principal.allows("contracts:read")).isTrue();
    assertThat(principal.allows("contracts:write")).isFalse();
    assertThat(principal.permissions().values()).containsExactly("contracts:read");
    assertThat(listener.last()).isEqualTo("verified " + issued.token().id());
  }

  @Test
  void verifyWhenClockHasNanosecondsThenInstantsAreTruncatedToTheMillisecondBelow() {
    clock.set(Instant.parse("2026-11-23T10:00:00.123999999Z"));
    IssuedToken issued = issue(ExpiryPreset.ONE_DAY);
    assertThat(issued.token().createdAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00.123Z"));
    Instant expiresAt = issued.token().expiresAt().orElseThrow();

    clock.set(expiresAt.minusNanos(1));
    assertThat(tokenry.verify(issued.plaintext())).isPresent();
    tokenry.flushLastUsed();
    assertThat(store.peek(issued.token().id()).token().lastUsedAt())
        .contains(expiresAt.minusMillis(1));
  }

  @Test
  void verifyWhenOneMillisecondBeforeExpiryThenValidAndAtExpiryThenRejected() {
    IssuedToken issued = issue(ExpiryPreset.ONE_DAY);
    Instant expiresAt = issued.token().expiresAt().orElseThrow();
    assertThat(expiresAt).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));

    clock.set(expiresAt.minusMillis(1));
    assertThat(tokenry.verify(issued.plaintext())).isPresent();

    clock.set(expiresAt);
    assertThat(tokenry.verify(issued.plaintext())).isEmpty();
    assertThat(listener.last()).isEqualTo("rejected EXPIRED " + issued.token().masked());

    clock.set(expiresAt.plusSeconds(3600));
    assertThat(tokenry.verify(issued.plaintext())).isEmpty();
  }

  @Test
  void verifyWhenNeverExpiresThenValidYearsLater() {
    IssuedToken issued = issue(ExpiryPreset.NEVER);

    clock.advance(Duration.ofDays(3650));

    assertThat(issued.token().expiresAt()).isEmpty();
    assertThat(tokenry.verify(issued.plaintext())).isPresent();
  }

  @Test
  void verifyWhenRevokedThenRejectedAtOnce() {
    IssuedToken issued = issue(ExpiryPreset.THIRTY_DAYS);
    assertThat(tokenry.verify(issued.plaintext())).isPresent();

    tokenry.revoke(alice, issued.token().id());

    assertThat(tokenry.verify(issued.plaintext())).isEmpty();
    assertThat(listener.last()).isEqualTo("rejected UNKNOWN " + issued.token().masked());
  }

  @Test
  void verifyWhenRegeneratedThenOldSecretRejectedAndNewAccepted() {
    IssuedToken issued = issue(ExpiryPreset.THIRTY_DAYS);

    IssuedToken regenerated = tokenry.regenerate(alice, issued.token().id());

    assertThat(regenerated.token().id()).isEqualTo(issued.token().id());
    assertThat(regenerated.plaintext()).isNotEqualTo(issued.plaintext());
    assertThat(tokenry.verify(issued.plaintext())).isEmpty();
    assertThat(listener.events)
        .as("the replaced secret is told apart from a random bad one, for the listener only")
        .endsWith(
            "rejected SUPERSEDED_SECRET " + issued.token().masked(),
            "supersededSecretUsed " + issued.token().id());
    assertThat(tokenry.verify(regenerated.plaintext())).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "tkr",
        "Bearer abc",
        "tkr_short_x",
        "tkr_0123456789abcdef_0123456789abcdef0123456789abcdef000000",
        "xyz_0123456789abcdef_0123456789abcdef0123456789abcdef000000"
      })
  void verifyWhenMalformedThenRejectedWithoutTouchingTheStore(String presented) {
    assertThat(tokenry.verify(presented)).isEmpty();

    assertThat(store.finds).hasValue(0);
    assertThat(listener.last()).isEqualTo("rejected MALFORMED (malformed)");
  }

  @Test
  void verifyWhenNullOrLongerThan512ThenRejectedUnread() {
    assertThat(tokenry.verify(null)).isEmpty();
    assertThat(tokenry.verify("t".repeat(513))).isEmpty();
    assertThat(tokenry.verify("t".repeat(10_000))).isEmpty();

    assertThat(store.finds).hasValue(0);
  }

  @Test
  void verifyWhenChecksumOrPrefixWrongThenRejectedWithoutTouchingTheStore() {
    String valid = issue(ExpiryPreset.ONE_DAY).plaintext();
    char last = valid.charAt(valid.length() - 1);
    String badChecksum = valid.substring(0, valid.length() - 1) + (last == 'a' ? 'b' : 'a');
    String otherPrefix =
        new TokenFormat("abc").format("0123456789abcdef", "0123456789abcdef0123456789abcdef");

    assertThat(tokenry.verify(badChecksum)).isEmpty();
    assertThat(tokenry.verify(otherPrefix)).isEmpty();
    assertThat(store.finds).hasValue(0);
  }

  @Test
  void verifyWhenIdUnknownThenRejectedAsUnknown() {
    TokenFormat format = new TokenFormat("tkr");
    SecureRandom random = new SecureRandom();
    String id = TokenFormat.newId(random);

    assertThat(tokenry.verify(format.format(id, TokenFormat.newSecret(random)))).isEmpty();

    assertThat(store.finds).hasValue(1);
    assertThat(listener.last()).isEqualTo("rejected UNKNOWN tkr_" + id + "_…");
  }

  @Test
  void verifyWhenPersonalTokenThenLimitedToWhatItsOwnerMayDoNow() {
    IssuedToken issued =
        tokenry.issue(
            carol,
            TokenRequest.builder()
                .name("mine")
                .kind(TokenKind.PERSONAL)
                .expiresIn(ExpiryPreset.NINETY_DAYS)
                .type(TokenType.READ_ONLY)
                .build());

    TokenPrincipal before = tokenry.verify(issued.plaintext()).orElseThrow();
    assertThat(before.owner()).contains("carol");
    assertThat(before.permissions().values()).containsExactly("contracts:read", "royalties:read");

    directory.put("carol", PermissionSet.of("contracts:read"));
    TokenPrincipal after = tokenry.verify(issued.plaintext()).orElseThrow();
    assertThat(after.allows("contracts:read")).isTrue();
    assertThat(after.allows("royalties:read")).isFalse();

    directory.put("carol", PermissionSet.NONE);
    assertThat(tokenry.verify(issued.plaintext()).orElseThrow().permissions().isEmpty()).isTrue();

    directory.remove("carol");
    assertThat(tokenry.verify(issued.plaintext())).isEmpty();
    assertThat(listener.last()).isEqualTo("rejected OWNER_UNKNOWN " + issued.token().masked());
  }

  @Test
  void verifyWhenNoResolverConfiguredThenPersonalTokensAreRejected() {
    IssuedToken issued =
        tokenry.issue(
            carol,
            TokenRequest.builder()
                .name("mine")
                .kind(TokenKind.PERSONAL)
                .expiresIn(ExpiryPreset.NINETY_DAYS)
                .type(TokenType.READ_ONLY)
                .build());
    try (Tokenry withoutResolver =
        Tokenry.builder()
            .store(store)
            .clock(clock)
            .knownPermissions(DEMO_PERMISSIONS)
            .eventListener(listener)
            .build()) {

      assertThat(withoutResolver.verify(issued.plaintext())).isEmpty();
      assertThat(listener.last()).startsWith("rejected OWNER_UNKNOWN");
      assertThatThrownBy(
              () ->
                  withoutResolver.issue(
                      carol,
                      TokenRequest.builder()
                          .name("x")
                          .kind(TokenKind.PERSONAL)
                          .expiresIn(ExpiryPreset.ONE_DAY)
                          .type(TokenType.READ_ONLY)
                          .build()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("userPermissions");
    }
  }

  @Test
  void verifyWhenStoreIsDownThenFailsClosedWithUnavailableNotARejection() {
    IssuedToken issued = issue(ExpiryPreset.THIRTY_DAYS);
    int eventsBefore = listener.events.size();
    store.down(true);

    assertThatThrownBy(() -> tokenry.verify(issued.plaintext()))
        .isInstanceOf(TokenStoreUnavailableException.class)
        .hasMessageNotContaining(issued.plaintext());
    assertThat(listener.events).hasSize(eventsBefore);

    store.down(false);
    assertThat(tokenry.verify(issued.plaintext())).isPresent();
  }

  @Test
  void verifyWhenOwnerDirectoryIsDownThenFailsClosed() {
    IssuedToken issued =
        tokenry.issue(
            carol,
            TokenRequest.builder()
                .name("mine")
                .kind(TokenKind.PERSONAL)
                .expiresIn(ExpiryPreset.NINETY_DAYS)
                .type(TokenType.READ_ONLY)
                .build());
    try (Tokenry failing =
        Tokenry.builder()
            .store(store)
            .clock(clock)
            .userPermissions(
                (o, u) -> {
                  throw new TokenStoreUnavailableException("directory down");
                })
            .build()) {
      assertThatThrownBy(() -> failing.verify(issued.plaintext()))
          .isInstanceOf(TokenStoreUnavailableException.class);
    }
  }

  @Test
  void verifyWhenUsedManyTimesThenOneLastUsedWritePerFlush() {
    IssuedToken first = issue(ExpiryPreset.THIRTY_DAYS);
    IssuedToken second = issue(ExpiryPreset.THIRTY_DAYS);
    for (int i = 0; i < 1000; i++) {
      clock.advance(Duration.ofMillis(1));
      assertThat(tokenry.verify(first.plaintext())).isPresent();
    }
    assertThat(tokenry.verify(second.plaintext())).isPresent();
    assertThat(store.peek(first.token().id()).token().lastUsedAt()).isEmpty();

    tokenry.flushLastUsed();

    assertThat(store.lastUsedBatches).hasValue(1);
    assertThat(store.lastUsedWrites).hasValue(2);
    assertThat(store.peek(first.token().id()).token().lastUsedAt()).contains(clock.instant());
    assertThat(tokenry.get(alice, first.token().id()).lastUsedAt()).contains(clock.instant());

    tokenry.flushLastUsed();
    assertThat(store.lastUsedBatches).as("nothing pending, nothing written").hasValue(1);
  }

  @Test
  void verifyWhenLastUsedWriteFailsThenVerificationStillSucceedsAndTheWriteIsRetried() {
    IssuedToken issued = issue(ExpiryPreset.THIRTY_DAYS);
    store.lastUsedDown(true);
    assertThat(tokenry.verify(issued.plaintext())).isPresent();

    assertThatThrownBy(tokenry::flushLastUsed).isInstanceOf(TokenStoreUnavailableException.class);
    assertThat(tokenry.verify(issued.plaintext())).isPresent();

    store.lastUsedDown(false);
    tokenry.flushLastUsed();
    assertThat(store.peek(issued.token().id()).token().lastUsedAt()).contains(clock.instant());
  }

  @Test
  void lastUsedWhenIntervalPassesThenFlushedInTheBackgroundAndOnClose() throws Exception {
    IssuedToken issued = issue(ExpiryPreset.THIRTY_DAYS);
    try (Tokenry fast =
        Tokenry.builder()
            .store(store)
            .clock(clock)
            .lastUsedFlushInterval(Duration.ofMillis(20))
            .build()) {
      assertThat(fast.verify(issued.plaintext())).isPresent();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (store.peek(issued.token().id()).token().lastUsedAt().isEmpty()
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(store.peek(issued.token().id()).token().lastUsedAt()).contains(clock.instant());
    }

    Tokenry slow =
        Tokenry.builder()
            .store(store)
            .clock(clock)
            .lastUsedFlushInterval(Duration.ofHours(1))
            .build();
    clock.advance(Duration.ofMinutes(5));
    assertThat(slow.verify(issued.plaintext())).isPresent();
    slow.close();
    assertThat(store.peek(issued.token().id()).token().lastUsedAt()).contains(clock.instant());
  }

  @Test
  void verifyWhenConfiguredHasherChangedThenHashIsUpgradedOnSuccess() {
    IssuedToken issued = issue(ExpiryPreset.THIRTY_DAYS);
    assertThat(store.peek(issued.token().id()).secretHash()).startsWith("$sha256$");
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);

    try (Tokenry peppered = newTokenry(TokenHashers.hmacSha256(HmacKey.of("k1", key)))) {
      assertThat(peppered.verify(issued.plaintext())).isPresent();
      assertThat(store.peek(issued.token().id()).secretHash()).startsWith("$hmac-sha256$k=k1$");
      assertThat(store.peek(issued.token().id()).version()).isEqualTo(2);

      assertThat(peppered.verify(issued.plaintext())).isPresent();
      assertThat(store.peek(issued.token().id()).version()).as("no second upgrade").isEqualTo(2);
    }
  }

  @Test
  void verifyWhenBadSecretThenHashIsNotUpgraded() {
    IssuedToken issued = issue(ExpiryPreset.THIRTY_DAYS);
    IssuedToken regenerated = tokenry.regenerate(alice, issued.token().id());
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);

    try (Tokenry peppered = newTokenry(TokenHashers.hmacSha256(HmacKey.of("k1", key)))) {
      assertThat(peppered.verify(issued.plaintext())).isEmpty();
      assertThat(store.peek(issued.token().id()).secretHash()).startsWith("$sha256$");
      assertThat(peppered.verify(regenerated.plaintext())).isPresent();
    }
  }

  @Test
  void verifyWhenStoredHashIsOfAnUnacceptedKindThenRejected() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    IssuedToken issued;
    try (Tokenry peppered = newTokenry(TokenHashers.hmacSha256(HmacKey.of("k1", key)))) {
      issued =
          peppered.issue(
              alice,
              TokenRequest.builder()
                  .name("peppered")
                  .expiresIn(ExpiryPreset.ONE_DAY)
                  .type(TokenType.READ_ONLY)
                  .build());
    }

    assertThat(tokenry.verify(issued.plaintext())).isEmpty();
    assertThat(listener.last()).startsWith("rejected BAD_SECRET");
  }

  @Test
  void verifyWhenArgon2ConfiguredThenVerifiesAndMigratesOtherHashes() {
    IssuedToken shaToken = issue(ExpiryPreset.THIRTY_DAYS);
    dev.tokenry.spi.TokenHasher argon2 =
        TokenHashers.argon2idBuilder().memoryKiB(1024).iterations(1).build();
    try (Tokenry hardened = newTokenry(argon2)) {
      IssuedToken argonToken =
          hardened.issue(
              alice,
              TokenRequest.builder()
                  .name("argon")
                  .expiresIn(ExpiryPreset.ONE_DAY)
                  .type(TokenType.READ_ONLY)
                  .build());
      assertThat(store.peek(argonToken.token().id()).secretHash()).startsWith("$argon2id$");
      assertThat(hardened.verify(argonToken.plaintext())).isPresent();
      assertThat(hardened.verify(argonToken.plaintext())).isPresent();

      assertThat(hardened.verify(shaToken.plaintext())).isPresent();
      assertThat(store.peek(shaToken.token().id()).secretHash()).startsWith("$argon2id$");
    }
    try (Tokenry back =
        Tokenry.builder().store(store).clock(clock).acceptHashesOf(argon2).build()) {
      assertThat(back.verify(shaToken.plaintext())).isPresent();
      assertThat(store.peek(shaToken.token().id()).secretHash()).startsWith("$sha256$");
    }
  }

  @Test
  void verifyWhenListenerThrowsThenVerificationIsUnaffected() {
    IssuedToken issued = issue(ExpiryPreset.THIRTY_DAYS);
    try (Tokenry noisy =
        Tokenry.builder()
            .store(store)
            .clock(clock)
            .eventListener(
                new dev.tokenry.spi.TokenEventListener() {
                  @Override
                  public void verified(TokenPrincipal principal) {
                    throw new IllegalStateException("listener bug");
                  }

                  @Override
                  public void rejected(RejectionReason reason, String maskedToken) {
                    throw new IllegalStateException("listener bug");
                  }
                })
            .build()) {
      assertThat(noisy.verify(issued.plaintext())).isPresent();
      assertThat(noisy.verify("garbage")).isEmpty();
    }
  }

  @Test
  void verifyWhenManyThreadsVerifyAndRevokeThenNoStaleAcceptanceAfterRevoke() throws Exception {
    IssuedToken issued = issue(ExpiryPreset.THIRTY_DAYS);
    Thread[] threads = new Thread[4];
    java.util.concurrent.atomic.AtomicBoolean revoked =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicInteger acceptedAfterRevoke =
        new java.util.concurrent.atomic.AtomicInteger();
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          new Thread(
              () -> {
                for (int i = 0; i < 2000; i++) {
                  boolean revokedBefore = revoked.get();
                  if (tokenry.verify(issued.plaintext()).isPresent() && revokedBefore) {
                    acceptedAfterRevoke.incrementAndGet();
                  }
                }
              });
      threads[t].start();
    }
    Thread.sleep(5);
    tokenry.revoke(alice, issued.token().id());
    revoked.set(true);
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(acceptedAfterRevoke).hasValue(0);
  }
}
