package dev.tokenry.spi;

import dev.tokenry.Actor;
import dev.tokenry.ApiToken;
import dev.tokenry.RejectionReason;
import dev.tokenry.TokenPrincipal;
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
   * A token got a new secret; the old one no longer works.
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
   * A token was reported as leaked (by a secret scanner or through the public revoke) and has been
   * deleted; it no longer works.
   *
   * @param token the deleted token's metadata
   * @param source who reported it, such as {@code github:content} or {@code public-revoke}
   * @param url where the token was found, when the report said
   */
  default void leaked(ApiToken token, String source, Optional<String> url) {}
}
