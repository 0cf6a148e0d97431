package dev.tokenry.store.memory;

import dev.tokenry.TokenLifecycleContract;
import dev.tokenry.spi.TokenStore;

/** The lifecycle contract over the in-memory store; racing instances share the store object. */
class InMemoryLifecycleTest extends TokenLifecycleContract {

  @Override
  protected TokenStore createStore() {
    return new InMemoryTokenStore();
  }
}
