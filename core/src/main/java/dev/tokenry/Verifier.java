package dev.tokenry;

import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.TokenHasher;
import dev.tokenry.spi.UserPermissionResolver;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verification in the order the design gives: shape and checksum, lookup, expiry, secret, effective
 * permissions, last use. Every rejection is the same empty answer; the reason goes to the listener.
 */
final class Verifier {

  private static final Logger LOG = LoggerFactory.getLogger(Tokenry.class);
  private static final String MALFORMED = "(malformed)";

  private final Settings settings;
  private final UserPermissionResolver userPermissions;
  private final LastUsedRecorder lastUsed;

  Verifier(Settings settings, LastUsedRecorder lastUsed) {
    this.settings = settings;
    this.userPermissions = settings.userPermissions().orElse(null);
    this.lastUsed = lastUsed;
  }

  Optional<TokenPrincipal> verify(String presented) {
    if (presented == null || presented.length() > TokenFormat.MAX_PRESENTED_LENGTH) {
      return reject(RejectionReason.MALFORMED, MALFORMED);
    }
    TokenFormat.ParsedToken parsed = settings.format().parse(presented);
    if (parsed == null) {
      return reject(RejectionReason.MALFORMED, MALFORMED);
    }
    StoredToken stored = settings.store().find(parsed.id()).orElse(null);
    if (stored == null) {
      return reject(RejectionReason.UNKNOWN, settings.format().masked(parsed));
    }
    ApiToken token = stored.token();
    Instant now = settings.now();
    if (token.isExpiredAt(now)) {
      return reject(RejectionReason.EXPIRED, token.masked());
    }
    TokenHasher verifier = verifierFor(settings, stored.secretHash());
    if (verifier == null || !verifier.matches(parsed.secret(), stored.secretHash())) {
      return reject(RejectionReason.BAD_SECRET, token.masked());
    }
    PermissionSet effective = token.permissions();
    if (token.kind() == TokenKind.PERSONAL) {
      Optional<PermissionSet> ownerPermissions =
          userPermissions == null
              ? Optional.empty()
              : userPermissions.permissionsOf(token.organizationId(), token.owner().orElseThrow());
      if (ownerPermissions.isEmpty()) {
        return reject(RejectionReason.OWNER_UNKNOWN, token.masked());
      }
      effective = effective.intersect(ownerPermissions.get());
    }
    lastUsed.record(token.id(), now);
    TokenHasher hasher = settings.hasher();
    if (verifier != hasher || hasher.needsRehash(stored.secretHash())) {
      upgradeHash(stored, parsed.secret());
    }
    TokenPrincipal principal = new TokenPrincipal(token, effective);
    settings.events().verified(principal);
    return Optional.of(principal);
  }

  private Optional<TokenPrincipal> reject(RejectionReason reason, String masked) {
    settings.events().rejected(reason, masked);
    return Optional.empty();
  }

  /** The accepted hasher that made a stored hash, or null when none did. */
  static TokenHasher verifierFor(Settings settings, String storedHash) {
    for (TokenHasher candidate : settings.verifiers()) {
      if (candidate.recognizes(storedHash)) {
        return candidate;
      }
    }
    return null;
  }

  private void upgradeHash(StoredToken stored, String secret) {
    TokenHasher hasher = settings.hasher();
    try {
      settings.store().update(stored.withSecretHash(hasher.hash(secret)), stored.version());
      LOG.info("Upgraded the hash of token {} to {}", stored.token().masked(), hasher.algorithm());
    } catch (RuntimeException e) {
      // Someone edited the token meanwhile, or the store hiccuped: the next verification retries.
      // The secret has matched, so this never fails the verification.
      LOG.info(
          "Could not upgrade the hash of token {} now: {}",
          stored.token().masked(),
          e.getMessage());
    }
  }
}
