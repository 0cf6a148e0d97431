package dev.tokenry.store.memory;

import dev.tokenry.internal.MemoryTokenStore;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.StoredTokenPage;
import dev.tokenry.spi.TokenQuery;
import dev.tokenry.spi.TokenStore;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * A thread-safe {@link TokenStore} in memory, for tests and single-process applications. Lookups by
 * id never lock; writes take one lock, so uniqueness of names and optimistic concurrency hold under
 * any number of threads. Contents are lost when the process ends.
 *
 * <pre>{@code
 * Tokenry tokenry = Tokenry.builder().store(new InMemoryTokenStore()).build();
 * }</pre>
 */
public final class InMemoryTokenStore implements TokenStore {

  private final MemoryTokenStore delegate = new MemoryTokenStore();

  /** Creates an empty store. */
  public InMemoryTokenStore() {}

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
    delegate.recordLastUsed(lastUsed);
  }

  /**
   * Returns how many tokens the store holds.
   *
   * @return the count
   */
  public int size() {
    return delegate.size();
  }

  @Override
  public String toString() {
    return "InMemoryTokenStore[" + delegate.size() + " tokens]";
  }
}
