package dev.tokenry;

import static java.util.Objects.requireNonNull;

import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.TokenHasher;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * Revokes a token someone reports as leaked, given its full plaintext: a secret scanner's signed
 * report or a stranger's public revoke. The whole token must match (id and secret), so knowing an
 * id alone revokes nothing; an unknown id still costs a hash comparison, so the time taken says
 * little about which reported tokens existed.
 */
final class LeakRevocation {

  /** Characters of a report's source kept. */
  static final int MAX_SOURCE_LENGTH = 100;

  /** Characters of a report's url kept. */
  static final int MAX_URL_LENGTH = 2048;

  private final Settings settings;
  private final AuditTrail audit;
  private volatile String decoyHash;

  LeakRevocation(Settings settings, AuditTrail audit) {
    this.settings = settings;
    this.audit = audit;
  }

  boolean revoke(String presented, String source, Optional<String> url) {
    requireNonNull(source, "source must not be null");
    requireNonNull(url, "url must not be null");
    if (source.isEmpty() || source.length() > MAX_SOURCE_LENGTH) {
      throw new IllegalArgumentException(
          "source must be 1 to " + MAX_SOURCE_LENGTH + " characters, was " + source.length());
    }
    Optional<String> kept =
        url.map(u -> u.length() > MAX_URL_LENGTH ? u.substring(0, MAX_URL_LENGTH) : u);
    if (presented == null || presented.length() > TokenFormat.MAX_PRESENTED_LENGTH) {
      return false;
    }
    // Shape, prefix and checksum are public knowledge: refusing here tells nobody anything.
    TokenFormat.ParsedToken parsed = settings.format().parse(presented);
    if (parsed == null) {
      return false;
    }
    StoredToken stored = settings.store().find(parsed.id()).orElse(null);
    if (stored == null) {
      settings.hasher().matches(parsed.secret(), decoyHash());
      return false;
    }
    if (!matchesLiveSecret(stored, parsed.secret())) {
      return false;
    }
    // Expired tokens are revoked too: an edit could give them a new life.
    if (!settings.store().delete(stored.id())) {
      return false; // revoked by someone else meanwhile
    }
    settings.events().leaked(stored.token(), source, kept);
    audit.leaked(stored.token(), source, kept);
    return true;
  }

  /**
   * The current secret, or the superseded one while its grace period lasts: both open the token, so
   * a leak of either kills it. A superseded secret past its grace period opens nothing and is not a
   * live token.
   */
  private boolean matchesLiveSecret(StoredToken stored, String secret) {
    TokenHasher verifier = Verifier.verifierFor(settings, stored.secretHash());
    if (verifier != null && verifier.matches(secret, stored.secretHash())) {
      return true;
    }
    if (stored.supersededSecret().isEmpty()
        || !stored.token().previousSecretValidAt(settings.now())) {
      return false;
    }
    String previous = stored.supersededSecret().get().hash();
    TokenHasher old = Verifier.verifierFor(settings, previous);
    return old != null && old.matches(secret, previous);
  }

  /** The hash of a random secret, made once, to compare unknown ids against. */
  private String decoyHash() {
    String hash = decoyHash;
    if (hash == null) {
      hash = settings.hasher().hash(TokenFormat.newSecret(new SecureRandom()));
      decoyHash = hash;
    }
    return hash;
  }
}
