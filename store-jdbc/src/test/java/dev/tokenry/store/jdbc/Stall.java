package dev.tokenry.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tokenry.TokenStoreUnavailableException;
import java.sql.SQLException;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions for the stall tests: bounded failure while frozen, recovery after thaw. */
final class Stall {

  /** What docs/jdbc.md promises (5 s) plus slack for a loaded CI machine. */
  static final Duration BOUND = Duration.ofSeconds(7);

  private Stall() {}

  /** Runs the call and asserts it failed as unavailable within {@link #BOUND}; prints the time. */
  static void assertUnavailableWithinBound(String what, ThrowingCallable call) {
    long start = System.nanoTime();
    Throwable thrown = catchThrowable(call);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    System.out.println(
        "[stall] " + what + " while frozen ended after " + took.toMillis() + " ms: " + thrown);
    assertThat(thrown)
        .as(what)
        .isInstanceOf(TokenStoreUnavailableException.class)
        .hasMessageContaining("unreachable or timed out")
        .hasCauseInstanceOf(SQLException.class);
    assertThat(took).as(what + " took").isLessThan(BOUND);
  }

  /** Retries the check for up to 20 seconds while the store is still unavailable. */
  static void eventually(Runnable check) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        check.run();
        return;
      } catch (TokenStoreUnavailableException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new AssertionError(interrupted);
        }
      }
    }
  }
}
