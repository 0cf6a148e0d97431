package dev.tokenry;

import dev.tokenry.spi.TokenEventListener;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default event listener: one SLF4J line per event on logger {@code dev.tokenry.events}, with
 * the masked token only. Management events at INFO; rejections and successful verifications at
 * DEBUG (anyone can send bad tokens). Names and user ids are escaped, so none can forge a log line.
 */
final class LoggingEventListener implements TokenEventListener {

  private static final Logger LOG = LoggerFactory.getLogger("dev.tokenry.events");

  @Override
  public void issued(ApiToken token, Actor actor) {
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "Token issued: {} '{}' ({}) by {}",
          token.masked(),
          Printable.of(token.name()),
          token.kind().wireName(),
          Printable.of(actor.userId()));
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
    // DEBUG, not INFO: anyone can send bad tokens, and one line each would let them fill the log.
    // Hosts that want to watch rejections count them with their own listener (or the meters).
    if (LOG.isDebugEnabled()) {
      LOG.debug("Token rejected: {} ({})", maskedToken, reason);
    }
  }

  @Override
  public void regenerated(ApiToken token, Actor actor) {
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "Token regenerated: {} '{}' by {}",
          token.masked(),
          Printable.of(token.name()),
          Printable.of(actor.userId()));
    }
  }

  @Override
  public void updated(ApiToken token, Actor actor) {
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "Token updated: {} '{}' by {}",
          token.masked(),
          Printable.of(token.name()),
          Printable.of(actor.userId()));
    }
  }

  @Override
  public void revoked(ApiToken token, Actor actor) {
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "Token revoked: {} '{}' by {}",
          token.masked(),
          Printable.of(token.name()),
          Printable.of(actor.userId()));
    }
  }

  @Override
  public void expiringSoon(ExpiryNotice notice) {
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "Token expiring soon: {} '{}' expires at {} ({} notice)",
          notice.token().masked(),
          Printable.of(notice.token().name()),
          notice.token().expiresAt().orElseThrow(),
          notice.threshold());
    }
  }

  @Override
  public void expired(ApiToken token) {
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "Token expired: {} '{}' at {}",
          token.masked(),
          Printable.of(token.name()),
          token.expiresAt().orElseThrow());
    }
  }

  @Override
  public void supersededSecretUsed(ApiToken token) {
    // WARN, and not attacker-driven volume: only someone holding a real superseded secret of this
    // token can cause it.
    LOG.warn(
        "Superseded secret of token {} '{}' was used after its grace period; a copy of the old"
            + " secret is still in use",
        token.masked(),
        Printable.of(token.name()));
  }

  @Override
  public void revokedAutomatically(ApiToken token, RevocationCause cause) {
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "Token revoked automatically: {} '{}' ({})",
          token.masked(),
          Printable.of(token.name()),
          cause);
    }
  }

  @Override
  public void refusedByPolicy(Actor actor, Optional<ApiToken> token, List<String> reasons) {
    if (LOG.isInfoEnabled()) {
      LOG.info(
          "Refused by the token policy of {}: {} for {}",
          Printable.of(actor.organizationId()),
          token.map(ApiToken::masked).orElse("a new token"),
          Printable.of(actor.userId()));
    }
  }

  @Override
  public void leaked(ApiToken token, String source, Optional<String> url) {
    // WARN: a leaked credential is an incident someone should look at. The source and url come
    // from a signed report or a stranger's form, so they are shown only through Printable.
    if (LOG.isWarnEnabled()) {
      LOG.warn(
          "Token revoked as leaked: {} '{}' reported by {} at {}",
          token.masked(),
          Printable.of(token.name()),
          Printable.of(source),
          url.map(Printable::of).orElse("(no url)"));
    }
  }
}
