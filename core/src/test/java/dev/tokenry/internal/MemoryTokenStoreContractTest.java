package dev.tokenry.internal;

import dev.tokenry.spi.TokenStore;
import dev.tokenry.spi.TokenStoreContract;

/** Runs the store contract against the in-memory store from core, so core's coverage counts it. */
class MemoryTokenStoreContractTest extends TokenStoreContract {

  @Override
  protected TokenStore createStore() {
    return new MemoryTokenStore();
  }
}
