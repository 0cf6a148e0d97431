package dev.tokenry.store.jdbc;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.tokenry.ApiToken;
import dev.tokenry.spi.StoredToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

/**
 * The verified-record cache of one {@link JdbcTokenStore}: records found by id (with their hash,
 * never a plaintext), served only while the {@link ChangeListener} has confirmed recently that it
 * hears every change, and never older than {@code maxStaleness} counted from the moment the
 * database read began.
 *
 * <p>What is in use stays cached without a query per record: a refresh ({@link #refresh}, every
 * third of the bound on the {@link CacheRefresher}'s thread) reads again, in one statement per 500
 * ids, every entry served since it was read and a third of the bound old, so a hot record is read
 * again before it expires, and its age still counts from that read. An entry nobody asked for
 * expires.
 *
 * <p>A load that races an invalidation never puts its (possibly older) record in after the
 * invalidation: the invalidation first moves the epoch of the id's stripe on and then removes the
 * key, and the load puts its record only inside {@code compute} on that key, and only if the epoch
 * is still the one it read before going to the database. The two steps on one key are serialized by
 * the map, so either the load sees the new epoch, or the removal comes after the put.
 */
final class RecordCache {

  /** Stripes of invalidation epochs: a change to one id aborts only loads in its stripe. */
  private static final int STRIPES = 1024;

  /** Estimated bytes of an entry beyond its strings: the node, the records, sets and boxes. */
  private static final int ENTRY_OVERHEAD_BYTES = 600;

  private final Cache<String, Entry> entries;
  private final long maxStalenessNanos;
  private final long maximumEntries;
  private final long maximumBytes;
  private final AtomicLongArray epochs = new AtomicLongArray(STRIPES);
  private volatile long generation;
  private volatile long healthyUntilNanos;
  private volatile boolean healthy;
  private boolean closed;

  RecordCache(Duration maxStaleness, long maximumEntries, long maximumBytes) {
    this.maxStalenessNanos = maxStaleness.toNanos();
    this.maximumEntries = maximumEntries;
    this.maximumBytes = maximumBytes;
    // Every entry weighs at least maximumBytes / maximumEntries, so the weight bound also bounds
    // the count: at most maximumEntries entries, and at most maximumBytes estimated bytes.
    long floor = Math.max(1, maximumBytes / maximumEntries);
    this.entries =
        Caffeine.newBuilder()
            .maximumWeight(maximumBytes)
            .weigher(
                (String id, Entry entry) ->
                    (int) Math.min(Integer.MAX_VALUE, Math.max(floor, entry.bytes)))
            .expireAfter(new StalenessBound(maxStalenessNanos))
            .executor(Runnable::run)
            .build();
  }

  /**
   * Finds a record: from the cache while it serves and holds a fresh enough entry, else from the
   * loader, whose found record is kept unless an invalidation of the id (or a loss of the listener)
   * came in meanwhile. Unknown ids are never kept.
   */
  Optional<StoredToken> find(String id, Function<String, Optional<StoredToken>> loader) {
    long startedAt = System.nanoTime();
    if (!servingAt(startedAt)) {
      return loader.apply(id);
    }
    Entry cached = entries.getIfPresent(id);
    if (cached != null && startedAt - cached.readStartedAt < maxStalenessNanos) {
      if (!cached.served) {
        cached.served = true;
      }
      return cached.found;
    }
    int stripe = stripe(id);
    long epoch = epochs.get(stripe);
    long generationAtStart = generation;
    Optional<StoredToken> found = loader.apply(id);
    if (found.isPresent()) {
      Entry fresh = new Entry(found, startedAt, bytesOf(found.get()));
      entries
          .asMap()
          .compute(
              id,
              (key, old) ->
                  epochs.get(stripe) == epoch
                          && generation == generationAtStart
                          && servingAt(System.nanoTime())
                      ? fresh
                      : old);
    }
    return found;
  }

  /** Ids per refresh statement. */
  static final int REFRESH_BATCH = 500;

