package dev.tokenry.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tokenry.TokenHashers;
import dev.tokenry.TokenPrincipal;
import dev.tokenry.Tokenry;
import dev.tokenry.store.jdbc.CacheAccess;
import dev.tokenry.store.jdbc.JdbcTokenStore;
import dev.tokenry.store.memory.InMemoryTokenStore;
import dev.tokenry.testsupport.PostgresServer;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
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
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Warm verification on PostgreSQL with the record cache ({@code JdbcTokenStore.Builder
 * .cacheRecords}) against the same tokens on the memory store, on PostgreSQL without the cache, and
 * against the JWTs teams pick instead: jjwt HS256 and RS256 and Nimbus HS256, each token carrying
 * the claims a Tokenry principal carries (subject = token id, organization, scope, permissions,
 * expiry) and each verification checking signature and expiry and reading the claims. One
 * PostgreSQL server started by this benchmark (test-support's {@link PostgresServer}); 1,024 tokens
 * presented in rotation, all cached after the first round.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class CacheBenchmark {

  static final int SAMPLES = 1024;

  PostgresServer postgres;
  HikariDataSource pool;
  JdbcTokenStore cachedStore;
  Tokenry cached;
  Tokenry uncached;
  Tokenry memory;
  String[] presented;
  String[] jjwtHs256;
  String[] jjwtRs256;
  String[] nimbusHs256;
  JwtParser jjwtHs256Parser;
  JwtParser jjwtRs256Parser;
  MACVerifier nimbusVerifier;
  int next;

  @Setup
  public void setUp() throws Exception {
    postgres = PostgresServer.startNew(Map.of("shared_buffers", "128MB"));
    PGSimpleDataSource driver = postgres.newDatabase();
    driver.setSocketTimeout(60);
    HikariConfig config = new HikariConfig();
    config.setDataSource(driver);
    config.setMaximumPoolSize(4);
    pool = new HikariDataSource(config);
    JdbcTokenStore plain =
        JdbcTokenStore.builder().dataSource(pool).createTablesIfMissing(true).build();
    InMemoryTokenStore memoryStore = new InMemoryTokenStore();
    presented =
        Fixtures.populate(
            plain,
            SAMPLES,
            SAMPLES,
            TokenHashers.sha256(),
            TokenHashers.sha256(),
            (i, id, secret) -> {});
    for (String token : presented) {
      memoryStore.insert(plain.find(Fixtures.FORMAT.parse(token).id()).orElseThrow());
    }
    cachedStore =
        JdbcTokenStore.builder()
            .dataSource(pool)
            .listenerDataSource(driver)
            .cacheRecords(Duration.ofSeconds(1))
            .build();
    cached = Tokenry.builder().store(cachedStore).build();
    uncached = Tokenry.builder().store(plain).build();
    memory = Tokenry.builder().store(memoryStore).build();
    awaitServing();
    for (String token : presented) {
      requirePresent(cached.verify(token));
      requirePresent(uncached.verify(token));
      requirePresent(memory.verify(token));
    }

    byte[] hmacKey = new byte[32];
    new SecureRandom().nextBytes(hmacKey);
    SecretKey hs256 = new SecretKeySpec(hmacKey, "HmacSHA256");
    KeyPair rsa = rsaKeyPair();
    jjwtHs256Parser = Jwts.parser().verifyWith(hs256).build();
    jjwtRs256Parser = Jwts.parser().verifyWith(rsa.getPublic()).build();
    nimbusVerifier = new MACVerifier(hmacKey);
    MACSigner nimbusSigner = new MACSigner(hmacKey);
    jjwtHs256 = new String[SAMPLES];
    jjwtRs256 = new String[SAMPLES];
    nimbusHs256 = new String[SAMPLES];
    Date expiry = Date.from(Instant.now().plus(Duration.ofDays(90)));
    for (int i = 0; i < SAMPLES; i++) {
      String subject = Fixtures.FORMAT.parse(presented[i]).id();
      jjwtHs256[i] = jjwt(subject, expiry).signWith(hs256, Jwts.SIG.HS256).compact();
      jjwtRs256[i] = jjwt(subject, expiry).signWith(rsa.getPrivate(), Jwts.SIG.RS256).compact();
      SignedJWT jwt =
          new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), nimbusClaims(subject, expiry));
      jwt.sign(nimbusSigner);
      nimbusHs256[i] = jwt.serialize();
    }
    jjwtHs256(new CpuTime());
    jjwtRs256(new CpuTime());
    nimbusHs256(new CpuTime());
  }

  private void awaitServing() throws InterruptedException {
    // The cache serves once its listener's first heartbeat is back; until then every verification
    // reads the database, which is not what this benchmark measures.
    String probe = presented[0];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Thread.sleep(100);
      requirePresent(cached.verify(probe));
      if (CacheAccess.serving(cachedStore)) {
        return;
      }
    }
    throw new IllegalStateException("the record cache did not start serving within 30 s");
  }

  private static io.jsonwebtoken.JwtBuilder jjwt(String subject, Date expiry) {
    return Jwts.builder()
        .subject(subject)
        .claim("org", Fixtures.ORGANIZATION)
        .claim("scope", Map.of("type", "organization", "organizationId", Fixtures.ORGANIZATION))
        .claim("permissions", List.of("*:read"))
        .expiration(expiry);
  }

  private static JWTClaimsSet nimbusClaims(String subject, Date expiry) {
    return new JWTClaimsSet.Builder()
        .subject(subject)
        .claim("org", Fixtures.ORGANIZATION)
        .claim("scope", Map.of("type", "organization", "organizationId", Fixtures.ORGANIZATION))
        .claim("permissions", List.of("*:read"))
        .expirationTime(expiry)
        .build();
  }

  private static KeyPair rsaKeyPair() throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static void requirePresent(Optional<TokenPrincipal> principal) {
    if (principal.isEmpty()) {
      throw new IllegalStateException("fixture token does not verify");
    }
  }

  @TearDown
  public void tearDown() {
    cached.close();
    uncached.close();
    memory.close();
    cachedStore.close();
    pool.close();
    postgres.close();
  }

  private int next() {
    int i = next;
    next = i + 1 == SAMPLES ? 0 : i + 1;
    return i;
  }

  @Benchmark
  public Optional<TokenPrincipal> verifyPostgresCached(CpuTime cpu) {
    cpu.op();
    return cached.verify(presented[next()]);
  }

  @Benchmark
  public Optional<TokenPrincipal> verifyPostgresUncached(CpuTime cpu) {
    cpu.op();
    return uncached.verify(presented[next()]);
  }

  @Benchmark
  public Optional<TokenPrincipal> verifyMemory(CpuTime cpu) {
    cpu.op();
    return memory.verify(presented[next()]);
  }

  @Benchmark
  public Object jjwtHs256(CpuTime cpu) {
    cpu.op();
    Claims claims = jjwtHs256Parser.parseSignedClaims(jjwtHs256[next()]).getPayload();
    return claims.get("permissions");
  }

  @Benchmark
  public Object jjwtRs256(CpuTime cpu) {
    cpu.op();
    Claims claims = jjwtRs256Parser.parseSignedClaims(jjwtRs256[next()]).getPayload();
    return claims.get("permissions");
  }

  @Benchmark
  public Object nimbusHs256(CpuTime cpu) throws ParseException, JOSEException {
    cpu.op();
    SignedJWT jwt = SignedJWT.parse(nimbusHs256[next()]);
    if (!jwt.verify(nimbusVerifier)) {
      throw new IllegalStateException("signature");
    }
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    if (!claims.getExpirationTime().after(new Date())) {
      throw new IllegalStateException("expired");
    }
    return claims.getClaim("permissions");
  }
}
