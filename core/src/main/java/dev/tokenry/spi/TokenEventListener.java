package dev.tokenry.spi;

import dev.tokenry.Actor;
import dev.tokenry.ApiToken;
import dev.tokenry.ExpiryNotice;
import dev.tokenry.RejectionReason;
import dev.tokenry.RevocationCause;
import dev.tokenry.TokenPrincipal;
import dev.tokenry.TokenStoreUnavailableException;
import java.util.List;
import java.util.Optional;

/**
 * Hears what happens to tokens, for audit logs and metrics. Every method has an empty default, so
 * implement only what you need. Called synchronously on the thread that did the work: keep it
 * quick. An exception thrown here is logged and otherwise ignored. Nothing passed here holds a
 * plaintext token or a hash.
 */
public interface TokenEventListener {

  /**
   * A token was issued.
   *
   * @param token the new token's metadata
   * @param actor who issued it
   */
  default void issued(ApiToken token, Actor actor) {}

  /**
   * A presented token verified successfully.
   *
   * @param principal the authenticated caller
   */
  default void verified(TokenPrincipal principal) {}

  /**
   * A presented token was rejected. The caller was told nothing more than "unauthenticated".
   *
   * @param reason why it was rejected
   * @param maskedToken the prefix and id of the presented token when it was well-formed, such as
   *     {@code tkr_4fJ9x0QmZp2LrT7a_…}; {@code (malformed)} otherwise
   */
  default void rejected(RejectionReason reason, String maskedToken) {}

  /**
   * A presented token could not be judged: the store, or the host's permission resolver, did not
   * answer. The caller is told to retry later (the filter answers 503), never that the token is
   * invalid.
   *
   * @param cause what the store or resolver threw; it holds no token
   */
  default void verificationUnavailable(TokenStoreUnavailableException cause) {}

  /**
   * A verification ended, whatever its outcome (verified, rejected or unavailable), after {@code
   * elapsed}; called after {@link #verified}, {@link #rejected} or {@link
   * #verificationUnavailable}, for a timer.
   *
   * @param elapsedNanos the time {@link dev.tokenry.Tokenry#verify(String)} took, in nanoseconds (a
   *     {@code long}, so that the verification path allocates nothing for it)
   */
  default void verificationCompleted(long elapsedNanos) {}

  /**
   * A token got a new secret; the old one works until {@link ApiToken#previousSecretValidUntil()}
   * (at once when no grace period was given).
   *
   * @param token the token's metadata
   * @param actor who regenerated it
   */
  default void regenerated(ApiToken token, Actor actor) {}

  /**
   * A token's name, description, permissions or expiry changed.
   *
   * @param token the token's new metadata
   * @param actor who changed it
   */
  default void updated(ApiToken token, Actor actor) {}

  /**
   * A token was deleted; it no longer works.
   *
   * @param token the deleted token's metadata
   * @param actor who deleted it
   */
  default void revoked(ApiToken token, Actor actor) {}

  /**
   * A token comes within one of the configured notice thresholds of its expiry (30, 7 and 1 days by
   * default). Sent once per token and threshold, even when several instances share the store and
   * run the sweep at once, so the host can mail the token's creator or owner from here.
   *
   * @param notice the token, the threshold reached and the time left
   */
  default void expiringSoon(ExpiryNotice notice) {}

  /**
   * A token has expired. Sent once per token (and again only if its expiry is moved and reached
   * again), by the sweep that {@code Tokenry#sendExpiryNotices()} runs.
   *
   * @param token the expired token's metadata
   */
  default void expired(ApiToken token) {}

  /**
   * The secret a regeneration replaced was presented after its grace period: a copy of the old
   * secret is still out there. The caller got the same 401 as for any bad secret.
   *
   * @param token the token's metadata
   */
  default void supersededSecretUsed(ApiToken token) {}

  /**
   * Tokenry deleted a token by itself: the inactivity sweep, or the organization's policy after a
   * superseded secret was used. It no longer works.
   *
   * @param token the deleted token's metadata
   * @param cause why
   */
  default void revokedAutomatically(ApiToken token, RevocationCause cause) {}

  /**
   * An issue, edit or regeneration was refused because the organization's {@code TokenPolicy} does
   * not allow it; nothing was changed.
   *
   * @param actor who asked
   * @param token the token an edit or regeneration was about, empty for an issue
   * @param reasons what the policy refused, as given to the actor
   */
  default void refusedByPolicy(Actor actor, Optional<ApiToken> token, List<String> reasons) {}

  /**
   * A token was reported as leaked (by a secret scanner or through the public revoke) and has been
   * deleted; it no longer works.
   *
   * @param token the deleted token's metadata
   * @param source who reported it, such as {@code github:content} or {@code public-revoke}
   * @param url where the token was found, when the report said
   */
  default void leaked(ApiToken token, String source, Optional<String> url) {}
}
