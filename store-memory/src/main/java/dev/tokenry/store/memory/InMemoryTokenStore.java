package dev.tokenry.store.memory;

import static java.util.Objects.requireNonNull;

import dev.tokenry.ApiToken;
import dev.tokenry.DuplicateTokenNameException;
import dev.tokenry.TokenConflictException;
import dev.tokenry.TokenKind;
import dev.tokenry.TokenNotFoundException;
import dev.tokenry.TokenryException;
import dev.tokenry.spi.ExpiringToken;
import dev.tokenry.spi.LastUse;
import dev.tokenry.spi.NameKey;
import dev.tokenry.spi.PageCursor;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.StoredTokenPage;
import dev.tokenry.spi.TokenQuery;
import dev.tokenry.spi.TokenStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe {@link TokenStore} in memory, for tests and single-process applications. Lookups by
 * id never lock; writes take one lock, so uniqueness of names and optimistic concurrency hold under
 * any number of threads. Contents are lost when the process ends.
 *
 * <pre>{@code
 * Tokenry tokenry = Tokenry.builder().store(new InMemoryTokenStore()).build();
 * }</pre>
 */
public final class InMemoryTokenStore implements TokenStore {

  private static final Comparator<StoredToken> NEWEST_FIRST =
      Comparator.comparing((StoredToken t) -> t.token().createdAt())
          .thenComparing(StoredToken::id)
          .reversed();

  private final ConcurrentHashMap<String, StoredToken> byId = new ConcurrentHashMap<>();
  private final Map<String, String> idByNameKey = new ConcurrentHashMap<>();
  private final Object writeLock = new Object();
  private final Map<String, Instant> noticeClaims = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public InMemoryTokenStore() {}

  private static String nameKey(ApiToken token) {
    String owner = token.kind() == TokenKind.PERSONAL ? token.owner().orElseThrow() : "";
    return token.organizationId()
        + '\u0000'
        + token.kind().ordinal()
        + '\u0000'
        + owner
        + '\u0000'
        + NameKey.of(token.name());
  }

  @Override
  public void insert(StoredToken token) {
    requireNonNull(token, "token must not be null");
    synchronized (writeLock) {
      if (byId.containsKey(token.id())) {
        throw new TokenryException("A token with id " + token.id() + " already exists.");
      }
      String key = nameKey(token.token());
      if (idByNameKey.containsKey(key)) {
        throw new DuplicateTokenNameException(token.token().name());
      }
      idByNameKey.put(key, token.id());
      byId.put(token.id(), token.withVersion(1));
    }
  }

