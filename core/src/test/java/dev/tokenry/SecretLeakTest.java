package dev.tokenry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tokenry.spi.StoredToken;
import dev.tokenry.testing.CapturedLogs;
import dev.tokenry.testing.MutableClock;
import dev.tokenry.testing.ObservedStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Runs a full issue / verify / reject / regenerate / update / revoke cycle with every logger at
 * TRACE, including failures, and proves that no plaintext token, no secret part and no stored hash
 * appears in any log line, exception message or toString().
 */
class SecretLeakTest {

  private final MutableClock clock = MutableClock.startingNow();
  private final ObservedStore store = new ObservedStore();
  private final Actor alice = Actor.user("alice", "acme", Role.OWNER);

  @Test
  void fullCycleWhenEverythingIsLoggedThenNoSecretOrHashAppears() {
    List<String> secrets = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    HmacKey hmacKey = HmacKey.of("k1", key);

    try (CapturedLogs logs = new CapturedLogs();
        Tokenry tokenry =
            Tokenry.builder()
                .store(store)
                .clock(clock)
                .userPermissions((org, user) -> Optional.of(PermissionSet.ALL))
                .acceptHashesOf(TokenHashers.hmacSha256(hmacKey))
                .lastUsedFlushInterval(Duration.ofHours(1))
                .build()) {

      IssuedToken issued =
          tokenry.issue(
              alice,
              TokenRequest.builder()
                  .name("leak check")
                  .expiresIn(ExpiryPreset.ONE_DAY)
                  .type(TokenType.FULL_ACCESS)
                  .build());
      IssuedToken personal =
          tokenry.issue(
              alice,
              TokenRequest.builder()
                  .name("mine")
                  .kind(TokenKind.PERSONAL)
                  .expiresIn(ExpiryPreset.ONE_DAY)
                  .type(TokenType.READ_ONLY)
                  .build());
      remember(secrets, issued);
      remember(secrets, personal);
      texts.add(issued.toString());
      texts.add(issued.token().toString());

      TokenPrincipal principal = tokenry.verify(issued.plaintext()).orElseThrow();
      texts.add(principal.toString());
      assertThat(tokenry.verify(personal.plaintext())).isPresent();
      String typo = issued.plaintext().substring(0, 30) + "x" + issued.plaintext().substring(31);
      tokenry.verify(typo);
      tokenry.verify(issued.plaintext() + "extra");
      tokenry.verify("Bearer " + issued.plaintext());

      IssuedToken regenerated = tokenry.regenerate(alice, issued.token().id());
      remember(secrets, regenerated);
      texts.add(regenerated.toString());
      tokenry.verify(issued.plaintext());
      tokenry.update(alice, issued.token().id(), TokenUpdate.builder().name("renamed").build());

      try (Tokenry peppered =
          Tokenry.builder()
              .store(store)
              .clock(clock)
              .hasher(TokenHashers.hmacSha256(hmacKey))
              .build()) {
        assertThat(peppered.verify(regenerated.plaintext())).isPresent();
      }

      // Rotation with a grace period: the superseded secret verifies, then is reported as reused.
      IssuedToken graced = tokenry.regenerate(alice, issued.token().id(), Duration.ofMinutes(5));
      remember(secrets, graced);
      texts.add(graced.toString());
      texts.add(graced.token().toString());
      assertThat(tokenry.verify(regenerated.plaintext(), "203.0.113.5")).isPresent();
      clock.advance(Duration.ofMinutes(6));
      assertThat(tokenry.verify(regenerated.plaintext())).isEmpty();
      tokenry.sendExpiryNotices();

      for (String id : List.of(issued.token().id(), personal.token().id())) {
        StoredToken stored = store.peek(id);
        secrets.add(stored.secretHash());
        secrets.add(stored.secretHash().substring(stored.secretHash().lastIndexOf('$') + 1));
        stored
            .supersededSecret()
            .ifPresent(
                superseded -> {
                  secrets.add(superseded.hash());
                  secrets.add(superseded.hash().substring(superseded.hash().lastIndexOf('$') + 1));
                  texts.add(superseded.toString());
                });
        texts.add(stored.toString());
      }

      store.down(true);
      texts.add(catchThrowable(() -> tokenry.verify(regenerated.plaintext())).toString());
      store.down(false);
      store.lastUsedDown(true);
      tokenry.verify(regenerated.plaintext());
      texts.add(catchThrowable(tokenry::flushLastUsed).toString());
      store.lastUsedDown(false);
      texts.add(
          catchThrowable(
                  () ->
                      tokenry.issue(
                          alice,
                          TokenRequest.builder()
                              .name("renamed")
                              .expiresIn(ExpiryPreset.ONE_DAY)
                              .type(TokenType.READ_ONLY)
                              .build()))
              .toString());

      tokenry.revoke(alice, issued.token().id());
      tokenry.verify(regenerated.plaintext());
      tokenry.flushLastUsed();
      texts.add(tokenry.toString());

      texts.addAll(logs.lines());
      assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("Token rejected"));
      assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("Token verified"));
      assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("Upgraded the hash"));
      assertThat(logs.lines())
          .anySatisfy(line -> assertThat(line).contains("Superseded secret of token"));
    }

    assertThat(secrets).hasSizeGreaterThanOrEqualTo(13);
    for (String text : texts) {
      for (String secret : secrets) {
        assertThat(text).doesNotContain(secret);
      }
    }
  }

  private static void remember(List<String> secrets, IssuedToken issued) {
    String plaintext = issued.plaintext();
    secrets.add(plaintext);
    int secretStart = plaintext.length() - TokenFormat.CHECKSUM_LENGTH - TokenFormat.SECRET_LENGTH;
    secrets.add(plaintext.substring(secretStart, secretStart + TokenFormat.SECRET_LENGTH));
  }
}
