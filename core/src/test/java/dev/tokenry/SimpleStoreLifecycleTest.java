package dev.tokenry;

import dev.tokenry.spi.TokenStore;
import dev.tokenry.testing.SimpleTokenStore;

/** The lifecycle contract over core's in-memory test store. */
class SimpleStoreLifecycleTest extends TokenLifecycleContract {

  @Override
  protected TokenStore createStore() {
    return new SimpleTokenStore();
  }
}
