package dev.tokenry.testing;

import dev.tokenry.HostileInputContract;
import dev.tokenry.spi.TokenStore;

/** Hostile input to the Java API over core's test store. */
class SimpleHostileInputTest extends HostileInputContract {

  @Override
  protected TokenStore createStore() {
    return new SimpleTokenStore();
  }
}
