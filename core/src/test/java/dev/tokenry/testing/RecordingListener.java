package dev.tokenry.testing;

import dev.tokenry.Actor;
import dev.tokenry.ApiToken;
import dev.tokenry.RejectionReason;
import dev.tokenry.TokenPrincipal;
import dev.tokenry.spi.TokenEventListener;
import java.util.List;
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
