package dev.tokenry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.StoredTokenPage;
import dev.tokenry.spi.TokenQuery;
import dev.tokenry.spi.TokenStore;
import dev.tokenry.testing.CapturedLogs;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The last-used write-behind: coalesced per token (the latest instant wins), written in one batch
 * per flush, flushed on an interval and on close, at most one write per token per interval, and a
 * failing write logged and retried rather than thrown at a verification.
 */
class LastUsedRecorderTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  /** Records every batch it is given, when, and can fail the next few. */
  private static final class BatchStore implements TokenStore {
    final List<Map<String, Instant>> batches = new CopyOnWriteArrayList<>();
    final List<Long> batchNanos = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();
    volatile Runnable duringWrite = () -> {};

    @Override
    public void recordLastUsed(Map<String, Instant> lastUsed) {
      batchNanos.add(System.nanoTime());
      duringWrite.run();
      if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new TokenStoreUnavailableException("test: database down");
      }
      batches.add(Map.copyOf(lastUsed));
    }

    @Override
    public void insert(StoredToken token) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<StoredToken> find(String id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public StoredTokenPage list(TokenQuery query) {
      throw new UnsupportedOperationException();
    }

    @Override
    public StoredToken update(StoredToken token, long expectedVersion) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean delete(String id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int deleteAll(Collection<String> ids) {
      throw new UnsupportedOperationException();
    }
  }

  private final BatchStore store = new BatchStore();

  private LastUsedRecorder manual() {
    return new LastUsedRecorder(store, Duration.ofHours(1));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(condition.getAsBoolean()).as("condition reached within 10 s").isTrue();
  }

  @Test
  void recordWhenOneTokenIsUsedManyTimesThenOneEntryWithTheLatestInstant() {
    try (LastUsedRecorder recorder = manual()) {
      recorder.record("a", T0.plusSeconds(1));
      recorder.record("a", T0.plusSeconds(3));
      recorder.record("a", T0.plusSeconds(2));
      recorder.record("a", T0);

      assertThat(recorder.pendingCount()).isEqualTo(1);
      assertThat(recorder.flush()).isEqualTo(1);
      assertThat(store.batches).containsExactly(Map.of("a", T0.plusSeconds(3)));
      assertThat(recorder.pendingCount()).isZero();
    }
  }

  @Test
  void flushWhenSeveralTokensArePendingThenOneBatchHoldsThemAll() {
    try (LastUsedRecorder recorder = manual()) {
      recorder.record("a", T0);
      recorder.record("b", T0.plusMillis(1));
      recorder.record("c", T0.plusMillis(2));

      assertThat(recorder.flush()).isEqualTo(3);
      assertThat(store.batches)
          .containsExactly(Map.of("a", T0, "b", T0.plusMillis(1), "c", T0.plusMillis(2)));
    }
  }

  @Test
  void flushWhenNothingIsPendingThenNoWrite() {
    try (LastUsedRecorder recorder = manual()) {
      assertThat(recorder.flush()).isZero();
      recorder.record("a", T0);
      recorder.flush();

      assertThat(recorder.flush()).isZero();
      assertThat(store.batchNanos).hasSize(1);
    }
  }

  @Test
  void flushWhenTheStoreFailsThenThrowsAndKeepsTheInstantsWithTheLaterOneWinning() {
    try (LastUsedRecorder recorder = manual()) {
      recorder.record("a", T0.plusSeconds(1));
      recorder.record("b", T0.plusSeconds(1));
      store.failuresLeft.set(1);
      // A verification that lands while the failing write is under way.
      store.duringWrite =
          () -> {
            recorder.record("a", T0.plusSeconds(5));
            recorder.record("b", T0);
          };

      assertThatThrownBy(recorder::flush).isInstanceOf(TokenStoreUnavailableException.class);
      store.duringWrite = () -> {};

      assertThat(recorder.pendingCount()).isEqualTo(2);
      assertThat(recorder.flush()).isEqualTo(2);
      assertThat(store.batches)
          .containsExactly(Map.of("a", T0.plusSeconds(5), "b", T0.plusSeconds(1)));
    }
  }

  @Test
  void closeWhenInstantsArePendingThenTheyAreWritten() {
    LastUsedRecorder recorder = manual();
    recorder.record("a", T0);

    recorder.close();

    assertThat(store.batches).containsExactly(Map.of("a", T0));
  }

  @Test
  void closeWhenTheStoreFailsThenLoggedNotThrown() {
    LastUsedRecorder recorder = manual();
    recorder.record("a", T0);
    store.failuresLeft.set(1);

    try (CapturedLogs logs = new CapturedLogs()) {
      recorder.close();

      assertThat(logs.lines())
          .anySatisfy(
              line ->
                  assertThat(line)
                      .startsWith("WARN")
                      .contains(
                          "Could not record last-used times of 1 tokens; will retry at the next flush",
                          "test: database down"));
    }
  }

  @Test
  void closeWhenTheCallerIsInterruptedThenStillWritesAndKeepsTheInterrupt() {
    LastUsedRecorder recorder = manual();
    recorder.record("a", T0);

    Thread.currentThread().interrupt();
    recorder.close();

    assertThat(Thread.interrupted()).as("interrupt flag kept (and cleared here)").isTrue();
    assertThat(store.batches).containsExactly(Map.of("a", T0));
  }

  @Test
  void intervalWhenItPassesThenPendingInstantsAreWrittenInTheBackground() throws Exception {
    try (LastUsedRecorder recorder = new LastUsedRecorder(store, Duration.ofMillis(20))) {
      recorder.record("a", T0);

      await(() -> !store.batches.isEmpty());

      assertThat(store.batches.get(0)).isEqualTo(Map.of("a", T0));
      assertThat(recorder.pendingCount()).isZero();
    }
  }

  @Test
  void intervalWhenTheBackgroundWriteFailsThenLoggedAndRetriedAtTheNextInterval() throws Exception {
    store.failuresLeft.set(2);
    try (CapturedLogs logs = new CapturedLogs();
        LastUsedRecorder recorder = new LastUsedRecorder(store, Duration.ofMillis(20))) {
      recorder.record("a", T0);

      await(() -> !store.batches.isEmpty());

      assertThat(store.batchNanos.size()).isGreaterThanOrEqualTo(3);
      assertThat(store.batches.get(0)).isEqualTo(Map.of("a", T0));
      assertThat(logs.lines())
          .anySatisfy(
              line ->
                  assertThat(line).startsWith("WARN").contains("Could not record last-used times"));
    }
  }

  @Test
  void intervalWhenATokenIsUsedContinuouslyThenAtMostOneWritePerInterval() throws Exception {
    Duration interval = Duration.ofMillis(40);
    List<Long> writes;
    try (LastUsedRecorder recorder = new LastUsedRecorder(store, interval)) {
      long start = System.nanoTime();
      Instant at = T0;
      while (store.batchNanos.size() < 4) {
        at = at.plusMillis(1);
        recorder.record("busy", at);
        Thread.onSpinWait();
        assertThat(System.nanoTime() - start)
            .as("background flush runs")
            .isLessThan(Duration.ofSeconds(20).toNanos());
      }
      // Taken before close(), whose final flush is not an interval write.
      writes = List.copyOf(store.batchNanos);
    }

    for (int i = 1; i < writes.size(); i++) {
      assertThat(writes.get(i) - writes.get(i - 1))
          .as("gap between write %d and %d", i - 1, i)
          .isGreaterThanOrEqualTo(interval.toNanos());
    }
    assertThat(store.batches).allSatisfy(batch -> assertThat(batch).containsOnlyKeys("busy"));
  }
}
