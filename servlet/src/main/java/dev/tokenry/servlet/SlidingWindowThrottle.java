package dev.tokenry.servlet;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link AttemptThrottle#perInstance}: a sliding window per client, approximated from two fixed
 * windows (the count of the previous window weighted by how much of it still overlaps the sliding
 * one, plus the current count), which costs three numbers per client instead of one time stamp per
 * attempt. The estimate is never below the true count of the current fixed window.
 *
 * <p>Memory is bounded: past {@code maxClients} entries, a sweep forgets idle clients, then those
 * with the lowest estimates, down to nine tenths of the bound, so sweeps are rare and a spray of
 * new addresses cannot grow the map or push out a blocked client before the spraying ones.
 */
final class SlidingWindowThrottle implements AttemptThrottle {

  static final int DEFAULT_MAX_CLIENTS = 100_000;

  private final int limit;
  private final long windowMillis;
  private final int maxClients;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final ReentrantLock sweeping = new ReentrantLock();

  SlidingWindowThrottle(int limit, Duration window, int maxClients, Clock clock) {
    requireNonNull(window, "window must not be null");
    if (limit < 1 || limit > 1_000_000) {
      throw new IllegalArgumentException("maxAttempts must be 1 to 1000000, was " + limit);
    }
    if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("window must be 1 second to 1 day, was " + window);
    }
    if (maxClients < 100 || maxClients > 10_000_000) {
      throw new IllegalArgumentException("maxClients must be 100 to 10000000, was " + maxClients);
    }
    this.limit = limit;
    this.windowMillis = window.toMillis();
    this.maxClients = maxClients;
    this.clock = requireNonNull(clock, "clock must not be null");
  }

  @Override
  public Duration retryAfter(String clientKey) {
    Window window = windows.get(clientKey);
    if (window == null) {
      return Duration.ZERO;
    }
    long now = clock.millis();
    synchronized (window) {
      window.roll(now, windowMillis);
      return Duration.ofMillis(window.waitMillis(now, limit, windowMillis));
    }
  }

  @Override
  public void record(String clientKey) {
    long now = clock.millis();
    Window window = windows.get(clientKey);
    if (window == null) {
      if (windows.size() >= maxClients) {
        sweep(now);
      }
      window = windows.computeIfAbsent(clientKey, key -> new Window(start(now)));
    }
    synchronized (window) {
      window.roll(now, windowMillis);
      if (window.current < Integer.MAX_VALUE) {
        window.current++;
      }
    }
  }

  /** How many clients are tracked now (for tests of the bound). */
  int trackedClients() {
    return windows.size();
  }

  private long start(long now) {
    return now - Math.floorMod(now, windowMillis);
  }

  private void sweep(long now) {
    if (!sweeping.tryLock()) {
      return; // another thread is making room
    }
    try {
      int target = maxClients - maxClients / 10;
      // First the clients whose attempts have all left the window, then the least counted.
      for (double below : new double[] {Double.MIN_VALUE, limit / 4.0, limit / 2.0, limit}) {
        for (Iterator<Window> it = windows.values().iterator();
            it.hasNext() && windows.size() > target; ) {
          Window window = it.next();
          synchronized (window) {
            window.roll(now, windowMillis);
            if (window.estimate(now, windowMillis) < below) {
              it.remove();
            }
          }
        }
        if (windows.size() <= target) {
          return;
        }
      }
      // Every client is at its limit: forget any, rather than grow.
      for (Iterator<Window> it = windows.values().iterator();
          it.hasNext() && windows.size() > target; ) {
        it.next();
        it.remove();
      }
    } finally {
      sweeping.unlock();
    }
  }

  @Override
  public String toString() {
    return "AttemptThrottle.perInstance(" + limit + " per " + Duration.ofMillis(windowMillis) + ")";
  }

  /** One client's counts: the previous and current fixed windows. Guarded by itself. */
  private static final class Window {
    long start;
    int previous;
    int current;

    Window(long start) {
      this.start = start;
    }

    void roll(long now, long length) {
      if (now < start + length) {
        return;
      }
      previous = now < start + 2 * length ? current : 0;
      current = 0;
      start = now - Math.floorMod(now, length);
    }

    double estimate(long now, long length) {
      double overlap = (double) (length - (now - start)) / length;
      return previous * overlap + current;
    }

    long waitMillis(long now, int limit, long length) {
      if (estimate(now, length) < limit) {
        return 0;
      }
      long at;
      if (current < limit) {
        // Later in this window the previous one's weight has fallen far enough.
        double elapsed = length - (double) (limit - current) * length / previous;
        at = start + (long) Math.floor(elapsed) + 1;
      } else {
        // In the next window this one becomes the previous, weighted down as time passes.
        double elapsed = length - (double) limit * length / current;
        at = start + length + (long) Math.floor(elapsed) + 1;
      }
      return Math.max(1, at - now);
    }
  }
}
