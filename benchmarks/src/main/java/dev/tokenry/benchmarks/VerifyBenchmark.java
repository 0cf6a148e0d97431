package dev.tokenry.benchmarks;

import dev.tokenry.BenchmarkAccess.Parts;
import dev.tokenry.HmacKey;
import dev.tokenry.TokenHashers;
import dev.tokenry.TokenPrincipal;
import dev.tokenry.Tokenry;
import dev.tokenry.spi.TokenHasher;
import dev.tokenry.store.memory.InMemoryTokenStore;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Tokenry#verify} of valid tokens in the in-memory store, against the floor no verification
 * can beat: parse the same string, one SHA-256 (or HMAC) of the secret, one {@link
 * ConcurrentHashMap} probe among the same ids, one {@link MessageDigest#isEqual}. Also the
 * rejection of a token with a bad checksum, which must cost less than half the floor.
 *
 * <p>The presented tokens rotate over {@value #SAMPLES} tokens spread over the whole store, the
 * same for the verification and its floor. The {@code sideBySide} group runs one verifying thread
 * and one floor thread at the same time, so both see the same load from the rest of the machine.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class VerifyBenchmark {

  static final int SAMPLES = 1024;

  @Param({"sha256", "hmac-sha256"})
  public String hasher;

  @Param({"100000"})
  public int storedTokens;

  Tokenry tokenry;
  String[] presented;
  String[] badChecksum;

  /** The floor's "store": token id to the digest of its secret. */
  final ConcurrentHashMap<String, byte[]> floorMap = new ConcurrentHashMap<>();

  SecretKeySpec hmacKey;

  @Setup
  public void setUp() {
    byte[] keyMaterial = new byte[32];
    Arrays.fill(keyMaterial, (byte) 7);
    hmacKey = new SecretKeySpec(keyMaterial, "HmacSHA256");
    TokenHasher tokenHasher =
        hasher.equals("sha256")
            ? TokenHashers.sha256()
            : TokenHashers.hmacSha256(HmacKey.of("k1", keyMaterial));
    InMemoryTokenStore store = new InMemoryTokenStore();
    Digester digester = new Digester(this);
    presented =
        Fixtures.populate(
            store,
            storedTokens,
            Math.min(SAMPLES, storedTokens),
            tokenHasher,
            tokenHasher,
            (i, id, secret) -> floorMap.put(id, digester.digest(secret)));
    badChecksum = Arrays.stream(presented).map(Fixtures::withBadChecksum).toArray(String[]::new);
    tokenry =
        Tokenry.builder()
            .store(store)
            .hasher(tokenHasher)
            .prefix(Fixtures.PREFIX)
            .lastUsedFlushInterval(Duration.ofSeconds(30))
            .build();
    for (String token : presented) {
      if (tokenry.verify(token).isEmpty() || !floor(token, digester)) {
        throw new IllegalStateException("fixture token does not verify");
      }
    }
  }

  @TearDown
  public void tearDown() {
    tokenry.close();
  }

  /** Per-thread digest and rotation, so threads share nothing but the store. */
  @State(Scope.Thread)
  public static class Digester {
    MessageDigest sha256;
    Mac hmac;
    int next;

    public Digester() {}

    Digester(VerifyBenchmark benchmark) {
      setUp(benchmark);
    }

    @Setup
    public void setUp(VerifyBenchmark benchmark) {
      sha256 = Fixtures.sha256();
      try {
        hmac = Mac.getInstance("HmacSHA256");
        hmac.init(benchmark.hmacKey);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      if (benchmark.hasher.equals("sha256")) {
        hmac = null;
      }
      // Threads start at different places in the rotation, as requests from different clients
      // would, rather than presenting the same token at the same moment.
      if (benchmark.presented != null) {
        next = java.util.concurrent.ThreadLocalRandom.current().nextInt(benchmark.presented.length);
      }
    }

    byte[] digest(String secret) {
      return hmac != null
          ? hmac.doFinal(Fixtures.utf8(secret))
          : sha256.digest(Fixtures.utf8(secret));
    }

    int next(int length) {
      int i = next;
      next = i + 1 == length ? 0 : i + 1;
      return i;
    }
  }

  boolean floor(String token, Digester digester) {
    Parts parsed = Fixtures.FORMAT.parse(token);
    if (parsed == null) {
      return false;
    }
    byte[] expected = floorMap.get(parsed.id());
    return expected != null && MessageDigest.isEqual(expected, digester.digest(parsed.secret()));
  }

  @Benchmark
  @Threads(1)
  public Optional<TokenPrincipal> verify(Digester digester, CpuTime cpu) {
    cpu.op();
    return tokenry.verify(presented[digester.next(presented.length)]);
  }

  @Benchmark
  @Threads(1)
  public boolean floor(Digester digester, CpuTime cpu) {
    cpu.op();
    return floor(presented[digester.next(presented.length)], digester);
  }

  @Benchmark
  @Threads(2)
  public Optional<TokenPrincipal> verifyThreads2(Digester digester, CpuTime cpu) {
    cpu.op();
    return tokenry.verify(presented[digester.next(presented.length)]);
  }

  @Benchmark
  @Threads(2)
  public boolean floorThreads2(Digester digester, CpuTime cpu) {
    cpu.op();
    return floor(presented[digester.next(presented.length)], digester);
  }

  /** A typo or a random guess: rejected on the checksum, before any hashing or store access. */
  @Benchmark
  @Threads(1)
  public Optional<TokenPrincipal> rejectBadChecksum(Digester digester, CpuTime cpu) {
    cpu.op();
    return tokenry.verify(badChecksum[digester.next(badChecksum.length)]);
  }

  @Benchmark
  @Group("sideBySide")
  @GroupThreads(1)
  public Optional<TokenPrincipal> verifying(Digester digester) {
    return tokenry.verify(presented[digester.next(presented.length)]);
  }

  @Benchmark
  @Group("sideBySide")
  @GroupThreads(1)
  public boolean flooring(Digester digester) {
    return floor(presented[digester.next(presented.length)], digester);
  }
}
