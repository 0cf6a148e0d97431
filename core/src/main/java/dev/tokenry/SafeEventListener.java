package dev.tokenry;

import dev.tokenry.spi.TokenEventListener;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the host's listener and keeps its exceptions from failing the operation. */
final class SafeEventListener implements TokenEventListener {

  private static final Logger LOG = LoggerFactory.getLogger(SafeEventListener.class);

  private final TokenEventListener delegate;

  /**
   * Wraps a listener.
   *
   * @param delegate the host's listener
   */
  SafeEventListener(TokenEventListener delegate) {
    this.delegate = delegate;
  }

  private void failed(String event, RuntimeException e) {
    LOG.warn("Token event listener failed on '{}': {}", event, e.toString());
  }

  @Override
  public void issued(ApiToken token, Actor actor) {
    try {
      delegate.issued(token, actor);
    } catch (RuntimeException e) {
      failed("issued", e);
    }
  }

  @Override
  public void verified(TokenPrincipal principal) {
    try {
      delegate.verified(principal);
    } catch (RuntimeException e) {
      failed("verified", e);
    }
  }

  @Override
  public void rejected(RejectionReason reason, String maskedToken) {
    try {
      delegate.rejected(reason, maskedToken);
    } catch (RuntimeException e) {
      failed("rejected", e);
    }
  }

  @Override
  public void regenerated(ApiToken token, Actor actor) {
    try {
      delegate.regenerated(token, actor);
    } catch (RuntimeException e) {
      failed("regenerated", e);
    }
  }

  @Override
  public void updated(ApiToken token, Actor actor) {
    try {
      delegate.updated(token, actor);
    } catch (RuntimeException e) {
      failed("updated", e);
    }
  }

  @Override
  public void revoked(ApiToken token, Actor actor) {
    try {
      delegate.revoked(token, actor);
    } catch (RuntimeException e) {
      failed("revoked", e);
    }
  }

  @Override
  public void leaked(ApiToken token, String source, Optional<String> url) {
    try {
      delegate.leaked(token, source, url);
    } catch (RuntimeException e) {
      failed("leaked", e);
    }
  }
}
