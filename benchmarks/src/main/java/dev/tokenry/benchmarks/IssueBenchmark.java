package dev.tokenry.benchmarks;

import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.IssuedToken;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import dev.tokenry.spi.ForwardingTokenStore;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.StoredTokenPage;
import dev.tokenry.spi.TokenQuery;
import dev.tokenry.spi.TokenStore;
import dev.tokenry.store.memory.InMemoryTokenStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Tokenry#issue} of an organization token ({@code sha256}, in-memory store) against its
 * floor: 48 bytes from {@link SecureRandom} (the id and the secret) and one SHA-256. So that the
 * heap does not fill with millions of tokens, the store is replaced by an empty one every {@value
 * #STORE_CAPACITY} tokens; a token still costs a real insert into a real store.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class IssueBenchmark {

  static final int STORE_CAPACITY = 50_000;
  static final Actor ACTOR = Actor.system(Fixtures.ORGANIZATION);

  Tokenry tokenry;
  Tokenry tokenryWithoutStore;
  long issued;
  final SecureRandom random = new SecureRandom();
  final byte[] bytes = new byte[48];
  MessageDigest sha256;

  @Setup
  public void setUp() {
    tokenry = Tokenry.builder().store(new RecyclingStore()).build();
    tokenryWithoutStore = Tokenry.builder().store(new DiscardingStore()).build();
    sha256 = Fixtures.sha256();
  }

  @TearDown
  public void tearDown() {
    tokenry.close();
    tokenryWithoutStore.close();
  }

  @Benchmark
  public IssuedToken issue(CpuTime cpu) {
    cpu.op();
    return tokenry.issue(
        ACTOR,
        TokenRequest.builder()
            .name("token " + issued++)
            .expiresIn(ExpiryPreset.NINETY_DAYS)
            .type(TokenType.READ_ONLY)
            .build());
  }

  /** Not a target: the same with a store that keeps nothing, to show what the store write costs. */
  @Benchmark
  public IssuedToken issueWithoutStoreWrite(CpuTime cpu) {
    cpu.op();
    return tokenryWithoutStore.issue(
        ACTOR,
        TokenRequest.builder()
            .name("token " + issued++)
            .expiresIn(ExpiryPreset.NINETY_DAYS)
            .type(TokenType.READ_ONLY)
            .build());
  }

  @Benchmark
  public byte[] secureRandomAndSha256(CpuTime cpu) {
    cpu.op();
    random.nextBytes(bytes);
    return sha256.digest(bytes);
  }

  /** An in-memory store that starts over, empty, every {@value #STORE_CAPACITY} inserts. */
  static final class RecyclingStore extends ForwardingTokenStore {
    private InMemoryTokenStore delegate = new InMemoryTokenStore();
    private int inserted;

    @Override
    protected TokenStore delegate() {
      return delegate;
    }

    @Override
    public void insert(StoredToken token) {
      if (++inserted == STORE_CAPACITY) {
        delegate = new InMemoryTokenStore();
        inserted = 0;
      }
      delegate.insert(token);
    }
  }

  /** Keeps nothing: every insert succeeds, every lookup finds nothing. */
  static final class DiscardingStore implements TokenStore {
    @Override
    public void insert(StoredToken token) {}

    @Override
    public Optional<StoredToken> find(String id) {
      return Optional.empty();
    }

    @Override
    public StoredTokenPage list(TokenQuery query) {
      return new StoredTokenPage(java.util.List.of(), Optional.empty());
    }

    @Override
    public StoredToken update(StoredToken token, long expectedVersion) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean delete(String id) {
      return false;
    }

    @Override
    public int deleteAll(Collection<String> ids) {
      return 0;
    }

    @Override
    public void recordLastUsed(Map<String, Instant> lastUsed) {}
  }
}
