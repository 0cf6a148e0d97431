package dev.tokenry.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.IssuedToken;
import dev.tokenry.RejectionReason;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenStoreUnavailableException;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import dev.tokenry.spi.ForwardingTokenStore;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.store.memory.InMemoryTokenStore;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The meters count every outcome with fixed tags only, time every verification, and gauge the
 * last-used backlog, on a real registry and a real Tokenry.
 */
class TokenryMetricsTest {

  private static final Actor OWNER = Actor.system("acme");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AtomicBoolean down = new AtomicBoolean();
  private final InMemoryTokenStore memory = new InMemoryTokenStore();

  private Tokenry tokenry(TokenryMetrics metrics) {
    ForwardingTokenStore store =
        new ForwardingTokenStore() {
          @Override
          protected dev.tokenry.spi.TokenStore delegate() {
            return memory;
          }

          @Override
          public Optional<StoredToken> find(String id) {
            if (down.get()) {
              throw new TokenStoreUnavailableException("database down");
            }
            return super.find(id);
          }
        };
    return Tokenry.builder().store(store).addEventListener(metrics).build();
  }

  private double count(String outcome, String reason) {
    return registry
        .get(TokenryMetrics.VERIFICATIONS)
        .tag("outcome", outcome)
        .tag("reason", reason)
        .counter()
        .count();
  }

  @Test
  void metricsWhenCreatedThenEverySeriesExistsAtZero() {
    new TokenryMetrics(registry);

    // success, unavailable, and one series per rejection reason.
    assertThat(registry.get(TokenryMetrics.VERIFICATIONS).counters())
        .hasSize(2 + RejectionReason.values().length);
    assertThat(count("success", "none")).isZero();
    assertThat(count("rejected", "bad_secret")).isZero();
    assertThat(registry.get(TokenryMetrics.VERIFICATION_DURATION).timer().count()).isZero();
  }

  @Test
  void verifyWhenEachOutcomeHappensThenCountedByOutcomeAndReasonAndTimed() {
    TokenryMetrics metrics = new TokenryMetrics(registry);
    try (Tokenry tokenry = tokenry(metrics)) {
      metrics.monitor(tokenry);
      IssuedToken issued =
          tokenry.issue(
              OWNER,
              TokenRequest.builder()
                  .name("CI")
                  .expiresIn(ExpiryPreset.NEVER)
                  .type(TokenType.FULL_ACCESS)
                  .build());
      String plaintext = issued.plaintext();

      tokenry.verify(plaintext);
      tokenry.verify(plaintext);
      tokenry.verify("garbage");
      tokenry.regenerate(OWNER, issued.token().id());
      tokenry.verify(plaintext);
      down.set(true);
      assertThatThrownBy(() -> tokenry.verify(plaintext))
          .isInstanceOf(TokenStoreUnavailableException.class);

      assertThat(count("success", "none")).isEqualTo(2);
      assertThat(count("rejected", "malformed")).isEqualTo(1);
      // The secret a regeneration replaced is reported as such since grace-period rotation.
      assertThat(count("rejected", "superseded_secret")).isEqualTo(1);
      assertThat(count("rejected", "bad_secret")).isZero();
      assertThat(count("rejected", "unknown")).isZero();
      assertThat(count("unavailable", "none")).isEqualTo(1);
      assertThat(registry.get(TokenryMetrics.VERIFICATION_DURATION).timer().count()).isEqualTo(5);
    }
  }

  @Test
  void gaugeWhenTokensWaitForTheirLastUsedWriteThenShowsTheBacklogAndDropsAtFlush() {
    TokenryMetrics metrics = new TokenryMetrics(registry);
    try (Tokenry tokenry = tokenry(metrics)) {
      metrics.monitor(tokenry);
      IssuedToken first =
          tokenry.issue(
              OWNER,
              TokenRequest.builder()
                  .name("one")
                  .expiresIn(ExpiryPreset.NEVER)
                  .type(TokenType.FULL_ACCESS)
                  .build());
      IssuedToken second =
          tokenry.issue(
              OWNER,
              TokenRequest.builder()
                  .name("two")
                  .expiresIn(ExpiryPreset.NEVER)
                  .type(TokenType.FULL_ACCESS)
                  .build());
      tokenry.verify(first.plaintext());
      tokenry.verify(second.plaintext());
      tokenry.verify(second.plaintext());

      assertThat(registry.get(TokenryMetrics.LAST_USED_PENDING).gauge().value()).isEqualTo(2);
      tokenry.flushLastUsed();
      assertThat(registry.get(TokenryMetrics.LAST_USED_PENDING).gauge().value()).isZero();
    }
  }

  @Test
  void tagsWhenTokensAreUsedThenNoTagHoldsATokenIdUserOrOrganization() {
    TokenryMetrics metrics = new TokenryMetrics(registry, java.util.List.of(Tag.of("app", "x")));
    try (Tokenry tokenry = tokenry(metrics)) {
      metrics.monitor(tokenry);
      IssuedToken issued =
          tokenry.issue(
              OWNER,
              TokenRequest.builder()
                  .name("CI")
                  .expiresIn(ExpiryPreset.NEVER)
                  .type(TokenType.FULL_ACCESS)
                  .build());
      tokenry.verify(issued.plaintext());
      tokenry.verify(issued.plaintext() + "x");

      for (Meter meter : registry.getMeters()) {
        for (Tag tag : meter.getId().getTags()) {
          assertThat(tag.getValue())
              .doesNotContain(issued.token().id(), "alice", "acme", issued.plaintext());
          assertThat(tag.getKey()).isIn("app", "outcome", "reason");
        }
      }
      assertThat(registry.getMeters())
          .allSatisfy(meter -> assertThat(meter.getId().getTag("app")).isEqualTo("x"));
    }
  }
}
