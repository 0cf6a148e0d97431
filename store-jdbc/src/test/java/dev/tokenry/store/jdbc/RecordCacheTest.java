package dev.tokenry.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.TokenFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cache on its own, with a loader in place of the database: what it keeps, for how long, and
 * that a load racing an invalidation or a loss of the listener keeps nothing.
 */
@Timeout(60)
class RecordCacheTest {

  private static final long FOREVER = TimeUnit.DAYS.toNanos(1);

  private final StoredToken token = TokenFixture.organizationToken("org").build();
  private final AtomicInteger loads = new AtomicInteger();
  private final Function<String, Optional<StoredToken>> loader = this::load;

  private Optional<StoredToken> load(String id) {
    loads.incrementAndGet();
    return Optional.of(token);
  }

  private static RecordCache serving(Duration maxStaleness) {
    RecordCache cache = new RecordCache(maxStaleness, 1_000, 16L * 1024 * 1024);
    cache.serveUntil(System.nanoTime() + FOREVER);
    return cache;
  }

  private final AtomicInteger refreshReads = new AtomicInteger();

  /** A batch loader that finds every id, as the database would while the token exists. */
  private Map<String, StoredToken> loadAll(List<String> ids) {
    refreshReads.addAndGet(ids.size());
    return ids.stream().collect(Collectors.toMap(id -> id, id -> token));
  }

  @Test
  void refreshWhenServedThenReadAgainAndServedBeyondFirstReadsBound() throws InterruptedException {
    RecordCache cache = serving(Duration.ofSeconds(1));
    long firstRead = System.nanoTime();
    cache.find(token.id(), loader);
    cache.find(token.id(), loader);
    Thread.sleep(500);

    assertThat(cache.refresh(TimeUnit.MILLISECONDS.toNanos(300), this::loadAll)).isOne();
    sleepUntil(firstRead + TimeUnit.MILLISECONDS.toNanos(1_100));
    cache.find(token.id(), loader);

    assertThat(refreshReads).hasValue(1);
    assertThat(loads).as("served from the refreshed entry").hasValue(1);
  }

  @Test
  void refreshWhenRefreshedEntryOlderThanBoundThenLoadsAgain() throws InterruptedException {
    RecordCache cache = serving(Duration.ofMillis(200));
    cache.find(token.id(), loader);
    cache.find(token.id(), loader);
    cache.refresh(0, this::loadAll);

    Thread.sleep(250);
    cache.find(token.id(), loader);

    assertThat(loads).hasValue(2);
  }

  @Test
  void refreshWhenEntryNeverServedOrTooYoungThenNotReadAgain() {
    RecordCache cache = serving(Duration.ofMinutes(1));
    StoredToken other = TokenFixture.organizationToken("org").build();
    cache.find(token.id(), loader);
    cache.find(other.id(), id -> Optional.of(other));
    cache.find(other.id(), id -> Optional.of(other));

    assertThat(cache.refresh(0, this::loadAll)).as("only the served entry").isOne();
    assertThat(cache.refresh(TimeUnit.SECONDS.toNanos(10), this::loadAll))
        .as("nothing is ten seconds old")
        .isZero();
  }

  @Test
  void refreshWhenRowGoneThenEntryDropped() {
    RecordCache cache = serving(Duration.ofMinutes(1));
    cache.find(token.id(), loader);
    cache.find(token.id(), loader);

    cache.refresh(0, ids -> Map.of());

    assertThat(cache.size()).isZero();
    cache.find(token.id(), loader);
    assertThat(loads).hasValue(2);
  }

  @Test
  void refreshWhenInvalidatedDuringReadThenRefreshedRecordNotKept() {
    RecordCache cache = serving(Duration.ofMinutes(1));
    cache.find(token.id(), loader);
    cache.find(token.id(), loader);

    cache.refresh(
        0,
        ids -> {
          // The change's notification arrives while the batch is being read.
          cache.invalidate(List.of(token.id()));
          return loadAll(ids);
        });

    assertThat(cache.size()).isZero();
  }

