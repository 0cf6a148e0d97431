package dev.tokenry.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link TokenStore} that hands every call to another store. Extend it to decorate a store —
 * count or time calls, inject faults in tests — and override only the methods you change.
 *
 * <pre>{@code
 * final class CountingStore extends ForwardingTokenStore {
 *   private final TokenStore store;
 *   final LongAdder finds = new LongAdder();
 *
 *   CountingStore(TokenStore store) {
 *     this.store = store;
 *   }
 *
 *   protected TokenStore delegate() {
 *     return store;
 *   }
 *
 *   public Optional<StoredToken> find(String id) {
 *     finds.increment();
 *     return super.find(id);
 *   }
 * }
 * }</pre>
 */
public abstract class ForwardingTokenStore implements TokenStore {

  /** For subclasses. */
  protected ForwardingTokenStore() {}

  /**
   * Returns the store calls go to. Called once per call, so it may change between calls.
   *
   * @return the store
   */
  protected abstract TokenStore delegate();

  @Override
  public void insert(StoredToken token) {
    delegate().insert(token);
  }

  @Override
  public Optional<StoredToken> find(String id) {
    return delegate().find(id);
  }

  @Override
  public StoredTokenPage list(TokenQuery query) {
    return delegate().list(query);
  }

  @Override
  public StoredToken update(StoredToken token, long expectedVersion) {
    return delegate().update(token, expectedVersion);
  }

  @Override
  public boolean delete(String id) {
    return delegate().delete(id);
  }

  @Override
  public int deleteAll(Collection<String> ids) {
    return delegate().deleteAll(ids);
  }

  @Override
  public void recordLastUsed(Map<String, Instant> lastUsed) {
    delegate().recordLastUsed(lastUsed);
  }

  @Override
  public void recordLastUse(Map<String, LastUse> uses) {
    delegate().recordLastUse(uses);
  }

  @Override
  public List<ExpiringToken> findExpiring(
      Instant from, Instant until, Optional<ExpiringToken> after, int limit) {
    return delegate().findExpiring(from, until, after, limit);
  }

  @Override
  public boolean claimExpiryNotice(String id, Instant expiresAt, Instant noticeAt) {
    return delegate().claimExpiryNotice(id, expiresAt, noticeAt);
  }

  @Override
  public List<StoredToken> findIdle(Instant activeBefore, Optional<String> afterId, int limit) {
    return delegate().findIdle(activeBefore, afterId, limit);
  }
}
