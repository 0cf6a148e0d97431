package dev.tokenry;

import static java.util.Objects.requireNonNull;

import dev.tokenry.spi.PageCursor;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.StoredTokenPage;
import dev.tokenry.spi.TokenEventListener;
import dev.tokenry.spi.TokenHasher;
import dev.tokenry.spi.TokenQuery;
import dev.tokenry.spi.TokenStore;
import dev.tokenry.spi.UserPermissionResolver;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: issues, verifies, lists, edits, regenerates and revokes API tokens. Build one per
 * application with {@link #builder()}; it is immutable and thread-safe. Close it on shutdown to
 * flush the last-used times it has not yet written.
 *
 * <pre>{@code
 * Tokenry tokenry = Tokenry.builder()
 *     .store(new InMemoryTokenStore())
 *     .userPermissions((org, user) -> directory.permissionsOf(org, user))
 *     .build();
 *
 * IssuedToken issued = tokenry.issue(Actor.user("alice", "acme", Role.OWNER),
 *     TokenRequest.builder().name("CI").expiresIn(ExpiryPreset.THIRTY_DAYS)
 *         .type(TokenType.READ_ONLY).build());
 * Optional<TokenPrincipal> caller = tokenry.verify(issued.plaintext());
 * }</pre>
 *
 * <p>Management methods take the acting {@link Actor} and apply the rules: Owners and Admins manage
 * their organization's tokens; every user manages only their own personal tokens; a token of
 * another organization, or another user's personal token, is not found; nobody grants a token
 * permissions they do not hold.
 */
public final class Tokenry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Tokenry.class);
  private static final String MALFORMED = "(malformed)";
  private static final int MAX_BULK = 100;
  private static final int CONFLICT_RETRIES = 3;

  private final TokenFormat format;
  private final TokenStore store;
  private final TokenHasher hasher;
  private final List<TokenHasher> verifiers;
  private final Clock clock;
  private final TokenEventListener events;
  private final UserPermissionResolver userPermissions;
  private final Set<String> knownPermissions;
  private final LastUsedRecorder lastUsed;
  private final SecureRandom random = new SecureRandom();

  private Tokenry(Builder builder) {
    this.format = new TokenFormat(builder.prefix);
    this.store = builder.store;
    this.hasher = builder.hasher;
    List<TokenHasher> all = new ArrayList<>();
    all.add(builder.hasher);
    all.addAll(builder.acceptedHashers);
    if (!all.contains(Sha256Hasher.INSTANCE)) {
      all.add(Sha256Hasher.INSTANCE);
    }
    this.verifiers = List.copyOf(all);
    this.clock = builder.clock;
    this.events = new SafeEventListener(builder.events);
    this.userPermissions = builder.userPermissions;
    this.knownPermissions = builder.knownPermissions;
    this.lastUsed = new LastUsedRecorder(store, builder.lastUsedFlushInterval);
  }

  /**
   * Starts a configuration. Only {@link Builder#store(TokenStore)} is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the token prefix this instance issues and accepts.
   *
   * @return the prefix, such as {@code tkr}
   */
  public String prefix() {
    return format.prefix();
  }

  /**
   * Returns the known permissions, if configured.
   *
   * @return the catalogue, empty when any well-formed permission is accepted
   */
  public Optional<Set<String>> knownPermissions() {
    return Optional.ofNullable(knownPermissions);
  }

  private Instant now() {
    // The same instant as clock.instant().truncatedTo(MILLIS) (both round toward the past), with
    // one allocation instead of two on the verification path.
    return Instant.ofEpochMilli(clock.millis());
  }

  // ---------------------------------------------------------------------------------------------
  // Verification
  // ---------------------------------------------------------------------------------------------

  /**
   * Verifies a presented token string (without the {@code Bearer} scheme). Every failure gives the
   * same empty answer; the reason goes to the event listener only.
   *
   * @param presented the token a client sent; may be null
   * @return the authenticated caller, or empty if the token is rejected for any reason
   * @throws TokenStoreUnavailableException if the store (or the host's permission resolver) cannot
   *     answer; never reported as a rejection
   */
  public Optional<TokenPrincipal> verify(String presented) {
    if (presented == null || presented.length() > TokenFormat.MAX_PRESENTED_LENGTH) {
      return reject(RejectionReason.MALFORMED, MALFORMED);
    }
    TokenFormat.ParsedToken parsed = format.parse(presented);
    if (parsed == null) {
      return reject(RejectionReason.MALFORMED, MALFORMED);
    }
    StoredToken stored = store.find(parsed.id()).orElse(null);
    if (stored == null) {
      return reject(RejectionReason.UNKNOWN, format.masked(parsed));
    }
    ApiToken token = stored.token();
    Instant now = now();
    if (token.isExpiredAt(now)) {
      return reject(RejectionReason.EXPIRED, token.masked());
    }
    TokenHasher verifier = verifierFor(stored.secretHash());
    if (verifier == null || !verifier.matches(parsed.secret(), stored.secretHash())) {
      return reject(RejectionReason.BAD_SECRET, token.masked());
    }
    PermissionSet effective = token.permissions();
    if (token.kind() == TokenKind.PERSONAL) {
      Optional<PermissionSet> ownerPermissions = userPermissions == null ? Optional.empty()
          : userPermissions.permissionsOf(token.organizationId(), token.owner().orElseThrow());
      if (ownerPermissions.isEmpty()) {
        return reject(RejectionReason.OWNER_UNKNOWN, token.masked());
      }
      effective = effective.intersect(ownerPermissions.get());
    }
    lastUsed.record(token.id(), now);
    if (verifier != hasher || hasher.needsRehash(stored.secretHash())) {
      upgradeHash(stored, parsed.secret());
    }
    TokenPrincipal principal = new TokenPrincipal(token, effective);
    events.verified(principal);
    return Optional.of(principal);
  }

  private Optional<TokenPrincipal> reject(RejectionReason reason, String masked) {
    events.rejected(reason, masked);
    return Optional.empty();
  }

  private TokenHasher verifierFor(String storedHash) {
    for (TokenHasher candidate : verifiers) {
      if (candidate.recognizes(storedHash)) {
        return candidate;
      }
    }
    return null;
  }

  private void upgradeHash(StoredToken stored, String secret) {
    try {
      store.update(stored.withSecretHash(hasher.hash(secret)), stored.version());
      LOG.info("Upgraded the hash of token {} to {}", stored.token().masked(), hasher.algorithm());
    } catch (RuntimeException e) {
      // Someone edited the token meanwhile, or the store hiccuped: the next verification retries.
      // The secret has matched, so this never fails the verification.
      LOG.info("Could not upgrade the hash of token {} now: {}", stored.token().masked(),
          e.getMessage());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Management
  // ---------------------------------------------------------------------------------------------

  /**
   * Issues a new token. The plaintext is in the returned {@link IssuedToken} and nowhere else.
   *
   * @param actor who issues it; a personal token is owned by this actor
   * @param request what to issue
   * @return the token's metadata and its plaintext, once
   * @throws InvalidTokenRequestException listing every invalid field
   * @throws TokenAccessDeniedException if a Member asks for an organization token, or the token
   *     would grant permissions the actor does not hold
   * @throws DuplicateTokenNameException if the name is taken
   */
  public IssuedToken issue(Actor actor, TokenRequest request) {
    requireNonNull(actor, "actor must not be null");
    requireNonNull(request, "request must not be null");
    if (request.kind() == TokenKind.ORGANIZATION) {
      requireManagesOrganizationTokens(actor);
    }
    Instant now = now();
    FieldChecks checks = new FieldChecks();
    String name = checks.name(request.name().orElse(null));
    String description = checks.description(request.description().orElse(null));
    if (request.kind() == TokenKind.PERSONAL && actor.system()) {
      checks.add("kind", "the system actor cannot own personal tokens; issue them as a user");
    }
    checks.projectId(request.projectId().orElse(null));
    Instant expiresAt = checks.expiration(request.expiration().orElse(null), now);
    PermissionSet permissions = checks.permissions(request.type().orElse(null),
        request.permissions().orElse(null), knownPermissions);
    checks.throwIfAny();
    requireHeld(actor, permissions);

    TokenScope scope = new TokenScope(actor.organizationId(), request.projectId());
    Optional<String> owner = request.kind() == TokenKind.PERSONAL
        ? Optional.of(actor.userId()) : Optional.empty();
    String idAndSecret = TokenFormat.newIdAndSecret(random);
    String id = idAndSecret.substring(0, TokenFormat.ID_LENGTH);
    String secret = idAndSecret.substring(TokenFormat.ID_LENGTH);
    ApiToken token = new ApiToken(id, format.prefix(), name, description, request.kind(), scope,
        owner, request.type().orElseThrow(), permissions, now, actor.userId(),
        Optional.ofNullable(expiresAt), Optional.empty());
    store.insert(new StoredToken(token, hasher.hash(secret), 1));
    events.issued(token, actor);
    return new IssuedToken(token, format.format(id, secret));
  }

  /**
   * Returns one token the actor may see.
   *
   * @param actor who asks
   * @param tokenId the token id
   * @return the token's metadata
   * @throws TokenNotFoundException if there is no such token or the actor may not see it
   * @throws TokenAccessDeniedException if a Member asks for an organization token
   */
  public ApiToken get(Actor actor, String tokenId) {
    return load(actor, tokenId).token();
  }

  /**
   * Lists the tokens the actor may see, newest first, one page. Owners and Admins see the
   * organization's tokens and their own personal tokens; Members see their own personal tokens.
   *
   * @param actor who asks
   * @param filter what to keep and which page
   * @return one page and the cursor of the next
   * @throws TokenAccessDeniedException if a Member asks for organization tokens
   * @throws InvalidTokenRequestException if the cursor or project id is malformed
   */
  public TokenPage list(Actor actor, TokenFilter filter) {
    requireNonNull(actor, "actor must not be null");
    requireNonNull(filter, "filter must not be null");
    Optional<TokenKind> kind = filter.kind();
    if (kind.isPresent() && kind.get() == TokenKind.ORGANIZATION) {
      requireManagesOrganizationTokens(actor);
    }
    FieldChecks checks = new FieldChecks();
    checks.projectId(filter.projectId().orElse(null));
    checks.throwIfAny();
    Optional<PageCursor> after = filter.cursor().map(PageCursor::decode);
    boolean organizationTokens = kind.orElse(TokenKind.ORGANIZATION) == TokenKind.ORGANIZATION
        && actor.role().managesOrganizationTokens();
    boolean personalTokens = kind.orElse(TokenKind.PERSONAL) == TokenKind.PERSONAL
        && !actor.system();
    Optional<String> personalOwner =
        personalTokens ? Optional.of(actor.userId()) : Optional.empty();
    if (!organizationTokens && personalOwner.isEmpty()) {
      return new TokenPage(List.of(), Optional.empty());
    }
    StoredTokenPage page = store.list(new TokenQuery(actor.organizationId(), organizationTokens,
        personalOwner, filter.projectId(), filter.nameContains(), filter.limit(), after));
    List<ApiToken> tokens = new ArrayList<>(page.tokens().size());
    page.tokens().forEach(stored -> tokens.add(stored.token()));
    return new TokenPage(tokens, page.next().map(PageCursor::encode));
  }

  /**
   * Edits a token's name, description, type and permissions, or expiry (counted from now). Fields
   * the update leaves empty keep their values. The secret is unchanged.
   *
   * @param actor who edits
   * @param tokenId the token id
   * @param update what to change
   * @return the token as it is now
   * @throws InvalidTokenRequestException listing every invalid field
   * @throws TokenAccessDeniedException if the actor may not manage it or would grant permissions
   *     they do not hold
   * @throws TokenNotFoundException if there is no such token or the actor may not see it
   * @throws DuplicateTokenNameException if the new name is taken
   * @throws TokenConflictException if concurrent edits kept the change from applying
   */
  public ApiToken update(Actor actor, String tokenId, TokenUpdate update) {
    requireNonNull(update, "update must not be null");
    StoredToken current = load(actor, tokenId);
    Instant now = now();
    FieldChecks checks = new FieldChecks();
    String name = update.name().map(checks::name).orElse(null);
    String description = update.description().map(checks::description).orElse(null);
    // null keeps the current expiry; an empty Optional means "never".
    Optional<Instant> newExpiry = update.expiration().isEmpty() ? null
        : Optional.ofNullable(checks.expiration(update.expiration().get(), now));
    TokenType type = update.type().orElse(null);
    PermissionSet permissions = null;
    if (type != null) {
      permissions = checks.permissions(type, update.permissions().orElse(null), knownPermissions);
    } else if (update.permissions().isPresent()) {
      if (current.token().type() != TokenType.CUSTOM) {
        checks.add("permissions", "permissions can only be changed on custom tokens; set type to"
            + " custom as well");
      } else {
        type = TokenType.CUSTOM;
        permissions = checks.permissions(type, update.permissions().get(), knownPermissions);
      }
    }
    checks.throwIfAny();
    if (permissions != null) {
      requireHeld(actor, permissions);
    }
    if (update.isEmpty()) {
      return current.token();
    }
    TokenType newType = type;
    PermissionSet newPermissions = permissions;
    StoredToken saved = updateWithRetry(current, stored -> {
      ApiToken t = stored.token();
      return stored.withToken(new ApiToken(t.id(), t.prefix(), name != null ? name : t.name(),
          description != null ? description : t.description(), t.kind(), t.scope(), t.owner(),
          newType != null ? newType : t.type(),
          newPermissions != null ? newPermissions : t.permissions(), t.createdAt(), t.createdBy(),
          newExpiry != null ? newExpiry : t.expiresAt(), t.lastUsedAt()));
    });
    events.updated(saved.token(), actor);
    return saved.token();
  }

  /**
   * Gives a token a new secret, keeping its id and metadata. The old secret stops working at once,
   * in every process sharing the store.
   *
   * @param actor who regenerates
   * @param tokenId the token id
   * @return the token and its new plaintext, once
   * @throws TokenNotFoundException if there is no such token or the actor may not see it
   * @throws TokenAccessDeniedException if the actor may not manage it
   */
  public IssuedToken regenerate(Actor actor, String tokenId) {
    StoredToken current = load(actor, tokenId);
    if (current.token().kind() == TokenKind.ORGANIZATION) {
      // A new secret is a new credential in the actor's hands: like issuing, it must not carry
      // permissions the actor does not hold. (Personal tokens are the actor's own and are cut to
      // the owner's current permissions on every verification anyway.)
      requireHeld(actor, current.token().permissions());
    }
    String secret = TokenFormat.newSecret(random);
    String hash = hasher.hash(secret);
    StoredToken saved = updateWithRetry(current, stored -> stored.withSecretHash(hash));
    events.regenerated(saved.token(), actor);
    return new IssuedToken(saved.token(), format.format(saved.id(), secret));
  }

  /**
   * Deletes a token now; it stops working on the next verification. Cannot be undone.
   *
   * @param actor who revokes
   * @param tokenId the token id
   * @throws TokenNotFoundException if there is no such token or the actor may not see it
   * @throws TokenAccessDeniedException if the actor may not manage it
   */
  public void revoke(Actor actor, String tokenId) {
    StoredToken stored = load(actor, tokenId);
    if (!store.delete(tokenId)) {
      throw new TokenNotFoundException(tokenId);
    }
    events.revoked(stored.token(), actor);
  }

  /**
   * Deletes several tokens, all or nothing as far as permission goes: if any id is unknown or not
   * the actor's to delete, nothing is deleted and the exception names those ids.
   *
   * @param actor who revokes
   * @param tokenIds 1 to 100 token ids; repeats count once
   * @return how many tokens were deleted
   * @throws InvalidTokenRequestException if the list is empty or too long
   * @throws TokenNotFoundException naming the ids that are unknown or invisible to the actor
   * @throws TokenAccessDeniedException naming the ids the actor may not delete
   */
  public int revokeAll(Actor actor, Collection<String> tokenIds) {
    requireNonNull(actor, "actor must not be null");
    requireNonNull(tokenIds, "tokenIds must not be null");
    Set<String> ids = new LinkedHashSet<>();
    for (String id : tokenIds) {
      ids.add(requireNonNull(id, "tokenIds must not hold null"));
    }
    if (ids.isEmpty()) {
      throw new InvalidTokenRequestException("ids", "give at least one token id");
    }
    if (ids.size() > MAX_BULK) {
      throw new InvalidTokenRequestException("ids",
          "at most " + MAX_BULK + " token ids at once, was " + ids.size());
    }
    List<ApiToken> tokens = new ArrayList<>();
    Set<String> notFound = new TreeSet<>();
    Set<String> denied = new TreeSet<>();
    for (String id : ids) {
      try {
        tokens.add(load(actor, id).token());
      } catch (TokenNotFoundException e) {
        notFound.add(id);
      } catch (TokenAccessDeniedException e) {
        denied.add(id);
      }
    }
    if (!notFound.isEmpty()) {
      throw new TokenNotFoundException(notFound);
    }
    if (!denied.isEmpty()) {
      throw new TokenAccessDeniedException("Only Owners and Admins can delete organization tokens;"
          + " nothing was deleted.", Map.of("ids", List.copyOf(denied)));
    }
    int deleted = store.deleteAll(ids);
    tokens.forEach(token -> events.revoked(token, actor));
    return deleted;
  }

  /**
   * Returns the exact instant a token issued now with this preset would expire, for the preview
   * under an expiry selector.
   *
   * @param preset the preset
   * @return the instant, or empty for {@link ExpiryPreset#NEVER}
   */
  public Optional<Instant> previewExpiry(ExpiryPreset preset) {
    requireNonNull(preset, "preset must not be null");
    return preset.expiresAt(now());
  }

  /**
   * Writes pending last-used times now. The background flush does this every interval; call it in
   * tests or before a planned shutdown.
   *
   * @throws TokenStoreUnavailableException if the store cannot take the write; the times stay
   *     pending
   */
  public void flushLastUsed() {
    lastUsed.flush();
  }

  /** Stops the background flush and writes pending last-used times. */
  @Override
  public void close() {
    lastUsed.close();
  }

  private StoredToken load(Actor actor, String tokenId) {
    requireNonNull(actor, "actor must not be null");
    requireNonNull(tokenId, "tokenId must not be null");
    StoredToken stored = store.find(tokenId).orElseThrow(() -> new TokenNotFoundException(tokenId));
    ApiToken token = stored.token();
    if (!token.organizationId().equals(actor.organizationId())) {
      throw new TokenNotFoundException(tokenId);
    }
    if (token.kind() == TokenKind.ORGANIZATION) {
      requireManagesOrganizationTokens(actor);
    } else if (actor.system() || !token.owner().orElseThrow().equals(actor.userId())) {
      throw new TokenNotFoundException(tokenId);
    }
    return stored;
  }

  private static void requireManagesOrganizationTokens(Actor actor) {
    if (!actor.role().managesOrganizationTokens()) {
      throw new TokenAccessDeniedException(
          "Only Owners and Admins can manage organization tokens.");
    }
  }

  private void requireHeld(Actor actor, PermissionSet wanted) {
    if (actor.system()) {
      return;
    }
    if (userPermissions == null) {
      throw new IllegalStateException("Tokenry needs a UserPermissionResolver to let users issue"
          + " or edit tokens: configure Tokenry.builder().userPermissions(...)");
    }
    PermissionSet held = userPermissions.permissionsOf(actor.organizationId(), actor.userId())
        .orElse(PermissionSet.NONE);
    List<String> missing = new ArrayList<>();
    if (knownPermissions != null) {
      for (String permission : knownPermissions) {
        if (wanted.allows(permission) && !held.allows(permission)) {
          missing.add(permission);
        }
      }
    } else {
      for (String permission : wanted.values()) {
        if (!held.allows(permission)) {
          missing.add(permission);
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new TokenAccessDeniedException("You cannot grant permissions you do not hold: "
          + String.join(", ", missing) + ".", Map.of("permissions",
              List.of("you do not hold " + String.join(", ", missing))));
    }
  }

  private StoredToken updateWithRetry(StoredToken current, UnaryOperator<StoredToken> change) {
    StoredToken base = current;
    for (int attempt = 1; ; attempt++) {
      try {
        return store.update(change.apply(base), base.version());
      } catch (TokenConflictException e) {
        if (attempt == CONFLICT_RETRIES) {
          throw e;
        }
        base = store.find(current.id()).orElseThrow(() -> new TokenNotFoundException(current.id()));
      }
    }
  }

  @Override
  public String toString() {
    return "Tokenry[prefix=" + format.prefix() + ", hasher=" + hasher.algorithm() + ", store="
        + store.getClass().getSimpleName() + "]";
  }

  /**
   * Configures a {@link Tokenry}. Each value is checked the moment it is given; {@link #build()}
   * checks that a store was given. Not thread-safe.
   */
  public static final class Builder {

    private String prefix = "tkr";
    private TokenStore store;
    private TokenHasher hasher = Sha256Hasher.INSTANCE;
    private final List<TokenHasher> acceptedHashers = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private TokenEventListener events = new LoggingEventListener();
    private UserPermissionResolver userPermissions;
    private Set<String> knownPermissions;
    private Duration lastUsedFlushInterval = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * Sets the token prefix: {@code [a-z][a-z0-9]{1,15}}, optionally with one {@code _}-joined
     * part such as {@code acme_live}. Default {@code tkr}. Tokens with another prefix are rejected.
     *
     * @param prefix the prefix
     * @return this builder
     * @throws IllegalArgumentException if the prefix is malformed
     */
    public Builder prefix(String prefix) {
      this.prefix = TokenFormat.requirePrefix(prefix);
      return this;
    }

    /**
     * Sets where tokens are stored. Required.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(TokenStore store) {
      this.store = requireNonNull(store, "store must not be null");
      return this;
    }

    /**
     * Sets the hasher for new hashes; default {@link TokenHashers#sha256()}. Existing hashes of
     * other kinds still verify when their hasher is accepted, and are upgraded on their next
     * successful verification.
     *
     * @param hasher the hasher
     * @return this builder
     */
    public Builder hasher(TokenHasher hasher) {
      this.hasher = requireNonNull(hasher, "hasher must not be null");
      return this;
    }

    /**
     * Accepts hashes made by another hasher too (for example Argon2 hashes while moving to
     * HMAC). {@code sha256} hashes are always accepted.
     *
     * @param hasher a hasher to verify with, never to hash with
     * @return this builder
     */
    public Builder acceptHashesOf(TokenHasher hasher) {
      acceptedHashers.add(requireNonNull(hasher, "hasher must not be null"));
      return this;
    }

    /**
     * Sets the clock all instants come from; default {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * Sets the listener told of every issue, verification, rejection, edit, regenerate and revoke;
     * default: log through SLF4J on {@code dev.tokenry.events} with masked tokens.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder eventListener(TokenEventListener listener) {
      this.events = requireNonNull(listener, "listener must not be null");
      return this;
    }

    /**
     * Sets how Tokenry learns what a user may do now. Required for personal tokens (without it
     * they never verify) and for users issuing or editing tokens.
     *
     * @param resolver the host's answer
     * @return this builder
     */
    public Builder userPermissions(UserPermissionResolver resolver) {
      this.userPermissions = requireNonNull(resolver, "resolver must not be null");
      return this;
    }

    /**
     * Sets the permissions the host application knows. Custom tokens may then hold only these (or
     * wildcards matching some of them), and whether a user holds what a wildcard grants is judged
     * over this list. Without it any well-formed permission is accepted.
     *
     * @param permissions concrete permissions such as {@code contracts:read}, no wildcards
     * @return this builder
     * @throws IllegalArgumentException if one is malformed or a wildcard
     */
    public Builder knownPermissions(Collection<String> permissions) {
      requireNonNull(permissions, "permissions must not be null");
      TreeSet<String> known = new TreeSet<>();
      for (String permission : permissions) {
        PermissionSet.of(requireNonNull(permission, "permissions must not hold null"));
        if (permission.contains("*")) {
          throw new IllegalArgumentException("known permissions must be concrete, was '"
              + permission + "'");
        }
        known.add(permission);
      }
      if (known.isEmpty()) {
        throw new IllegalArgumentException("known permissions must not be empty");
      }
      // Sorted, so "you do not hold ..." names permissions in the same order on every run.
      this.knownPermissions = Collections.unmodifiableSortedSet(known);
      return this;
    }

    /**
     * Sets how often last-used times are written to the store (at most one write per token per
     * interval); default 30 seconds.
     *
     * @param interval between 10 milliseconds and 1 hour
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder lastUsedFlushInterval(Duration interval) {
      requireNonNull(interval, "interval must not be null");
      if (interval.compareTo(Duration.ofMillis(10)) < 0
          || interval.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException(
            "lastUsedFlushInterval must be between 10ms and 1h, was " + interval);
      }
      this.lastUsedFlushInterval = interval;
      return this;
    }

    /**
     * Returns the configured instance, which starts the last-used flush thread.
     *
     * @return an immutable, thread-safe Tokenry
     * @throws IllegalStateException if no store was given
     */
    public Tokenry build() {
      if (store == null) {
        throw new IllegalStateException("store is required: call Tokenry.builder().store(...)");
      }
      return new Tokenry(this);
    }
  }
}
