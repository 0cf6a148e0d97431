package dev.tokenry.servlet;

import java.time.Duration;

/** {@link AttemptThrottle#none()}. */
enum NoThrottle implements AttemptThrottle {
  INSTANCE;

  @Override
  public Duration retryAfter(String clientKey) {
    return Duration.ZERO;
  }

  @Override
  public void record(String clientKey) {}

  @Override
  public String toString() {
    return "AttemptThrottle.none()";
  }
}
