package dev.tokenry;

import dev.tokenry.spi.LastUse;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.SupersededSecret;
import dev.tokenry.spi.TokenHasher;
import dev.tokenry.spi.UserPermissionResolver;
import java.time.Duration;
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
  private final AuditTrail audit;
  private final Duration maxIdle;

  Verifier(Settings settings, LastUsedRecorder lastUsed, AuditTrail audit) {
    this.settings = settings;
    this.audit = audit;
    this.userPermissions = settings.userPermissions().orElse(null);
    this.lastUsed = lastUsed;
    this.maxIdle = settings.maxIdle().orElse(null);
  }

  Optional<TokenPrincipal> verify(String presented, String clientAddress) {
    long start = System.nanoTime();
    try {
      return decide(presented, clientAddress);
    } catch (TokenStoreUnavailableException e) {
      settings.events().verificationUnavailable(e);
      throw e;
    } finally {
      settings.events().verificationCompleted(System.nanoTime() - start);
    }
  }

  private Optional<TokenPrincipal> decide(String presented, String clientAddress) {
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
    if (maxIdle != null && isIdle(token, now)) {
      return reject(RejectionReason.INACTIVE, token.masked());
    }
    TokenHasher verifier = verifierFor(settings, stored.secretHash());
    boolean current = verifier != null && verifier.matches(parsed.secret(), stored.secretHash());
    if (!current) {
      // Only when the current secret fails: checking the superseded hash on every success would
      // double the cost of each verification of a rotated token (with Argon2, a full computation,
      // since its cache holds the secret that matched the current hash). Each comparison is
      // constant-time (MessageDigest.isEqual in every hasher).
      boolean superseded =
          stored.supersededSecret().isPresent()
              && matchesSuperseded(parsed.secret(), stored.supersededSecret().get());
      if (!superseded) {
        return reject(RejectionReason.BAD_SECRET, token.masked());
      }
      if (!token.previousSecretValidAt(now)) {
        return supersededSecretUsed(stored);
      }
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
    lastUsed.record(token.id(), now, address(clientAddress));
    TokenHasher hasher = settings.hasher();
    if (current && (verifier != hasher || hasher.needsRehash(stored.secretHash()))) {
      upgradeHash(stored, parsed.secret());
    }
    TokenPrincipal principal = new TokenPrincipal(token, effective);
    settings.events().verified(principal);
    return Optional.of(principal);
  }

  /** Last active: the latest use, or the creation when it was never used. */
  private boolean isIdle(ApiToken token, Instant now) {
    Instant lastActive = token.lastUsedAt().orElse(token.createdAt());
    if (lastActive.isBefore(token.createdAt())) {
      lastActive = token.createdAt();
    }
    return !now.isBefore(lastActive.plus(maxIdle));
  }

  private boolean matchesSuperseded(String secret, SupersededSecret superseded) {
    TokenHasher hasher = verifierFor(settings, superseded.hash());
    return hasher != null && hasher.matches(secret, superseded.hash());
  }

  /** The same rejection as a bad secret, plus the reuse report and what the policy says to do. */
  private Optional<TokenPrincipal> supersededSecretUsed(StoredToken stored) {
    ApiToken token = stored.token();
    Optional<TokenPrincipal> rejected = reject(RejectionReason.SUPERSEDED_SECRET, token.masked());
    settings.events().supersededSecretUsed(token);
    try {
      if (settings.policyOf(token.organizationId()).revokeOnSupersededSecretUse()
          && settings.store().delete(token.id())) {
        settings.events().revokedAutomatically(token, RevocationCause.SUPERSEDED_SECRET_USED);
        audit.revokedAutomatically(token, RevocationCause.SUPERSEDED_SECRET_USED);
      }
    } catch (RuntimeException e) {
      // The caller is refused either way; the host sees the report and can revoke by hand.
      LOG.warn(
          "Could not apply the policy to token {} after its superseded secret was used: {}",
          token.masked(),
          e.toString());
    }
    return rejected;
  }

  /** A client address worth keeping: printable ASCII, no spaces, not too long; else none. */
  static String address(String raw) {
    if (raw == null || raw.isEmpty() || raw.length() > LastUse.MAX_ADDRESS_LENGTH) {
      return null;
    }
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c <= ' ' || c > '~') {
        return null;
      }
    }
    return raw;
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
