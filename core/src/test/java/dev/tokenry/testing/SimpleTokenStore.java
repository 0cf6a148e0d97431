package dev.tokenry.testing;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Core's own store for its tests: every method synchronized over one map, so it is obviously right
 * rather than fast. Core cannot depend on {@code tokenry-store-memory} (that module depends on
 * core), so this plays its part here; it passes the whole store contract like every store.
 */
public final class SimpleTokenStore implements TokenStore {

  private final Map<String, StoredToken> tokens = new HashMap<>();
  private final Map<String, Instant> noticeClaims = new HashMap<>();

  @Override
  public synchronized void insert(StoredToken token) {
    requireNonNull(token, "token must not be null");
    if (tokens.containsKey(token.id())) {
      throw new TokenryException("A token with id " + token.id() + " already exists.");
    }
    requireUniqueName(token);
    tokens.put(token.id(), token.withVersion(1));
  }

  @Override
  public synchronized Optional<StoredToken> find(String id) {
    requireNonNull(id, "id must not be null");
    return Optional.ofNullable(tokens.get(id));
  }

  @Override
  public synchronized StoredTokenPage list(TokenQuery query) {
    requireNonNull(query, "query must not be null");
    List<StoredToken> matches =
        tokens.values().stream()
            .filter(stored -> matches(query, stored.token()))
            .sorted(
                Comparator.comparing((StoredToken s) -> s.token().createdAt())
                    .thenComparing(StoredToken::id)
                    .reversed())
            .toList();
    if (matches.size() <= query.limit()) {
      return new StoredTokenPage(matches, Optional.empty());
    }
    List<StoredToken> page = matches.subList(0, query.limit());
    return new StoredTokenPage(
        page, Optional.of(PageCursor.after(page.get(page.size() - 1).token())));
  }

  private static boolean matches(TokenQuery query, ApiToken t) {
    return query.matches(t.organizationId(), t.kind(), t.owner(), t.scope().projectId(), t.name())
        && query.after().map(cursor -> cursor.precedes(t.createdAt(), t.id())).orElse(true);
  }

  @Override
  public synchronized StoredToken update(StoredToken token, long expectedVersion) {
    requireNonNull(token, "token must not be null");
    StoredToken current = tokens.get(token.id());
    if (current == null) {
      throw new TokenNotFoundException(token.id());
    }
    if (current.version() != expectedVersion) {
      throw new TokenConflictException(token.id());
    }
    tokens.remove(token.id());
    try {
      requireUniqueName(token);
    } finally {
      tokens.put(current.id(), current);
    }
    StoredToken saved =
        new StoredToken(
            token.token().withLastUse(current.token().lastUsedAt(), current.token().lastUsedFrom()),
            token.secretHash(),
            token.supersededSecret(),
            expectedVersion + 1);
    tokens.put(saved.id(), saved);
    return saved;
  }

  private void requireUniqueName(StoredToken candidate) {
    ApiToken token = candidate.token();
    for (StoredToken other : tokens.values()) {
      ApiToken existing = other.token();
      if (existing.organizationId().equals(token.organizationId())
          && existing.kind() == token.kind()
          && (token.kind() != TokenKind.PERSONAL || existing.owner().equals(token.owner()))
          && NameKey.of(existing.name()).equals(NameKey.of(token.name()))) {
        throw new DuplicateTokenNameException(token.name());
      }
    }
  }

  @Override
  public synchronized boolean delete(String id) {
    requireNonNull(id, "id must not be null");
    noticeClaims.remove(id);
    return tokens.remove(id) != null;
  }

  @Override
  public synchronized int deleteAll(Collection<String> ids) {
    requireNonNull(ids, "ids must not be null");
    int deleted = 0;
    for (String id : ids) {
      noticeClaims.remove(id);
      if (tokens.remove(id) != null) {
        deleted++;
      }
    }
    return deleted;
  }

  @Override
  public synchronized void recordLastUsed(Map<String, Instant> lastUsed) {
    requireNonNull(lastUsed, "lastUsed must not be null");
    lastUsed.forEach(
        (id, at) ->
            tokens.computeIfPresent(
                id,
                (key, stored) ->
                    stored.token().lastUsedAt().filter(known -> !at.isAfter(known)).isPresent()
                        ? stored
                        : stored.withToken(stored.token().withLastUsedAt(Optional.of(at)))));
  }

  @Override
  public synchronized void recordLastUse(Map<String, LastUse> uses) {
    requireNonNull(uses, "uses must not be null");
    uses.forEach(
        (id, use) ->
            tokens.computeIfPresent(
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

  @Override
  public synchronized List<ExpiringToken> findExpiring(
      Instant from, Instant until, Optional<ExpiringToken> after, int limit) {
    List<ExpiringToken> found = new ArrayList<>();
    for (StoredToken stored : tokens.values()) {
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
  public synchronized boolean claimExpiryNotice(String id, Instant expiresAt, Instant noticeAt) {
    requireNonNull(id, "id must not be null");
    requireNonNull(expiresAt, "expiresAt must not be null");
    requireNonNull(noticeAt, "noticeAt must not be null");
    StoredToken stored = tokens.get(id);
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

  @Override
  public synchronized List<StoredToken> findIdle(
      Instant activeBefore, Optional<String> afterId, int limit) {
    List<StoredToken> found = new ArrayList<>();
    for (StoredToken stored : tokens.values()) {
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

  @Override
  public String toString() {
    return "SimpleTokenStore[" + tokens.size() + " tokens]";
  }
}