  /**
   * Reads again every entry served since its read and at least {@code minimumAgeNanos} old, {@link
   * #REFRESH_BATCH} ids per call of the loader, and keeps each new record under the same rule as a
   * load: only if no invalidation of its stripe and no loss of the listener happened since the
   * batch's read began. An id the database no longer has is dropped. Does nothing while the cache
   * does not serve.
   *
   * @return how many entries were read again
   */
  int refresh(long minimumAgeNanos, Function<List<String>, Map<String, StoredToken>> loader) {
    long now = System.nanoTime();
    if (!servingAt(now)) {
      return 0;
    }
    List<String> due = new ArrayList<>();
    for (Map.Entry<String, Entry> cached : entries.asMap().entrySet()) {
      Entry entry = cached.getValue();
      if (entry.served && now - entry.readStartedAt >= minimumAgeNanos) {
        due.add(cached.getKey());
      }
    }
    int refreshed = 0;
    for (int from = 0; from < due.size(); from += REFRESH_BATCH) {
      List<String> batch = due.subList(from, Math.min(due.size(), from + REFRESH_BATCH));
      long[] epochAtStart = new long[batch.size()];
      for (int i = 0; i < epochAtStart.length; i++) {
        epochAtStart[i] = epochs.get(stripe(batch.get(i)));
      }
      long generationAtStart = generation;
      long startedAt = System.nanoTime();
      Map<String, StoredToken> found = loader.apply(batch);
      for (int i = 0; i < epochAtStart.length; i++) {
        String id = batch.get(i);
        int stripe = stripe(id);
        long epoch = epochAtStart[i];
        StoredToken record = found.get(id);
        Entry fresh =
            record == null ? null : new Entry(Optional.of(record), startedAt, bytesOf(record));
        entries
            .asMap()
            .computeIfPresent(
                id,
                (key, old) ->
                    epochs.get(stripe) == epoch
                            && generation == generationAtStart
                            && old.readStartedAt - startedAt <= 0
                            && servingAt(System.nanoTime())
                        ? fresh
                        : old);
        if (record != null) {
          refreshed++;
        }
      }
    }
    return refreshed;
  }

  /** Drops the entries of these ids, and makes loads of them now under way keep nothing. */
  void invalidate(Collection<String> ids) {
    for (String id : ids) {
      epochs.incrementAndGet(stripe(id));
      entries.invalidate(id);
    }
  }

  /**
   * Stops serving at once and drops every entry: the listener is lost, or its health unknown. Loads
   * under way keep nothing.
   */
  synchronized void stopServing() {
    healthy = false;
    healthyUntilNanos = System.nanoTime();
    generation++;
    entries.invalidateAll();
  }

  /**
   * Drops every entry before serving again after a (re)connect: changes made while nobody listened
   * are unknown, so nothing from before may be served.
   */
  synchronized void resynchronize() {
    generation++;
    entries.invalidateAll();
  }

  /**
   * Serves until {@code untilNanos}: the listener has just proved that it hears every change
   * committed before the heartbeat it sent.
   */
  synchronized void serveUntil(long untilNanos) {
    if (closed) {
      return;
    }
    healthyUntilNanos = untilNanos;
    healthy = true;
  }

  /** Stops serving for good: the store was closed. */
  synchronized void close() {
    closed = true;
    stopServing();
  }

  boolean serving() {
    return servingAt(System.nanoTime());
  }

  private boolean servingAt(long now) {
    return healthy && healthyUntilNanos - now > 0;
  }

  long size() {
    entries.cleanUp();
    return entries.estimatedSize();
  }

  long weightedSize() {
    entries.cleanUp();
    return entries.policy().eviction().orElseThrow().weightedSize().orElse(0);
  }

  long maximumEntries() {
    return maximumEntries;
  }

  long maximumBytes() {
    return maximumBytes;
  }

  private static int stripe(String id) {
    return (id.hashCode() & 0x7fffffff) % STRIPES;
  }

  /** A rough size of an entry in bytes: its strings (two bytes a character) and a fixed part. */
  static long bytesOf(StoredToken stored) {
    ApiToken token = stored.token();
    long chars =
        token.id().length() * 2L
            + token.prefix().length()
            + token.name().length()
            + token.description().length()
            + token.organizationId().length()
            + token.scope().projectId().map(String::length).orElse(0)
            + token.owner().map(String::length).orElse(0)
            + token.createdBy().length()
            + stored.secretHash().length();
    for (String permission : token.permissions().values()) {
      chars += permission.length() + 40;
    }
    return ENTRY_OVERHEAD_BYTES + 2 * chars;
  }

  /** A cached answer and when the database read that produced it began. */
  private static final class Entry {
    final Optional<StoredToken> found;
    final long readStartedAt;
    final long bytes;

    /**
     * Whether a lookup was answered with it: only those are refreshed. Written without a fence by
     * any thread (a refresh that misses a write leaves the entry to expire and be loaded again).
     */
    boolean served;

    Entry(Optional<StoredToken> found, long readStartedAt, long bytes) {
      this.found = found;
      this.readStartedAt = readStartedAt;
      this.bytes = bytes;
    }
  }

  /**
   * Expires an entry {@code maxStaleness} after its database read began, whatever happens to it.
   */
  private static final class StalenessBound implements Expiry<String, Entry> {
    private final long maxStalenessNanos;

    StalenessBound(long maxStalenessNanos) {
      this.maxStalenessNanos = maxStalenessNanos;
    }

    @Override
    public long expireAfterCreate(String id, Entry entry, long currentTime) {
      return Math.max(0, entry.readStartedAt + maxStalenessNanos - currentTime);
    }

    @Override
    public long expireAfterUpdate(String id, Entry entry, long currentTime, long currentDuration) {
      return expireAfterCreate(id, entry, currentTime);
    }

    @Override
    public long expireAfterRead(String id, Entry entry, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
