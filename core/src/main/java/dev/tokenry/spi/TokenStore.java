package dev.tokenry.spi;

import dev.tokenry.DuplicateTokenNameException;
import dev.tokenry.TokenConflictException;
import dev.tokenry.TokenNotFoundException;
import dev.tokenry.TokenStoreUnavailableException;
import dev.tokenry.TokenryException;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Where token records live. Implementations hold hashes and metadata, never plaintext; they must be
 * thread-safe and must pass the contract suite {@code dev.tokenry.spi.TokenStoreContract} in {@code
 * tokenry-core}'s test-jar.
 *
 * <p>Any method may throw {@link TokenStoreUnavailableException} when the storage cannot answer; it
 * must never answer "not found" or "empty" in that case.
 *
 * <p>Names are unique, compared by {@link NameKey}: organization tokens within their organization,
 * personal tokens within their owner's tokens in that organization. An organization token and a
 * personal token may share a name.
 */
public interface TokenStore {

  /**
   * Stores a new token.
   *
   * @param token the token, with version 1
   * @throws DuplicateTokenNameException if the name is taken
   * @throws TokenryException if a token with this id exists (ids are random, so this means a bug)
   */
  void insert(StoredToken token);

  /**
   * Finds a token by id. Called on every verification: keep it to one indexed lookup.
   *
   * @param id the token id
   * @return the token, or empty if there is none
   */
  Optional<StoredToken> find(String id);

  /**
   * Lists tokens newest first ({@code createdAt DESC, id DESC}), one page.
   *
   * @param query what to list
   * @return the page; {@code next} is present only if more tokens follow
   */
  StoredTokenPage list(TokenQuery query);

  /**
   * Replaces a token's metadata and hash if its version is still {@code expectedVersion}. The
   * stored {@code lastUsedAt} is left as it is, whatever the argument holds.
   *
   * @param token the new content; its {@code version} is ignored
   * @param expectedVersion the version the caller read
   * @return the token as stored, with version {@code expectedVersion + 1}
   * @throws TokenNotFoundException if there is no token with this id
   * @throws TokenConflictException if the version is no longer {@code expectedVersion}
   * @throws DuplicateTokenNameException if the new name is taken
   */
  StoredToken update(StoredToken token, long expectedVersion);

  /**
   * Deletes a token.
   *
   * @param id the token id
   * @return true if a token was deleted
   */
  boolean delete(String id);

  /**
   * Deletes several tokens at once; unknown ids are ignored.
   *
   * @param ids the token ids
   * @return how many tokens were deleted
   */
  int deleteAll(Collection<String> ids);

  /**
   * Records when tokens were last used, in one batch. A stored value is only ever moved forward,
   * unknown ids are ignored, and the version is not changed.
   *
   * @param lastUsed instant of last use per token id
   */
  void recordLastUsed(Map<String, Instant> lastUsed);
}