  @Test
  void refreshWhenEntryLoadedAgainDuringReadThenNewerEntryKept() throws InterruptedException {
    RecordCache cache = serving(Duration.ofMillis(300));
    cache.find(token.id(), loader);
    cache.find(token.id(), loader);

    cache.refresh(
        0,
        ids -> {
          // Meanwhile the entry expired and a lookup loaded it again, after the batch began.
          try {
            Thread.sleep(320);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          cache.find(token.id(), loader);
          return loadAll(ids);
        });
    Thread.sleep(100);
    cache.find(token.id(), loader);

    assertThat(loads)
        .as("the newer load stays; the refresh's older read would have expired by now")
        .hasValue(2);
  }

  @Test
  void refreshWhenNotServingThenReadsNothing() {
    RecordCache cache = serving(Duration.ofMinutes(1));
    cache.find(token.id(), loader);
    cache.find(token.id(), loader);
    cache.stopServing();

    assertThat(cache.refresh(0, this::loadAll)).isZero();
    assertThat(refreshReads).hasValue(0);
  }

  @Test
  void refreshWhenMoreThanOneBatchThenEveryBatchAtMostBatchSize() {
    RecordCache cache = serving(Duration.ofMinutes(1));
    List<Integer> batchSizes = new ArrayList<>();
    for (int i = 0; i < 900; i++) {
      StoredToken each = TokenFixture.organizationToken("org").build();
      cache.find(each.id(), id -> Optional.of(each));
      cache.find(each.id(), id -> Optional.of(each));
    }

    int refreshed =
        cache.refresh(
            0,
            ids -> {
              batchSizes.add(ids.size());
              return Map.of();
            });

    assertThat(refreshed).isZero();
    assertThat(batchSizes).containsExactly(500, 400);
    assertThat(cache.size()).isZero();
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  @Test
  void findWhenFoundOnceThenServedFromMemory() {
    RecordCache cache = serving(Duration.ofMinutes(1));

    assertThat(cache.find(token.id(), loader)).contains(token);
    assertThat(cache.find(token.id(), loader)).contains(token);

    assertThat(loads).hasValue(1);
  }

  @Test
  void findWhenUnknownThenNothingKept() {
    RecordCache cache = serving(Duration.ofMinutes(1));
    AtomicInteger misses = new AtomicInteger();
    Function<String, Optional<StoredToken>> nothing =
        id -> {
          misses.incrementAndGet();
          return Optional.empty();
        };

    cache.find("unknown", nothing);
    cache.find("unknown", nothing);

    assertThat(misses).hasValue(2);
    assertThat(cache.size()).isZero();
  }

  @Test
  void findWhenNotServingThenEveryCallLoadsAndKeepsNothing() {
    RecordCache cache = new RecordCache(Duration.ofMinutes(1), 1_000, 16L * 1024 * 1024);

    cache.find(token.id(), loader);
    cache.find(token.id(), loader);

    assertThat(loads).hasValue(2);
    assertThat(cache.size()).isZero();
  }

  @Test
  void findWhenLeaseRanOutThenLoadsAgain() {
    RecordCache cache = serving(Duration.ofMinutes(1));
    cache.find(token.id(), loader);

    cache.serveUntil(System.nanoTime() - 1);
    cache.find(token.id(), loader);

    assertThat(loads).hasValue(2);
  }

  @Test
  void findWhenOlderThanMaxStalenessThenLoadsAgain() throws InterruptedException {
    RecordCache cache = serving(Duration.ofMillis(50));
    cache.find(token.id(), loader);

    Thread.sleep(60);
    cache.find(token.id(), loader);

    assertThat(loads).hasValue(2);
  }

  @Test
  void findWhenInvalidatedThenLoadsAgain() {
    RecordCache cache = serving(Duration.ofMinutes(1));
    cache.find(token.id(), loader);

    cache.invalidate(List.of(token.id()));
    cache.find(token.id(), loader);

    assertThat(loads).hasValue(2);
  }

  @Test
  void findWhenInvalidatedDuringLoadThenLoadedRecordNotKept() throws Exception {
    RecordCache cache = serving(Duration.ofMinutes(1));
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch invalidated = new CountDownLatch(1);
    Function<String, Optional<StoredToken>> slowRead =
        id -> {
          reading.countDown();
          await(invalidated);
          return Optional.of(token);
        };

    CompletableFuture<Optional<StoredToken>> load =
        CompletableFuture.supplyAsync(() -> cache.find(token.id(), slowRead));
    assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
    cache.invalidate(List.of(token.id()));
    invalidated.countDown();

    assertThat(load.get(10, TimeUnit.SECONDS)).contains(token);
    assertThat(cache.size()).isZero();
    cache.find(token.id(), loader);
    assertThat(loads).hasValue(1);
  }

  @Test
  void findWhenListenerLostDuringLoadThenLoadedRecordNotKept() throws Exception {
    RecordCache cache = serving(Duration.ofMinutes(1));
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch lost = new CountDownLatch(1);
    Function<String, Optional<StoredToken>> slowRead =
        id -> {
          reading.countDown();
          await(lost);
          return Optional.of(token);
        };

    CompletableFuture<Optional<StoredToken>> load =
        CompletableFuture.supplyAsync(() -> cache.find(token.id(), slowRead));
    assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
    cache.stopServing();
    cache.resynchronize();
    cache.serveUntil(System.nanoTime() + FOREVER);
    lost.countDown();

    load.get(10, TimeUnit.SECONDS);
    assertThat(cache.size()).isZero();
  }

  @Test
  void findWhenOtherIdInvalidatedDuringLoadThenMostLoadsStillKept() {
    RecordCache cache = serving(Duration.ofMinutes(1));
    cache.invalidate(List.of("someOtherId00000"));

    cache.find(token.id(), loader);

    assertThat(cache.size()).isOne();
  }

  @Test
  void findWhenStoppedServingThenEntriesDropped() {
    RecordCache cache = serving(Duration.ofMinutes(1));
    cache.find(token.id(), loader);

    cache.stopServing();

    assertThat(cache.serving()).isFalse();
    assertThat(cache.size()).isZero();
  }

  @Test
  void serveUntilWhenClosedThenStillNotServing() {
    RecordCache cache = serving(Duration.ofMinutes(1));

    cache.close();
    cache.serveUntil(System.nanoTime() + FOREVER);

    assertThat(cache.serving()).isFalse();
  }

  @Test
  void findWhenMillionDistinctIdsThenEntriesAndWeightWithinBounds() {
    long maximumEntries = 10_000;
    long maximumBytes = 2L * 1024 * 1024;
    RecordCache cache = new RecordCache(Duration.ofMinutes(1), maximumEntries, maximumBytes);
    cache.serveUntil(System.nanoTime() + FOREVER);
    // One record under a million keys: the cache weighs what it holds, whatever the key.
    Optional<StoredToken> record = Optional.of(token);
    Function<String, Optional<StoredToken>> anyId = id -> record;

    for (int i = 0; i < 1_000_000; i++) {
      cache.find("id" + (10_000_000_000_000L + i), anyId);
    }

    assertThat(cache.size()).isLessThanOrEqualTo(maximumEntries).isPositive();
    assertThat(cache.weightedSize()).isLessThanOrEqualTo(maximumBytes);
  }

  @Test
  void bytesOfWhenRecordHasLongFieldsThenWeighsMore() {
    StoredToken small = TokenFixture.organizationToken("org").build();
    StoredToken large = TokenFixture.copyOf(small).description("d".repeat(1_000)).build();

    assertThat(RecordCache.bytesOf(large)).isGreaterThan(RecordCache.bytesOf(small) + 1_999);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
