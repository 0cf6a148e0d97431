package dev.tokenry.testing;

import dev.tokenry.Actor;
import dev.tokenry.ApiToken;
import dev.tokenry.ExpiryNotice;
import dev.tokenry.RejectionReason;
import dev.tokenry.RevocationCause;
import dev.tokenry.TokenPrincipal;
import dev.tokenry.spi.TokenEventListener;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every event as a line such as {@code rejected EXPIRED tkr_abc_…}. */
public final class RecordingListener implements TokenEventListener {

  public final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void issued(ApiToken token, Actor actor) {
    events.add("issued " + token.id() + " by " + actor.userId());
  }

  @Override
  public void verified(TokenPrincipal principal) {
    events.add("verified " + principal.tokenId());
  }

  @Override
  public void rejected(RejectionReason reason, String maskedToken) {
    events.add("rejected " + reason + " " + maskedToken);
  }

  @Override
  public void regenerated(ApiToken token, Actor actor) {
    events.add("regenerated " + token.id() + " by " + actor.userId());
  }

  @Override
  public void updated(ApiToken token, Actor actor) {
    events.add("updated " + token.id() + " by " + actor.userId());
  }

  @Override
  public void revoked(ApiToken token, Actor actor) {
    events.add("revoked " + token.id() + " by " + actor.userId());
  }

  @Override
  public void expiringSoon(ExpiryNotice notice) {
    events.add(
        "expiringSoon " + notice.token().id() + " " + notice.threshold() + " " + notice.timeLeft());
  }

  @Override
  public void expired(ApiToken token) {
    events.add("expired " + token.id());
  }

  @Override
  public void supersededSecretUsed(ApiToken token) {
    events.add("supersededSecretUsed " + token.id());
  }

  @Override
  public void revokedAutomatically(ApiToken token, RevocationCause cause) {
    events.add("revokedAutomatically " + token.id() + " " + cause);
  }

  @Override
  public void refusedByPolicy(Actor actor, Optional<ApiToken> token, List<String> reasons) {
    events.add(
        "refusedByPolicy "
            + token.map(ApiToken::id).orElse("(new)")
            + " by "
            + actor.userId()
            + " "
            + reasons);
  }

  @Override
  public void leaked(ApiToken token, String source, java.util.Optional<String> url) {
    events.add("leaked " + token.id() + " from " + source + " at " + url.orElse("-"));
  }

  /**
   * Returns the last event.
   *
   * @return the line
   */
  public String last() {
    return events.get(events.size() - 1);
  }
}
