package dev.tokenry.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenry.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The per-instance sliding window: the limit, how the window slides, and the memory bound. */
class SlidingWindowThrottleTest {

  // Starts on a window boundary so the fixed windows under the sliding one are easy to follow.
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final SlidingWindowThrottle throttle =
      new SlidingWindowThrottle(5, Duration.ofMinutes(1), 1000, clock);

  @Test
  void retryAfterWhenUnderLimitThenZero() {
    for (int i = 0; i < 4; i++) {
      throttle.record("10.0.0.1");
    }
    assertThat(throttle.retryAfter("10.0.0.1")).isZero();
    assertThat(throttle.retryAfter("10.0.0.2")).isZero();
  }

  @Test
  void retryAfterWhenLimitReachedThenWaitUntilTheWindowHasMovedOn() {
    clock.advance(Duration.ofSeconds(10));
    for (int i = 0; i < 5; i++) {
      throttle.record("10.0.0.1");
    }
    Duration wait = throttle.retryAfter("10.0.0.1");
    // All five are in the current fixed window: blocked until, in the next window, their weight
    // has fallen below the limit (just after the next window starts).
    assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(51));
    assertThat(throttle.retryAfter("10.0.0.2")).isZero();

    clock.advance(wait);
    assertThat(throttle.retryAfter("10.0.0.1")).isZero();
  }

  @Test
  void retryAfterWhenAttemptsSpanTwoWindowsThenTheOldOnesStillCountWeighted() {
    clock.advance(Duration.ofSeconds(50));
    for (int i = 0; i < 4; i++) {
      throttle.record("10.0.0.1");
    }
    clock.advance(Duration.ofSeconds(15)); // 5 s into the next fixed window
    throttle.record("10.0.0.1");
    // 4 * (55/60) + 1 = 4.67 < 5: still allowed, one more reaches the limit.
    assertThat(throttle.retryAfter("10.0.0.1")).isZero();
    throttle.record("10.0.0.1");
    Duration wait = throttle.retryAfter("10.0.0.1");
    // 4 * (1 - e/60) + 2 < 5 once e > 15 s: about 10 s from now.
    assertThat(wait).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(11));

    clock.advance(wait);
    assertThat(throttle.retryAfter("10.0.0.1")).isZero();
  }

  @Test
  void retryAfterWhenTwoWindowsIdleThenForgotten() {
    for (int i = 0; i < 5; i++) {
      throttle.record("10.0.0.1");
    }
    clock.advance(Duration.ofMinutes(2));
    assertThat(throttle.retryAfter("10.0.0.1")).isZero();
  }

  @Test
  void recordWhenMillionsOfAddressesThenMemoryBoundedAndBlockedClientRemembered() {
    for (int i = 0; i < 5; i++) {
      throttle.record("192.0.2.1");
    }
    for (int i = 0; i < 200_000; i++) {
      throttle.record("10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff));
      assertThat(throttle.trackedClients()).isLessThanOrEqualTo(1000);
    }
    assertThat(throttle.retryAfter("192.0.2.1")).isPositive();
  }

  @Test
  void constructorWhenOutOfRangeThenRefused() {
    assertThatThrownBy(() -> AttemptThrottle.perInstance(0, Duration.ofMinutes(1)))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> AttemptThrottle.perInstance(5, Duration.ofMillis(10)))
        .hasMessageContaining("window");
    assertThatThrownBy(() -> AttemptThrottle.perInstance(5, Duration.ofMinutes(1), 10))
        .hasMessageContaining("maxClients");
  }

  @Test
  void throttleKeyWhenIpv6ThenGroupedBySlash64() {
    assertThat(ClientAddresses.throttleKey("2001:db8:1:2:aaaa::1"))
        .isEqualTo(ClientAddresses.throttleKey("2001:db8:1:2:ffff:1:2:3"))
        .isEqualTo("2001:db8:1:2::/64");
    assertThat(ClientAddresses.throttleKey("2001:db8:1:3::1")).isNotEqualTo("2001:db8:1:2::/64");
    assertThat(ClientAddresses.throttleKey("203.0.113.9")).isEqualTo("203.0.113.9");
  }
}
