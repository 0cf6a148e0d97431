package dev.tokenry;

import static java.util.Objects.requireNonNull;

import de.mkammerer.argon2.Argon2;
import de.mkammerer.argon2.Argon2Factory;
import dev.tokenry.spi.TokenHasher;
import java.security.MessageDigest;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code $argon2id$v=19$m=...,t=...,p=...$<salt>$<hash>} through argon2-jvm, for deployments whose
 * policy requires a memory-hard hash.
 *
 * <p>An Argon2 computation costs milliseconds and {@code m} KiB of native memory, so two guards
 * stand in front of it. A bounded verification cache maps a stored hash to the SHA-256 of the
 * secret that last verified against it: a repeat verification costs one SHA-256, and a different
 * secret presented for a cached hash is rejected without Argon2, since only one secret can match a
 * hash. A semaphore bounds how many Argon2 computations run at once, so a flood of bad secrets for
 * uncached tokens waits its turn instead of exhausting CPU and memory.
 */
final class Argon2idHasher implements TokenHasher {

  private static final String MARK = "$argon2id$";

  private final Argon2 argon2;
  private final int memoryKiB;
  private final int iterations;
  private final int parallelism;
  private final int maxConcurrent;
  private final Semaphore permits;
  private final BoundedCache<String, byte[]> verified;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger peakRunning = new AtomicInteger();

  /**
   * Creates the hasher.
   *
   * @param memoryKiB memory cost in KiB
   * @param iterations time cost
   * @param parallelism lanes
   * @param cacheSize how many verified hashes to remember
   * @param maxConcurrent how many Argon2 computations may run at once
   */
  public Argon2idHasher(
      int memoryKiB, int iterations, int parallelism, int cacheSize, int maxConcurrent) {
    this.argon2 = Argon2Factory.create(Argon2Factory.Argon2Types.ARGON2id, 16, 32);
    this.memoryKiB = memoryKiB;
    this.iterations = iterations;
    this.parallelism = parallelism;
    this.maxConcurrent = maxConcurrent;
    this.permits = new Semaphore(maxConcurrent, true);
    this.verified = new BoundedCache<>(cacheSize);
  }

  @Override
  public String algorithm() {
    return "argon2id";
  }

  @Override
  public String hash(String secret) {
    requireNonNull(secret, "secret must not be null");
    char[] chars = secret.toCharArray();
    acquire();
    try {
      String hash = argon2.hash(iterations, memoryKiB, parallelism, chars);
      verified.put(hash, Digests.sha256(secret));
      return hash;
    } finally {
      release();
      argon2.wipeArray(chars);
    }
  }

  @Override
  public boolean recognizes(String storedHash) {
    return storedHash.startsWith(MARK);
  }

  @Override
  public boolean matches(String secret, String storedHash) {
    byte[] presented = Digests.sha256(secret);
    byte[] known = verified.get(storedHash);
    if (known != null) {
      // Constant-time comparison of the SHA-256 of the secret that verified before.
      return MessageDigest.isEqual(known, presented);
    }
    char[] chars = secret.toCharArray();
    boolean ok;
    acquire();
    try {
      ok = argon2.verify(storedHash, chars);
    } finally {
      release();
      argon2.wipeArray(chars);
    }
    if (ok) {
      verified.put(storedHash, presented);
    }
    return ok;
  }

  @Override
  public boolean needsRehash(String storedHash) {
    return argon2.needsRehash(storedHash, iterations, memoryKiB, parallelism);
  }

  private void acquire() {
    try {
      permits.acquire();
      peakRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenryException("Interrupted while waiting to compute an Argon2 hash.", e);
    }
  }

  private void release() {
    running.decrementAndGet();
    permits.release();
  }

  /**
   * Returns the most Argon2 computations that ever ran at once, for tests and metrics.
   *
   * @return the peak, never above {@link #maxConcurrent()}
   */
  public int peakConcurrent() {
    return peakRunning.get();
  }

  /**
   * Returns how many verified hashes the cache holds now, for tests and metrics.
   *
   * @return the cache size
   */
  public int cachedVerifications() {
    return verified.size();
  }

  /**
   * Returns how many Argon2 computations may run at once.
   *
   * @return the bound
   */
  public int maxConcurrent() {
    return maxConcurrent;
  }

  @Override
  public String toString() {
    return "TokenHasher[argon2id, m="
        + memoryKiB
        + ", t="
        + iterations
        + ", p="
        + parallelism
        + ", maxConcurrent="
        + maxConcurrent
        + "]";
  }
}
