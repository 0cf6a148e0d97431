package dev.tokenry.testing;

import dev.tokenry.TokenStoreUnavailableException;
import dev.tokenry.spi.ExpiringToken;
import dev.tokenry.spi.LastUse;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.StoredTokenPage;
import dev.tokenry.spi.TokenQuery;
import dev.tokenry.spi.TokenStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real in-memory store with a window onto it: counts the calls verification makes, and can be
 * switched "down" to answer every call with {@link TokenStoreUnavailableException}, the way a store
 * whose database is gone does.
 */
public final class ObservedStore implements TokenStore {

  private final TokenStore delegate;
  public final AtomicInteger finds = new AtomicInteger();
  public final AtomicInteger updates = new AtomicInteger();
  public final AtomicInteger lastUsedBatches = new AtomicInteger();
  public final AtomicInteger lastUsedWrites = new AtomicInteger();
  private volatile boolean down;
  private volatile boolean lastUsedDown;

  /** Observes core's test store. */
  public ObservedStore() {
    this(new SimpleTokenStore());
  }

  /**
   * Observes another real store, such as a JDBC store on H2 or PostgreSQL.
   *
   * @param delegate the store that holds the tokens
   */
  public ObservedStore(TokenStore delegate) {
    this.delegate = delegate;
  }

  /**
   * Makes every call fail as if the database were unreachable, or recover.
   *
   * @param down true to fail
   */
  public void down(boolean down) {
    this.down = down;
  }

  /**
   * Makes only last-used writes fail, or recover.
   *
   * @param down true to fail
   */
  public void lastUsedDown(boolean down) {
    this.lastUsedDown = down;
  }

  private void check() {
    if (down) {
      throw new TokenStoreUnavailableException("test: store is down");
    }
  }

  @Override
  public void insert(StoredToken token) {
    check();
    delegate.insert(token);
  }

  @Override
  public Optional<StoredToken> find(String id) {
    finds.incrementAndGet();
    check();
    return delegate.find(id);
  }

  @Override
  public StoredTokenPage list(TokenQuery query) {
    check();
    return delegate.list(query);
  }

  @Override
  public StoredToken update(StoredToken token, long expectedVersion) {
    updates.incrementAndGet();
    check();
    return delegate.update(token, expectedVersion);
  }

  @Override
  public boolean delete(String id) {
    check();
    return delegate.delete(id);
  }

  @Override
  public int deleteAll(Collection<String> ids) {
    check();
    return delegate.deleteAll(ids);
  }

  @Override
  public void recordLastUsed(Map<String, Instant> lastUsed) {
    lastUsedBatches.incrementAndGet();
    check();
    if (lastUsedDown) {
      throw new TokenStoreUnavailableException("test: last-used write failed");
    }
    lastUsedWrites.addAndGet(lastUsed.size());
    delegate.recordLastUsed(lastUsed);
  }

  @Override
  public void recordLastUse(Map<String, LastUse> uses) {
    lastUsedBatches.incrementAndGet();
    check();
    if (lastUsedDown) {
      throw new TokenStoreUnavailableException("test: last-used write failed");
    }
    lastUsedWrites.addAndGet(uses.size());
    delegate.recordLastUse(uses);
  }

  @Override
  public List<ExpiringToken> findExpiring(
      Instant from, Instant until, Optional<ExpiringToken> after, int limit) {
    check();
    return delegate.findExpiring(from, until, after, limit);
  }

  @Override
  public boolean claimExpiryNotice(String id, Instant expiresAt, Instant noticeAt) {
    check();
    return delegate.claimExpiryNotice(id, expiresAt, noticeAt);
  }

  @Override
  public List<StoredToken> findIdle(Instant activeBefore, Optional<String> afterId, int limit) {
    check();
    return delegate.findIdle(activeBefore, afterId, limit);
  }

  /**
   * Reads a stored token directly, bypassing the counters.
   *
   * @param id the id
   * @return the stored token
   */
  public StoredToken peek(String id) {
    return delegate.find(id).orElseThrow();
  }
}
