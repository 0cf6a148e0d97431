package dev.tokenry.testing;

import dev.tokenry.spi.TokenStore;
import dev.tokenry.spi.TokenStoreContract;

/** Core's test store keeps the whole contract, so the tests that run on it prove something. */
class SimpleTokenStoreContractTest extends TokenStoreContract {

  @Override
  protected TokenStore createStore() {
    return new SimpleTokenStore();
  }
}
