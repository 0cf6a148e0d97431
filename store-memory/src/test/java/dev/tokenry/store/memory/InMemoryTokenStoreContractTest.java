package dev.tokenry.store.memory;

import dev.tokenry.spi.TokenStore;
import dev.tokenry.spi.TokenStoreContract;

/** {@link InMemoryTokenStore} passes the whole store contract. */
class InMemoryTokenStoreContractTest extends TokenStoreContract {

  @Override
  protected TokenStore createStore() {
    return new InMemoryTokenStore();
  }
}
