package dev.tokenry.benchmarks;

import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.StoredTokenPage;
import dev.tokenry.spi.TokenQuery;
import dev.tokenry.spi.TokenStore;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/** Delegates to another store and counts the last-used writes: batches, and rows in them. */
final class CountingTokenStore implements TokenStore {

  private final TokenStore delegate;
  final LongAdder lastUsedBatches = new LongAdder();
  final LongAdder lastUsedRows = new LongAdder();

  CountingTokenStore(TokenStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public void insert(StoredToken token) {
    delegate.insert(token);
  }

  @Override
  public Optional<StoredToken> find(String id) {
    return delegate.find(id);
  }

  @Override
  public StoredTokenPage list(TokenQuery query) {
    return delegate.list(query);
  }

  @Override
  public StoredToken update(StoredToken token, long expectedVersion) {
    return delegate.update(token, expectedVersion);
  }

  @Override
  public boolean delete(String id) {
    return delegate.delete(id);
  }

  @Override
  public int deleteAll(Collection<String> ids) {
    return delegate.deleteAll(ids);
  }

  @Override
  public void recordLastUsed(Map<String, Instant> lastUsed) {
    lastUsedBatches.increment();
    lastUsedRows.add(lastUsed.size());
    delegate.recordLastUsed(lastUsed);
  }
}
