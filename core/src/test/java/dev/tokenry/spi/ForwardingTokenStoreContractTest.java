package dev.tokenry.spi;

import dev.tokenry.testing.SimpleTokenStore;

/**
 * A store behind a {@link ForwardingTokenStore} that overrides nothing still keeps the contract.
 */
class ForwardingTokenStoreContractTest extends TokenStoreContract {

  @Override
  protected TokenStore createStore() {
    SimpleTokenStore store = new SimpleTokenStore();
    return new ForwardingTokenStore() {
      @Override
      protected TokenStore delegate() {
        return store;
      }
    };
  }
}
