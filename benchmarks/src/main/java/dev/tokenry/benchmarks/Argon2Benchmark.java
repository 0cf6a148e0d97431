package dev.tokenry.benchmarks;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import dev.tokenry.BenchmarkAccess.Parts;
import dev.tokenry.TokenHashers;
import dev.tokenry.TokenPrincipal;
import dev.tokenry.Tokenry;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.TokenHasher;
import dev.tokenry.store.memory.InMemoryTokenStore;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * The {@code argon2id} hasher. Warm: the token verified before, so its hash is in the verification
 * cache; compared with the {@code sha256} verification of the same population. Cold: the cache
 * holds one entry and the tokens alternate, so every verification computes Argon2; compared with
 * one raw argon2-jvm verify of the same hashes. Argon2 parameters are OWASP's minimum (m=19456 KiB,
 * t=2, p=1) unless {@code argon2MemoryKiB} is overridden.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class Argon2Benchmark {

  static final int SAMPLES = 16;

  @Param({"100000"})
  public int storedTokens;

  @Param({"19456"})
  public int argon2MemoryKiB;

  Tokenry warm;
  Tokenry cold;
  Tokenry sha256;
  String[] argon2Presented;
  String[] sha256Presented;
  String[] argon2Hashes;
  Argon2 raw;
  int next;

  @Setup
  public void setUp() {
    TokenHasher warmHasher =
        TokenHashers.argon2idBuilder()
            .memoryKiB(argon2MemoryKiB)
            .iterations(2)
            .parallelism(1)
            .build();
    TokenHasher coldHasher =
        TokenHashers.argon2idBuilder()
            .memoryKiB(argon2MemoryKiB)
            .iterations(2)
            .parallelism(1)
            .cacheSize(1)
            .build();
    InMemoryTokenStore argon2Store = new InMemoryTokenStore();
    argon2Presented =
        Fixtures.populate(
            argon2Store, storedTokens, SAMPLES, warmHasher, TokenHashers.sha256(), null);
    InMemoryTokenStore sha256Store = new InMemoryTokenStore();
    sha256Presented =
        Fixtures.populate(
            sha256Store, storedTokens, SAMPLES, TokenHashers.sha256(), TokenHashers.sha256(), null);
    warm = Tokenry.builder().store(argon2Store).hasher(warmHasher).build();
    cold = Tokenry.builder().store(argon2Store).hasher(coldHasher).build();
    sha256 = Tokenry.builder().store(sha256Store).build();
    argon2Hashes = new String[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      Parts parsed = Fixtures.FORMAT.parse(argon2Presented[i]);
      argon2Hashes[i] = argon2Store.find(parsed.id()).map(StoredToken::secretHash).orElseThrow();
    }
    raw = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, 16, 32);
    for (int i = 0; i < SAMPLES; i++) {
      if (warm.verify(argon2Presented[i]).isEmpty()
          || cold.verify(argon2Presented[i]).isEmpty()
          || sha256.verify(sha256Presented[i]).isEmpty()
          || !rawVerify(i)) {
        throw new IllegalStateException("fixture token does not verify");
      }
    }
  }

  @TearDown
  public void tearDown() {
    warm.close();
    cold.close();
    sha256.close();
  }

  private int next() {
    int i = next;
    next = (i + 1) % SAMPLES;
    return i;
  }

  private boolean rawVerify(int i) {
    String secret = Fixtures.FORMAT.parse(argon2Presented[i]).secret();
    return raw.verify(argon2Hashes[i], secret.toCharArray());
  }

  /** The hash verified before: one SHA-256 and a cache probe instead of Argon2. */
  @Benchmark
  public Optional<TokenPrincipal> verifyWarm(CpuTime cpu) {
    cpu.op();
    return warm.verify(argon2Presented[next()]);
  }

  /** Baseline of the warm path: the default {@code sha256} hasher on the same population. */
  @Benchmark
  public Optional<TokenPrincipal> verifySha256(CpuTime cpu) {
    cpu.op();
    return sha256.verify(sha256Presented[next()]);
  }

  /** Every verification misses the cache and computes Argon2. */
  @Benchmark
  public Optional<TokenPrincipal> verifyCold(CpuTime cpu) {
    cpu.op();
    return cold.verify(argon2Presented[next()]);
  }

  /** Baseline of the cold path: one argon2-jvm verify of the same hash, nothing else. */
  @Benchmark
  public boolean rawArgon2Verify(CpuTime cpu) {
    cpu.op();
    return rawVerify(next());
  }
}
