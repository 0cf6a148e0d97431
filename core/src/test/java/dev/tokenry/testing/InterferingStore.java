package dev.tokenry.testing;

import dev.tokenry.spi.ForwardingTokenStore;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.TokenStore;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;

/**
 * A real in-memory store that lets a test play "another process": an action queued with {@link
 * #beforeNextUpdate} or {@link #afterNextFind} runs against the same data just before the next
 * update, or just before or after the next lookup, the way a concurrent edit or revoke would.
 */
public final class InterferingStore extends ForwardingTokenStore {

  private final SimpleTokenStore delegate = new SimpleTokenStore();
  private final Queue<BiConsumer<TokenStore, String>> beforeUpdate = new ConcurrentLinkedQueue<>();
  private final Queue<BiConsumer<TokenStore, String>> afterFind = new ConcurrentLinkedQueue<>();
  private final Queue<BiConsumer<TokenStore, String>> beforeFind = new ConcurrentLinkedQueue<>();

  /**
   * Runs an action, with the underlying store and the token id, before the next update.
   *
   * @param action what the other process does
   */
  public void beforeNextUpdate(BiConsumer<TokenStore, String> action) {
    beforeUpdate.add(action);
  }

  /**
   * Runs an action, with the underlying store and the token id, after the next lookup by id.
   *
   * @param action what the other process does
   */
  public void afterNextFind(BiConsumer<TokenStore, String> action) {
    afterFind.add(action);
  }

  /**
   * Runs an action, with the underlying store and the token id, before the next lookup by id.
   *
   * @param action what the other process does
   */
  public void beforeNextFind(BiConsumer<TokenStore, String> action) {
    beforeFind.add(action);
  }

  /**
   * Another process edits the token's description, which bumps its version.
   *
   * @param store the underlying store
   * @param id the token id
   */
  public static void competingEdit(TokenStore store, String id) {
    StoredToken current = store.find(id).orElseThrow();
    dev.tokenry.ApiToken t = current.token();
    store.update(
        current.withToken(
            new dev.tokenry.ApiToken(
                t.id(),
                t.prefix(),
                t.name(),
                "edited elsewhere",
                t.kind(),
                t.scope(),
                t.owner(),
                t.type(),
                t.permissions(),
                t.createdAt(),
                t.createdBy(),
                t.expiresAt(),
                t.lastUsedAt())),
        current.version());
  }

  /**
   * Reads a stored token directly.
   *
   * @param id the id
   * @return the stored token
   */
  public StoredToken peek(String id) {
    return delegate.find(id).orElseThrow();
  }

  @Override
  protected TokenStore delegate() {
    return delegate;
  }

  @Override
  public Optional<StoredToken> find(String id) {
    BiConsumer<TokenStore, String> before = beforeFind.poll();
    if (before != null) {
      before.accept(delegate, id);
    }
    Optional<StoredToken> found = delegate.find(id);
    BiConsumer<TokenStore, String> action = afterFind.poll();
    if (action != null) {
      action.accept(delegate, id);
    }
    return found;
  }

  @Override
  public StoredToken update(StoredToken token, long expectedVersion) {
    BiConsumer<TokenStore, String> action = beforeUpdate.poll();
    if (action != null) {
      action.accept(delegate, token.id());
    }
    return delegate.update(token, expectedVersion);
  }
}
