package dev.tokenry.spring.boot;

import dev.tokenry.spi.TokenStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code tokenry} in the health endpoint: UP when the token store answers a lookup, DOWN when it
 * cannot (the same failure that makes the filter answer 503). The details name the store's type
 * only, never a token or an error message that could hold a connection string.
 */
final class TokenryHealthIndicator extends AbstractHealthIndicator {

  /** A well-formed id no token has: the lookup exercises the store without finding anything. */
  private static final String PROBE_ID = "0000000000000000";

  private final TokenStore store;

  TokenryHealthIndicator(TokenStore store) {
    super("Tokenry store health check failed");
    this.store = store;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    try {
      store.find(PROBE_ID);
      builder.up();
    } catch (RuntimeException e) {
      builder.down();
    }
    builder.withDetail("store", store.getClass().getSimpleName());
  }
}
