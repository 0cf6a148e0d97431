package dev.tokenry;

import dev.tokenry.spi.TokenEventListener;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * Guards one listener, or each of several so that one that throws keeps none of the others from
   * hearing the event.
   *
   * @param first the listener set on the builder
   * @param added the listeners added beside it, in order
   * @return the guarded listener
   */
  static TokenEventListener of(TokenEventListener first, List<TokenEventListener> added) {
    if (added.isEmpty()) {
      return new SafeEventListener(first);
    }
    List<TokenEventListener> all = new ArrayList<>();
    all.add(new SafeEventListener(first));
    for (TokenEventListener listener : added) {
      all.add(new SafeEventListener(listener));
    }
    return new Broadcast(List.copyOf(all));
  }

  /** Tells every listener of a list, each already guarded. */
  private static final class Broadcast implements TokenEventListener {

    private final TokenEventListener[] listeners;

    Broadcast(List<TokenEventListener> listeners) {
      this.listeners = listeners.toArray(new TokenEventListener[0]);
    }

    @Override
    public void issued(ApiToken token, Actor actor) {
      for (TokenEventListener listener : listeners) {
        listener.issued(token, actor);
      }
    }

    @Override
    public void verified(TokenPrincipal principal) {
      for (TokenEventListener listener : listeners) {
        listener.verified(principal);
      }
    }

    @Override
    public void rejected(RejectionReason reason, String maskedToken) {
      for (TokenEventListener listener : listeners) {
        listener.rejected(reason, maskedToken);
      }
    }

    @Override
    public void verificationUnavailable(TokenStoreUnavailableException cause) {
      for (TokenEventListener listener : listeners) {
        listener.verificationUnavailable(cause);
      }
    }

    @Override
    public void verificationCompleted(long elapsedNanos) {
      for (TokenEventListener listener : listeners) {
        listener.verificationCompleted(elapsedNanos);
      }
    }

    @Override
    public void regenerated(ApiToken token, Actor actor) {
      for (TokenEventListener listener : listeners) {
        listener.regenerated(token, actor);
      }
    }

    @Override
    public void updated(ApiToken token, Actor actor) {
      for (TokenEventListener listener : listeners) {
        listener.updated(token, actor);
      }
    }

    @Override
    public void revoked(ApiToken token, Actor actor) {
      for (TokenEventListener listener : listeners) {
        listener.revoked(token, actor);
      }
    }

    @Override
    public void expiringSoon(ExpiryNotice notice) {
      for (TokenEventListener listener : listeners) {
        listener.expiringSoon(notice);
      }
    }

    @Override
    public void expired(ApiToken token) {
      for (TokenEventListener listener : listeners) {
        listener.expired(token);
      }
    }

    @Override
    public void supersededSecretUsed(ApiToken token) {
      for (TokenEventListener listener : listeners) {
        listener.supersededSecretUsed(token);
      }
    }

    @Override
    public void revokedAutomatically(ApiToken token, RevocationCause cause) {
      for (TokenEventListener listener : listeners) {
        listener.revokedAutomatically(token, cause);
      }
    }

    @Override
    public void refusedByPolicy(Actor actor, Optional<ApiToken> token, List<String> reasons) {
      for (TokenEventListener listener : listeners) {
        listener.refusedByPolicy(actor, token, reasons);
      }
    }

    @Override
    public void leaked(ApiToken token, String source, Optional<String> url) {
      for (TokenEventListener listener : listeners) {
        listener.leaked(token, source, url);
      }
    }
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
  public void verificationUnavailable(TokenStoreUnavailableException cause) {
    try {
      delegate.verificationUnavailable(cause);
    } catch (RuntimeException e) {
      failed("verificationUnavailable", e);
    }
  }

  @Override
  public void verificationCompleted(long elapsedNanos) {
    try {
      delegate.verificationCompleted(elapsedNanos);
    } catch (RuntimeException e) {
      failed("verificationCompleted", e);
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
  public void expiringSoon(ExpiryNotice notice) {
    try {
      delegate.expiringSoon(notice);
    } catch (RuntimeException e) {
      failed("expiringSoon", e);
    }
  }

  @Override
  public void expired(ApiToken token) {
    try {
      delegate.expired(token);
    } catch (RuntimeException e) {
      failed("expired", e);
    }
  }

  @Override
  public void supersededSecretUsed(ApiToken token) {
    try {
      delegate.supersededSecretUsed(token);
    } catch (RuntimeException e) {
      failed("supersededSecretUsed", e);
    }
  }

  @Override
  public void revokedAutomatically(ApiToken token, RevocationCause cause) {
    try {
      delegate.revokedAutomatically(token, cause);
    } catch (RuntimeException e) {
      failed("revokedAutomatically", e);
    }
  }

  @Override
  public void refusedByPolicy(Actor actor, Optional<ApiToken> token, List<String> reasons) {
    try {
      delegate.refusedByPolicy(actor, token, reasons);
    } catch (RuntimeException e) {
      failed("refusedByPolicy", e);
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
