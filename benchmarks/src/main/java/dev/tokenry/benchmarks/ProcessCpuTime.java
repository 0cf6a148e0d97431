package dev.tokenry.benchmarks;

import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Like {@link CpuTime}, but the CPU time of the whole process (client and server threads, JIT and
 * GC alike), for benchmarks whose work happens on other threads, such as a request served by Jetty.
 * With several benchmark threads each reports the process time; the report divides by the thread
 * count. The operating system counts it in clock ticks (10 ms), so iterations of a second or more
 * are needed.
 */
@AuxCounters(AuxCounters.Type.EVENTS)
@State(Scope.Thread)
public class ProcessCpuTime {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** CPU nanoseconds the process spent in the iteration. */
  public long processCpuNanos;

  /** Benchmark calls this thread made in the same span. */
  public long ops;

  private long start;

  @Setup(Level.Iteration)
  public void start() {
    ops = 0;
    start = OS.getProcessCpuTime();
  }

  @TearDown(Level.Iteration)
  public void stop() {
    processCpuNanos = OS.getProcessCpuTime() - start;
  }

  void op() {
    ops++;
  }
}
