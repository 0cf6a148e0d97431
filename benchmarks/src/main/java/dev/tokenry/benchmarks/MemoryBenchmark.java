package dev.tokenry.benchmarks;

import dev.tokenry.Actor;
import dev.tokenry.BenchmarkAccess;
import dev.tokenry.BenchmarkAccess.Parts;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.TokenHashers;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import dev.tokenry.spi.TokenHasher;
import dev.tokenry.store.memory.InMemoryTokenStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Memory, reported through counters rather than time. {@code bytesPerStoredToken}: the heap
 * retained by an {@link InMemoryTokenStore} per token issued into it (heap used after full GCs,
 * before and after). {@code argon2BadSecretFlood}: {@code floodThreads} threads present bad secrets
 * for Argon2-hashed tokens at once; reported are the peak number of concurrent Argon2 computations
 * against the configured bound, the cache entries against the cache bound, the heap retained after
 * the flood, and the peak growth of the process's resident memory (Argon2 allocates natively)
 * against {@code maxConcurrent × memoryKiB}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class MemoryBenchmark {

  static final int FLOOD_TOKENS = 48;
  static final int CACHE_SIZE = 16;
  static final int MAX_CONCURRENT = 2;

  @Param({"100000"})
  public int storedTokens;

  @Param({"19456"})
  public int argon2MemoryKiB;

  @Param({"8"})
  public int floodThreads;

  @Param({"12"})
  public int floodRequestsPerThread;

  TokenHasher argon2;
  Tokenry argon2Tokenry;
  String[] badSecrets;

  @Setup
  public void setUp() {
    argon2 =
        TokenHashers.argon2idBuilder()
            .memoryKiB(argon2MemoryKiB)
            .iterations(2)
            .parallelism(1)
            .cacheSize(CACHE_SIZE)
            .maxConcurrent(MAX_CONCURRENT)
            .build();
    InMemoryTokenStore store = new InMemoryTokenStore();
    String[] presented = Fixtures.populate(store, FLOOD_TOKENS, FLOOD_TOKENS, argon2, argon2, null);
    badSecrets = new String[presented.length];
    for (int i = 0; i < presented.length; i++) {
      Parts parsed = Fixtures.FORMAT.parse(presented[i]);
      String secret = parsed.secret();
      String wrong = (secret.charAt(0) == 'A' ? "B" : "A") + secret.substring(1);
      badSecrets[i] = Fixtures.FORMAT.format(parsed.id(), wrong);
    }
    argon2Tokenry = Tokenry.builder().store(store).hasher(argon2).build();
  }

  @TearDown
  public void tearDown() {
    argon2Tokenry.close();
  }

  /** Retained heap per token in the in-memory store. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Footprint {
    public long bytesPerToken;
  }

  /** What a flood of bad secrets did. */
  @AuxCounters(AuxCounters.Type.EVENTS)
  @State(Scope.Thread)
  public static class Flood {
    public long peakConcurrentArgon2;
    public long maxConcurrentArgon2;
    public long cacheEntries;
    public long cacheBound;
    public long retainedHeapGrowthKiB;
    public long peakRssGrowthKiB;
    public long nativeBoundKiB;
    public long accepted;
  }

  @Benchmark
  public void bytesPerStoredToken(Footprint footprint) {
    long before = usedHeapAfterGc();
    InMemoryTokenStore store = new InMemoryTokenStore();
    try (Tokenry tokenry = Tokenry.builder().store(store).build()) {
      Actor actor = Actor.system(Fixtures.ORGANIZATION);
      for (int i = 0; i < storedTokens; i++) {
        tokenry.issue(
            actor,
            TokenRequest.builder()
                .name("token " + i)
                .expiresIn(ExpiryPreset.NINETY_DAYS)
                .type(TokenType.READ_ONLY)
                .build());
      }
    }
    long after = usedHeapAfterGc();
    footprint.bytesPerToken = (after - before) / storedTokens;
    Reference.reachabilityFence(store);
  }

  @Benchmark
  public void argon2BadSecretFlood(Flood flood) throws InterruptedException {
    long heapBefore = usedHeapAfterGc();
    long rssBefore = residentKiB();
    AtomicLong peakRss = new AtomicLong(rssBefore);
    AtomicBoolean running = new AtomicBoolean(true);
    Thread sampler =
        new Thread(
            () -> {
              while (running.get()) {
                peakRss.accumulateAndGet(residentKiB(), Math::max);
                try {
                  Thread.sleep(1);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "rss-sampler");
    sampler.start();
    AtomicLong accepted = new AtomicLong();
    List<Thread> attackers = new ArrayList<>();
    for (int t = 0; t < floodThreads; t++) {
      int offset = t * 7;
      Thread attacker =
          new Thread(
              () -> {
                for (int j = 0; j < floodRequestsPerThread; j++) {
                  if (argon2Tokenry
                      .verify(badSecrets[(offset + j) % badSecrets.length])
                      .isPresent()) {
                    accepted.incrementAndGet();
                  }
                }
              },
              "flood-" + t);
      attackers.add(attacker);
      attacker.start();
    }
    for (Thread attacker : attackers) {
      attacker.join();
    }
    running.set(false);
    sampler.join();
    flood.peakConcurrentArgon2 = BenchmarkAccess.argon2PeakConcurrent(argon2);
    flood.maxConcurrentArgon2 = BenchmarkAccess.argon2MaxConcurrent(argon2);
    flood.cacheEntries = BenchmarkAccess.argon2CachedVerifications(argon2);
    flood.cacheBound = CACHE_SIZE;
    flood.retainedHeapGrowthKiB = (usedHeapAfterGc() - heapBefore) / 1024;
    flood.peakRssGrowthKiB = peakRss.get() - rssBefore;
    flood.nativeBoundKiB = (long) MAX_CONCURRENT * argon2MemoryKiB;
    flood.accepted = accepted.get();
  }

  static long usedHeapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** VmRSS of this process in KiB, or 0 where /proc is missing. */
  static long residentKiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}
