package dev.tokenry.store.jdbc;

import dev.tokenry.spi.StoredToken;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Reads the record cache's entries in use again before they expire, every third of {@code
 * maxStaleness}, in batches ({@link RecordCache#refresh}), so that a hot token costs one row in a
 * batched statement per third of the bound instead of one query per bound. A failed read (the
 * database is down) is left alone: the entries expire on time and every lookup reads the database,
 * which reports the failure; the listener reports the loss.
 */
final class CacheRefresher implements AutoCloseable {

  private final RecordCache cache;
  private final Function<List<String>, Map<String, StoredToken>> loader;
  private final long periodNanos;
  private final Thread thread;
  private volatile boolean running = true;

  CacheRefresher(
      RecordCache cache,
      Function<List<String>, Map<String, StoredToken>> loader,
      Duration maxStaleness) {
    this.cache = cache;
    this.loader = loader;
    this.periodNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), maxStaleness.toNanos() / 3);
    this.thread = new Thread(this::run, "tokenry-record-cache-refresher");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    long next = System.nanoTime() + periodNanos;
    while (running) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      }
      next = System.nanoTime() + periodNanos;
      try {
        cache.refresh(periodNanos, loader);
      } catch (RuntimeException | LinkageError e) {
        // The database did not answer: the entries expire on time; lookups report the failure.
      }
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      // Interrupted, a sleeping refresher ends at once; one in a read ends when the read does.
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
