package dev.tokenry.benchmarks;

import dev.tokenry.spi.ForwardingTokenStore;
import dev.tokenry.spi.LastUse;
import dev.tokenry.spi.TokenStore;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Delegates to another store and counts the last-used writes: batches, and rows in them. */
final class CountingTokenStore extends ForwardingTokenStore {

  private final TokenStore delegate;
  final LongAdder lastUsedBatches = new LongAdder();
  final LongAdder lastUsedRows = new LongAdder();

  CountingTokenStore(TokenStore delegate) {
    this.delegate = delegate;
  }

  @Override
  protected TokenStore delegate() {
    return delegate;
  }

  @Override
  public void recordLastUsed(Map<String, Instant> lastUsed) {
    lastUsedBatches.increment();
    lastUsedRows.add(lastUsed.size());
    delegate.recordLastUsed(lastUsed);
  }

  /** What Tokenry's write-behind calls: the instants with the client addresses. */
  @Override
  public void recordLastUse(Map<String, LastUse> uses) {
    lastUsedBatches.increment();
    lastUsedRows.add(uses.size());
    delegate.recordLastUse(uses);
  }
}
