package dev.tokenry.spi;

import dev.tokenry.DuplicateTokenNameException;
import dev.tokenry.TokenConflictException;
import dev.tokenry.TokenNotFoundException;
import dev.tokenry.TokenStoreUnavailableException;
import dev.tokenry.TokenryException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p>The lifecycle methods ({@link #recordLastUse}, {@link #findExpiring}, {@link
 * #claimExpiryNotice}, {@link #findIdle}) have defaults so that a store written before them still
 * compiles: {@code recordLastUse} drops the address, the others throw {@link
 * UnsupportedOperationException}, so only the expiry-notice and inactivity sweeps fail. A store
 * must also keep {@link StoredToken#supersededSecret()} through {@link #insert} and {@link
 * #update}; one that drops it makes every grace period end at once (the safe side). The contract
 * suite checks all of it.
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

  /**
   * Records the latest uses of tokens, with the client address, in one batch: like {@link
   * #recordLastUsed}, and the address is stored with the instant it came with (an instant that does
   * not move the stored one forward leaves the address too). The default drops the addresses.
   *
   * @param uses the latest use per token id
   */
  default void recordLastUse(Map<String, LastUse> uses) {
    Map<String, Instant> instants = new LinkedHashMap<>();
    uses.forEach((id, use) -> instants.put(id, use.at()));
    recordLastUsed(instants);
  }

  /**
   * Finds tokens whose expiry lies in {@code [from, until)} and whose latest claimed notice is
   * before their expiry (so the "expired" notice is still to come), ordered by {@code (expiresAt,
   * id)}, one page. Used by the expiry-notice sweep.
   *
   * @param from the earliest expiry to find (inclusive)
   * @param until the latest expiry to find (exclusive)
   * @param after the last token of the previous page, empty for the first page
   * @param limit the most tokens to return, at least 1
   * @return the tokens, in order
   * @throws UnsupportedOperationException if the store does not support expiry notices
   */
  default List<ExpiringToken> findExpiring(
      Instant from, Instant until, Optional<ExpiringToken> after, int limit) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not support expiry notices (TokenStore.findExpiring)");
  }

  /**
   * Claims one expiry notice, atomically across every process sharing the store: the claim succeeds
   * only if the token still expires at {@code expiresAt} and no notice at or after {@code noticeAt}
   * was claimed for it, and then records {@code noticeAt}. Of any number of concurrent claims of
   * the same notice exactly one succeeds. The version is not changed.
   *
   * @param id the token id
   * @param expiresAt the expiry the notice is about
   * @param noticeAt the notice's instant: {@code expiresAt} minus the threshold
   * @return true if this call claimed it and its notice must be sent
   * @throws UnsupportedOperationException if the store does not support expiry notices
   */
  default boolean claimExpiryNotice(String id, Instant expiresAt, Instant noticeAt) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not support expiry notices (TokenStore.claimExpiryNotice)");
  }

  /**
   * Finds tokens last active before an instant: last used before it, or never used and created
   * before it. Ordered by id, one page. Used by the inactivity sweep.
   *
   * @param activeBefore the instant
   * @param afterId the last id of the previous page, empty for the first page
   * @param limit the most tokens to return, at least 1
   * @return the tokens, in id order
   * @throws UnsupportedOperationException if the store does not support the inactivity sweep
   */
  default List<StoredToken> findIdle(Instant activeBefore, Optional<String> afterId, int limit) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not support the inactivity sweep (TokenStore.findIdle)");
  }
}
