package dev.tokenry.spi;

import dev.tokenry.internal.MemoryTokenStore;

/** A store behind a {@link ForwardingTokenStore} that overrides nothing still keeps the contract. */
class ForwardingTokenStoreContractTest extends TokenStoreContract {

  @Override
  protected TokenStore createStore() {
    MemoryTokenStore store = new MemoryTokenStore();
    return new ForwardingTokenStore() {
      @Override
      protected TokenStore delegate() {
        return store;
      }
    };
  }
}
