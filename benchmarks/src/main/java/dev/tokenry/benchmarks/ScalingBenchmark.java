package dev.tokenry.benchmarks;

import dev.tokenry.TokenHashers;
import dev.tokenry.TokenPrincipal;
import dev.tokenry.Tokenry;
import dev.tokenry.store.memory.InMemoryTokenStore;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How {@code sha256} verification in the in-memory store grows with the number of stored tokens and
 * with threads; the curve should be flat. Presented tokens rotate over 1,024 tokens spread over the
 * whole store (all of them for the smallest store).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx3g")
@State(Scope.Benchmark)
public class ScalingBenchmark {

  @Param({"1000", "100000", "1000000"})
  public int storedTokens;

  Tokenry tokenry;
  String[] presented;

  @Setup
  public void setUp() {
    InMemoryTokenStore store = new InMemoryTokenStore();
    presented =
        Fixtures.populate(
            store,
            storedTokens,
            Math.min(1024, storedTokens),
            TokenHashers.sha256(),
            TokenHashers.sha256(),
            null);
    tokenry = Tokenry.builder().store(store).build();
  }

  @TearDown
  public void tearDown() {
    tokenry.close();
  }

  /** Per-thread position in the rotation. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    /** Threads start at different places in the rotation, as different clients would. */
    @Setup
    public void start(ScalingBenchmark benchmark) {
      next = java.util.concurrent.ThreadLocalRandom.current().nextInt(benchmark.presented.length);
    }

    int next(int length) {
      int i = next;
      next = i + 1 == length ? 0 : i + 1;
      return i;
    }
  }

  @Benchmark
  @Threads(1)
  public Optional<TokenPrincipal> verify(Cursor cursor, CpuTime cpu) {
    cpu.op();
    return tokenry.verify(presented[cursor.next(presented.length)]);
  }

  @Benchmark
  @Threads(2)
  public Optional<TokenPrincipal> verifyThreads2(Cursor cursor, CpuTime cpu) {
    cpu.op();
    return tokenry.verify(presented[cursor.next(presented.length)]);
  }
}
