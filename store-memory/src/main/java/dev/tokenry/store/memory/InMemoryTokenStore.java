package dev.tokenry.store.memory;

import dev.tokenry.internal.MemoryTokenStore;
import dev.tokenry.spi.ForwardingTokenStore;
import dev.tokenry.spi.TokenStore;

/**
 * A thread-safe {@link TokenStore} in memory, for tests and single-process applications. Lookups by
 * id never lock; writes take one lock, so uniqueness of names and optimistic concurrency hold under
 * any number of threads. Contents are lost when the process ends.
 *
 * <pre>{@code
 * Tokenry tokenry = Tokenry.builder().store(new InMemoryTokenStore()).build();
 * }</pre>
 */
public final class InMemoryTokenStore extends ForwardingTokenStore {

  private final MemoryTokenStore delegate = new MemoryTokenStore();

  /** Creates an empty store. */
  public InMemoryTokenStore() {}

  @Override
  protected TokenStore delegate() {
    return delegate;
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
