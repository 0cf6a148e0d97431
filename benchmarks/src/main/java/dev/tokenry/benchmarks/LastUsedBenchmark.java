package dev.tokenry.benchmarks;

import dev.tokenry.Tokenry;
import dev.tokenry.store.memory.InMemoryTokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Last-used writes for {@code verifications} verifications spread over {@code distinctTokens}
 * tokens within one flush interval: Tokenry's write-behind against one write per verification (what
 * Laravel Sanctum does). The figures are the counters {@code lastUsedRows} (rows written) and
 * {@code lastUsedBatches} (store calls), read from a counting store wrapper; the time is a bonus.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Thread)
public class LastUsedBenchmark {

  @Param({"100000"})
  public int verifications;

  @Param({"1000"})
  public int distinctTokens;

  CountingTokenStore store;
  Tokenry tokenry;
  String[] presented;
  String[] ids;

  /** What the store was asked to write during the iteration. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Writes {
    public long lastUsedRows;
    public long lastUsedBatches;
  }

  @Setup(Level.Iteration)
  public void setUp() {
    store = new CountingTokenStore(new InMemoryTokenStore());
    presented =
        Fixtures.populate(
            store,
            distinctTokens,
            distinctTokens,
            dev.tokenry.TokenHashers.sha256(),
            dev.tokenry.TokenHashers.sha256(),
            null);
    ids = new String[presented.length];
    for (int i = 0; i < presented.length; i++) {
      ids[i] = Fixtures.FORMAT.parse(presented[i]).id();
    }
    // The default interval is 30 s; an hour makes sure the background flush never splits the run.
    tokenry = Tokenry.builder().store(store).lastUsedFlushInterval(Duration.ofHours(1)).build();
  }

  @TearDown(Level.Iteration)
  public void tearDown() {
    tokenry.close();
  }

  /** Tokenry as configured: coalesced per token, written in one batch at the flush. */
  @Benchmark
  public void writeBehind(Writes writes) {
    for (int i = 0; i < verifications; i++) {
      if (tokenry.verify(presented[i % presented.length]).isEmpty()) {
        throw new IllegalStateException("rejected");
      }
    }
    tokenry.flushLastUsed();
    writes.lastUsedRows = store.lastUsedRows.sum();
    writes.lastUsedBatches = store.lastUsedBatches.sum();
  }

  /** The baseline: the same verifications, each followed by its own last-used write. */
  @Benchmark
  public void writePerVerification(Writes writes) {
    Clock clock = Clock.systemUTC();
    for (int i = 0; i < verifications; i++) {
      int t = i % presented.length;
      if (tokenry.verify(presented[t]).isEmpty()) {
        throw new IllegalStateException("rejected");
      }
      store.recordLastUsed(Map.of(ids[t], Instant.now(clock)));
    }
    // Count the per-verification writes only, not the write-behind flush Tokenry also does.
    writes.lastUsedRows = store.lastUsedRows.sum();
    writes.lastUsedBatches = store.lastUsedBatches.sum();
    tokenry.flushLastUsed();
  }
}
