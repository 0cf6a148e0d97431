package dev.tokenry.testing;

import static java.util.Objects.requireNonNull;

import dev.tokenry.ApiToken;
import dev.tokenry.DuplicateTokenNameException;
import dev.tokenry.TokenConflictException;
import dev.tokenry.TokenKind;
import dev.tokenry.TokenNotFoundException;
import dev.tokenry.TokenryException;
import dev.tokenry.spi.NameKey;
import dev.tokenry.spi.PageCursor;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.StoredTokenPage;
import dev.tokenry.spi.TokenQuery;
import dev.tokenry.spi.TokenStore;
import java.time.Instant;
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
            token.token().withLastUsedAt(current.token().lastUsedAt()),
            token.secretHash(),
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
    return tokens.remove(id) != null;
  }

  @Override
  public synchronized int deleteAll(Collection<String> ids) {
    requireNonNull(ids, "ids must not be null");
    int deleted = 0;
    for (String id : ids) {
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
  public String toString() {
    return "SimpleTokenStore[" + tokens.size() + " tokens]";
  }
}