  @Override
  public Optional<StoredToken> find(String id) {
    requireNonNull(id, "id must not be null");
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public StoredTokenPage list(TokenQuery query) {
    requireNonNull(query, "query must not be null");
    List<StoredToken> matches = new ArrayList<>();
    for (StoredToken stored : byId.values()) {
      ApiToken t = stored.token();
      if (query.matches(t.organizationId(), t.kind(), t.owner(), t.scope().projectId(), t.name())
          && query.after().map(c -> c.precedes(t.createdAt(), t.id())).orElse(true)) {
        matches.add(stored);
      }
    }
    matches.sort(NEWEST_FIRST);
    if (matches.size() <= query.limit()) {
      return new StoredTokenPage(matches, Optional.empty());
    }
    List<StoredToken> page = matches.subList(0, query.limit());
    return new StoredTokenPage(
        page, Optional.of(PageCursor.after(page.get(page.size() - 1).token())));
  }

  @Override
  public StoredToken update(StoredToken token, long expectedVersion) {
    requireNonNull(token, "token must not be null");
    synchronized (writeLock) {
      StoredToken current = byId.get(token.id());
      if (current == null) {
        throw new TokenNotFoundException(token.id());
      }
      if (current.version() != expectedVersion) {
        throw new TokenConflictException(token.id());
      }
      String oldKey = nameKey(current.token());
      String newKey = nameKey(token.token());
      if (!oldKey.equals(newKey)) {
        if (idByNameKey.containsKey(newKey)) {
          throw new DuplicateTokenNameException(token.token().name());
        }
        idByNameKey.remove(oldKey);
        idByNameKey.put(newKey, token.id());
      }
      ApiToken kept =
          token.token().withLastUse(current.token().lastUsedAt(), current.token().lastUsedFrom());
      StoredToken saved =
          new StoredToken(kept, token.secretHash(), token.supersededSecret(), expectedVersion + 1);
      byId.put(saved.id(), saved);
      return saved;
    }
  }

  @Override
  public boolean delete(String id) {
    requireNonNull(id, "id must not be null");
    synchronized (writeLock) {
      StoredToken removed = byId.remove(id);
      if (removed == null) {
        return false;
      }
      idByNameKey.remove(nameKey(removed.token()));
      noticeClaims.remove(id);
      return true;
    }
  }

  @Override
  public int deleteAll(Collection<String> ids) {
    requireNonNull(ids, "ids must not be null");
    synchronized (writeLock) {
      int deleted = 0;
      for (String id : ids) {
        if (delete(id)) {
          deleted++;
        }
      }
      return deleted;
    }
  }

  @Override
  public void recordLastUsed(Map<String, Instant> lastUsed) {
    requireNonNull(lastUsed, "lastUsed must not be null");
    synchronized (writeLock) {
      lastUsed.forEach(
          (id, at) ->
              byId.computeIfPresent(
                  id,
                  (key, stored) -> {
                    Optional<Instant> known = stored.token().lastUsedAt();
                    if (known.isPresent() && !at.isAfter(known.get())) {
                      return stored;
                    }
                    return stored.withToken(stored.token().withLastUsedAt(Optional.of(at)));
                  }));
    }
  }

  @Override
  public void recordLastUse(Map<String, LastUse> uses) {
    requireNonNull(uses, "uses must not be null");
    synchronized (writeLock) {
      uses.forEach(
          (id, use) ->
              byId.computeIfPresent(
                  id,
                  (key, stored) -> {
                    Optional<Instant> known = stored.token().lastUsedAt();
                    if (known.isPresent() && !use.at().isAfter(known.get())) {
                      return stored;
                    }
                    return stored.withToken(
                        stored.token().withLastUse(Optional.of(use.at()), use.address()));
                  }));
    }
  }

  @Override
  public List<ExpiringToken> findExpiring(
      Instant from, Instant until, Optional<ExpiringToken> after, int limit) {
    List<ExpiringToken> found = new ArrayList<>();
    for (StoredToken stored : byId.values()) {
      ApiToken t = stored.token();
      if (t.expiresAt().isEmpty()) {
        continue;
      }
      Instant expiresAt = t.expiresAt().get();
      Optional<Instant> claimed = Optional.ofNullable(noticeClaims.get(t.id()));
      boolean inWindow = !expiresAt.isBefore(from) && expiresAt.isBefore(until);
      boolean pending = claimed.isEmpty() || claimed.get().isBefore(expiresAt);
      boolean afterCursor =
          after.isEmpty()
              || expiresAt.isAfter(after.get().expiresAt())
              || (expiresAt.equals(after.get().expiresAt())
                  && t.id().compareTo(after.get().token().id()) > 0);
      if (inWindow && pending && afterCursor) {
        found.add(new ExpiringToken(t, claimed));
      }
    }
    found.sort(Comparator.comparing(ExpiringToken::expiresAt).thenComparing(e -> e.token().id()));
    return List.copyOf(found.subList(0, Math.min(limit, found.size())));
  }

  @Override
  public boolean claimExpiryNotice(String id, Instant expiresAt, Instant noticeAt) {
    requireNonNull(id, "id must not be null");
    requireNonNull(expiresAt, "expiresAt must not be null");
    requireNonNull(noticeAt, "noticeAt must not be null");
    synchronized (writeLock) {
      StoredToken stored = byId.get(id);
      if (stored == null || !stored.token().expiresAt().equals(Optional.of(expiresAt))) {
        return false;
      }
      Instant claimed = noticeClaims.get(id);
      if (claimed != null && !claimed.isBefore(noticeAt)) {
        return false;
      }
      noticeClaims.put(id, noticeAt);
      return true;
    }
  }

  @Override
  public List<StoredToken> findIdle(Instant activeBefore, Optional<String> afterId, int limit) {
    List<StoredToken> found = new ArrayList<>();
    for (StoredToken stored : byId.values()) {
      ApiToken t = stored.token();
      Instant lastActive = t.lastUsedAt().orElse(t.createdAt());
      if (lastActive.isBefore(activeBefore)
          && afterId.map(a -> t.id().compareTo(a) > 0).orElse(true)) {
        found.add(stored);
      }
    }
    found.sort(Comparator.comparing(StoredToken::id));
    return List.copyOf(found.subList(0, Math.min(limit, found.size())));
  }

  /**
   * Returns how many tokens the store holds.
   *
   * @return the count
   */
  public int size() {
    return byId.size();
  }

  @Override
  public String toString() {
    return "InMemoryTokenStore[" + byId.size() + " tokens]";
  }
}
