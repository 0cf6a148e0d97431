package dev.tokenry;

import dev.tokenry.Actor;
import dev.tokenry.ApiToken;
import dev.tokenry.RejectionReason;
import dev.tokenry.TokenPrincipal;
import dev.tokenry.spi.TokenEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default event listener: one SLF4J line per event on logger {@code dev.tokenry.events}, with
 * the masked token only. Management events at INFO, rejections at INFO, successful verifications at
 * DEBUG.
 */
final class LoggingEventListener implements TokenEventListener {

  private static final Logger LOG = LoggerFactory.getLogger("dev.tokenry.events");

  @Override
  public void issued(ApiToken token, Actor actor) {
    if (LOG.isInfoEnabled()) {
      LOG.info("Token issued: {} '{}' ({}) by {}", token.masked(), token.name(),
          token.kind().wireName(), actor.userId());
    }
  }

  @Override
  public void verified(TokenPrincipal principal) {
    if (LOG.isDebugEnabled()) {
      LOG.debug("Token verified: {}", principal.token().masked());
    }
  }

  @Override
  public void rejected(RejectionReason reason, String maskedToken) {
    LOG.info("Token rejected: {} ({})", maskedToken, reason);
  }

  @Override
  public void regenerated(ApiToken token, Actor actor) {
    if (LOG.isInfoEnabled()) {
      LOG.info("Token regenerated: {} '{}' by {}", token.masked(), token.name(), actor.userId());
    }
  }

  @Override
  public void updated(ApiToken token, Actor actor) {
    if (LOG.isInfoEnabled()) {
      LOG.info("Token updated: {} '{}' by {}", token.masked(), token.name(), actor.userId());
    }
  }

  @Override
  public void revoked(ApiToken token, Actor actor) {
    if (LOG.isInfoEnabled()) {
      LOG.info("Token revoked: {} '{}' by {}", token.masked(), token.name(), actor.userId());
    }
  }
}
