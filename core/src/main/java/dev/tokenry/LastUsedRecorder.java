package dev.tokenry;

import static java.util.Objects.requireNonNull;

import dev.tokenry.spi.LastUse;
import dev.tokenry.spi.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Write-behind of "last used" instants. Verifications only note the instant in memory, coalesced
 * per token; a daemon thread writes the pending instants to the store in one batch per interval, so
 * a token costs at most one write per interval however often it is used. A failed write is logged
 * and its instants are kept for the next flush; it never fails a verification.
 */
final class LastUsedRecorder implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LastUsedRecorder.class);

  private final TokenStore store;
  private final ConcurrentHashMap<String, LastUse> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  private final Object flushLock = new Object();

  /**
   * Starts the recorder and its flush thread.
   *
   * @param store where to write
   * @param interval how often to flush
   */
  LastUsedRecorder(TokenStore store, Duration interval) {
    this.store = requireNonNull(store, "store must not be null");
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "tokenry-last-used");
              thread.setDaemon(true);
              return thread;
            });
    long nanos = interval.toNanos();
    scheduler.scheduleWithFixedDelay(this::flushQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Notes that a token was used at an instant; later instants win.
   *
   * @param tokenId the token id
   * @param at when it was used
   */
  public void record(String tokenId, Instant at) {
    record(tokenId, at, null);
  }

  /**
   * Notes that a token was used at an instant from a client address; later instants win, and the
   * address travels with its instant.
   *
   * @param tokenId the token id
   * @param at when it was used
   * @param address the client address, or null if unknown
   */
  public void record(String tokenId, Instant at, String address) {
    LastUse known = pending.get(tokenId);
    if (known == null
        || at.isAfter(known.at())
        || (at.equals(known.at()) && address != null && known.address().isEmpty())) {
      pending.merge(
          tokenId, new LastUse(at, Optional.ofNullable(address)), LastUsedRecorder::later);
    }
  }

  private static LastUse later(LastUse a, LastUse b) {
    if (a.at().equals(b.at())) {
      return a.address().isPresent() ? a : b;
    }
    return a.at().isAfter(b.at()) ? a : b;
  }

  /**
   * Writes everything pending now, in one batch.
   *
   * @return how many tokens were written
   * @throws RuntimeException what the store threw; the instants stay pending
   */
  public int flush() {
    synchronized (flushLock) {
      if (pending.isEmpty()) {
        return 0;
      }
      Map<String, LastUse> batch = new HashMap<>();
      for (Iterator<Map.Entry<String, LastUse>> it = pending.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<String, LastUse> entry = it.next();
        batch.put(entry.getKey(), entry.getValue());
        it.remove();
      }
      try {
        store.recordLastUse(batch);
      } catch (RuntimeException e) {
        batch.forEach((id, at) -> pending.merge(id, at, LastUsedRecorder::later));
        throw e;
      }
      return batch.size();
    }
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn(
          "Could not record last-used times of {} tokens; will retry at the next flush: {}",
          pending.size(),
          e.toString());
    }
  }

  /**
   * Returns how many tokens have an unwritten instant.
   *
   * @return the count
   */
  public int pendingCount() {
    return pending.size();
  }

  /** Stops the flush thread and writes what is pending, logging a failure. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flushQuietly();
  }
}
