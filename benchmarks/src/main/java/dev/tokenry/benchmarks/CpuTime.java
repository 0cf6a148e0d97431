package dev.tokenry.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * CPU time of the benchmark thread over each iteration, and the operations it did, as JMH counters.
 * Wall time per operation on a machine shared with other busy processes grows whenever the thread
 * waits for a core; CPU time per operation ({@code cpuNanos / ops}) does not, so the report judges
 * the targets on it where it applies. The counter is read twice per iteration, not per operation.
 */
@AuxCounters(AuxCounters.Type.EVENTS)
@State(Scope.Thread)
public class CpuTime {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** CPU nanoseconds this thread spent in the iteration (warm-up and warm-down loops included). */
  public long cpuNanos;

  /** Benchmark calls this thread made in the same span. */
  public long ops;

  private long start;

  @Setup(Level.Iteration)
  public void start() {
    ops = 0;
    start = THREADS.getCurrentThreadCpuTime();
  }

  @TearDown(Level.Iteration)
  public void stop() {
    cpuNanos = THREADS.getCurrentThreadCpuTime() - start;
  }

  /** Counts one operation; call it once per benchmark call. */
  void op() {
    ops++;
  }
}
