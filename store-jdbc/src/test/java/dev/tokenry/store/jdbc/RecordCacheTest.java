package dev.tokenry.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.TokenFixture;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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
