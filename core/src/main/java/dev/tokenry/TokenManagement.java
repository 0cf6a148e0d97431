package dev.tokenry;

import static java.util.Objects.requireNonNull;

import dev.tokenry.spi.AuditAction;
import dev.tokenry.spi.PageCursor;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.StoredTokenPage;
import dev.tokenry.spi.TokenQuery;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Issue, list, edit, regenerate and revoke on behalf of an actor: the fields are checked first
 * (every invalid one reported together), then the {@link AccessRules}, then the store is changed
 * and the listener told.
 */
final class TokenManagement {

  private static final int MAX_BULK = 100;
  private static final int CONFLICT_RETRIES = 3;

  private final Settings settings;
  private final AccessRules access;
  private final AuditTrail audit;
  private final Set<String> knownPermissions;
  private final SecureRandom random = new SecureRandom();

  TokenManagement(Settings settings, AccessRules access, AuditTrail audit) {
    this.settings = settings;
    this.access = access;
    this.audit = audit;
    this.knownPermissions = settings.knownPermissions().orElse(null);
  }

  IssuedToken issue(Actor actor, TokenRequest request) {
    requireNonNull(actor, "actor must not be null");
    requireNonNull(request, "request must not be null");
    if (request.kind() == TokenKind.ORGANIZATION) {
      AccessRules.requireManagesOrganizationTokens(actor);
    }
    Instant now = settings.now();
    FieldChecks checks = new FieldChecks();
    String name = checks.name(request.name().orElse(null));
    String description = checks.description(request.description().orElse(null));
    if (request.kind() == TokenKind.PERSONAL && actor.system()) {
      checks.add("kind", "the system actor cannot own personal tokens; issue them as a user");
    }
    checks.projectId(request.projectId().orElse(null));
    request.projectId().ifPresent(project -> requireKnownProject(actor, project, checks));
    Instant expiresAt = checks.expiration(request.expiration().orElse(null), now);
    PermissionSet permissions =
        checks.permissions(
            request.type().orElse(null), request.permissions().orElse(null), knownPermissions);
    if (!checks.has("expiresIn") && !checks.has("expiresAt")) {
      requirePolicy(
          actor, Optional.empty(), request.expiration().orElseThrow(), expiresAt, now, checks);
    }
    checks.throwIfAny();
    if (request.kind() == TokenKind.PERSONAL && settings.userPermissions().isEmpty()) {
      throw new IllegalStateException(
          "Tokenry needs a UserPermissionResolver for personal tokens"
              + " (they carry their owner's permissions): configure"
              + " Tokenry.builder().userPermissions(...)");
    }
    if (request.kind() == TokenKind.ORGANIZATION) {
      // A personal token carries its owner's permissions and is cut to them at every request,
      // so any type may be issued; an organization token outlives its creator's role.
      access.requireHeld(actor, permissions);
    }

    TokenScope scope = new TokenScope(actor.organizationId(), request.projectId());
    Optional<String> owner =
        request.kind() == TokenKind.PERSONAL ? Optional.of(actor.userId()) : Optional.empty();
    String idAndSecret = TokenFormat.newIdAndSecret(random);
    String id = idAndSecret.substring(0, TokenFormat.ID_LENGTH);
    String secret = idAndSecret.substring(TokenFormat.ID_LENGTH);
    ApiToken token =
        new ApiToken(
            id,
            settings.format().prefix(),
            name,
            description,
            request.kind(),
            scope,
            owner,
            request.type().orElseThrow(),
            permissions,
            now,
            actor.userId(),
            Optional.ofNullable(expiresAt),
            Optional.empty());
    settings.store().insert(new StoredToken(token, settings.hasher().hash(secret), 1));
    settings.events().issued(token, actor);
    audit.record(actor, AuditAction.ISSUED, token);
    return new IssuedToken(token, settings.format().format(id, secret));
  }

  TokenPage list(Actor actor, TokenFilter filter) {
    requireNonNull(actor, "actor must not be null");
    requireNonNull(filter, "filter must not be null");
    Optional<TokenKind> kind = filter.kind();
    if (kind.isPresent() && kind.get() == TokenKind.ORGANIZATION) {
      AccessRules.requireManagesOrganizationTokens(actor);
    }
    FieldChecks checks = new FieldChecks();
    checks.projectId(filter.projectId().orElse(null));
    filter.nameContains().ifPresent(checks::nameFilter);
    checks.throwIfAny();
    boolean organizationTokens =
        kind.orElse(TokenKind.ORGANIZATION) == TokenKind.ORGANIZATION
            && actor.role().managesOrganizationTokens();
    boolean personalTokens =
        kind.orElse(TokenKind.PERSONAL) == TokenKind.PERSONAL && !actor.system();
    Optional<String> personalOwner =
        personalTokens ? Optional.of(actor.userId()) : Optional.empty();
    Function<Optional<PageCursor>, TokenQuery> pageAfter =
        after ->
            new TokenQuery(
                actor.organizationId(),
                organizationTokens,
                personalOwner,
                filter.projectId(),
                filter.nameContains(),
                filter.limit(),
                after);
    // Cursors are tagged to the list without its position: the first page's query.
    TokenQuery firstPage = pageAfter.apply(Optional.empty());
    Optional<PageCursor> after = filter.cursor().map(c -> ListCursors.decode(c, firstPage));
    if (!organizationTokens && personalOwner.isEmpty()) {
      return new TokenPage(List.of(), Optional.empty());
    }
    StoredTokenPage page = settings.store().list(pageAfter.apply(after));
    List<ApiToken> tokens = new ArrayList<>(page.tokens().size());
    page.tokens().forEach(stored -> tokens.add(stored.token()));
    return new TokenPage(tokens, page.next().map(next -> ListCursors.encode(next, firstPage)));
  }

  /** Edits a token; {@code expectedVersion} null edits whatever version is current. */
  ApiToken update(Actor actor, String tokenId, TokenUpdate update, Long expectedVersion) {
    requireNonNull(update, "update must not be null");
    StoredToken current = access.load(actor, tokenId);
    if (expectedVersion != null && current.version() != expectedVersion) {
      throw new StaleTokenEditException(tokenId, expectedVersion, current.version());
    }
    Instant now = settings.now();
    FieldChecks checks = new FieldChecks();
    String name = update.name().map(checks::name).orElse(null);
    String description = update.description().map(checks::description).orElse(null);
    // null keeps the current expiry; an empty Optional means "never".
    Optional<Instant> newExpiry =
        update.expiration().isEmpty()
            ? null
            : Optional.ofNullable(checks.expiration(update.expiration().get(), now));
    if (newExpiry != null && !checks.has("expiresAt")) {
      requirePolicy(
          actor,
          Optional.of(current.token()),
          update.expiration().get(),
          newExpiry.orElse(null),
          now,
          checks);
    }
    TokenType type = update.type().orElse(null);
    PermissionSet permissions = null;
    if (type != null) {
      permissions = checks.permissions(type, update.permissions().orElse(null), knownPermissions);
    } else if (update.permissions().isPresent()) {
      if (current.token().type() != TokenType.CUSTOM) {
        checks.add(
            "permissions",
            "permissions can only be changed on custom tokens; set type to" + " custom as well");
      } else {
        type = TokenType.CUSTOM;
        permissions = checks.permissions(type, update.permissions().get(), knownPermissions);
      }
    }
    checks.throwIfAny();
    if (current.token().kind() == TokenKind.ORGANIZATION) {
      if (permissions != null) {
        access.requireHeld(actor, permissions);
      }
      if (newExpiry != null && extends_(current.token().expiresAt(), newExpiry)) {
        // A longer life is a new lease on the credential, like a new secret: it must not carry
        // permissions the actor does not hold.
        access.requireHeld(
            actor, permissions != null ? permissions : current.token().permissions());
      }
    }
    if (update.isEmpty()) {
      return current.token();
    }
    TokenType newType = type;
    PermissionSet newPermissions = permissions;
    UnaryOperator<StoredToken> change =
        stored -> {
          ApiToken t = stored.token();
          return stored.withToken(
              new ApiToken(
                  t.id(),
                  t.prefix(),
                  name != null ? name : t.name(),
                  description != null ? description : t.description(),
                  t.kind(),
                  t.scope(),
                  t.owner(),
                  newType != null ? newType : t.type(),
                  newPermissions != null ? newPermissions : t.permissions(),
                  t.createdAt(),
                  t.createdBy(),
                  newExpiry != null ? newExpiry : t.expiresAt(),
                  t.lastUsedAt()));
        };
    StoredToken saved =
        expectedVersion == null ? updateWithRetry(current, change) : updateOnce(current, change);
    settings.events().updated(saved.token(), actor);
    audit.edited(actor, current.token(), saved.token());
    return saved.token();
  }

  /** With a project directory, a project scope must name a project of the actor's organization. */
  private void requireKnownProject(Actor actor, String projectId, FieldChecks checks) {
    settings
        .projects()
        .filter(
            directory ->
                directory.projectsOf(actor.organizationId()).stream()
                    .noneMatch(project -> project.id().equals(projectId)))
        .ifPresent(
            directory ->
                checks.add(
                    "scope.projectId",
                    "scope.projectId must name a project of this organization, was "
                        + Printable.of(projectId)));
  }

  /**
   * Records on {@code expiresIn} why an expiry breaks the organization's policy, and tells the
   * listener. Tokens issued before a policy tightened are not touched: only a new expiry is
   * checked.
   */
  private void requirePolicy(
      Actor actor,
      Optional<ApiToken> token,
      Expiration expiration,
      Instant expiresAt,
      Instant now,
      FieldChecks checks) {
    List<String> problems =
        settings
            .policyOf(actor.organizationId())
            .problems(Optional.ofNullable(expiresAt), expiration.preset(), now);
    if (!problems.isEmpty()) {
      problems.forEach(problem -> checks.add("expiresIn", problem));
      settings.events().refusedByPolicy(actor, token, problems);
      audit.refused(
          actor, AuditAction.REFUSED_POLICY, token.map(ApiToken::id), String.join("; ", problems));
    }
  }

  /** The exact expiry of a preset chosen now, if the actor's organization's policy offers it. */
  Optional<Instant> previewExpiry(Actor actor, ExpiryPreset preset) {
    requireNonNull(actor, "actor must not be null");
    requireNonNull(preset, "preset must not be null");
    Instant now = settings.now();
    Optional<Instant> expiresAt = preset.expiresAt(now);
    List<String> problems =
        settings.policyOf(actor.organizationId()).problems(expiresAt, Optional.of(preset), now);
    if (!problems.isEmpty()) {
      throw new InvalidTokenRequestException(Map.of("expiresIn", problems));
    }
    return expiresAt;
  }

  /** Whether a new expiry (empty: never) ends later than the current one. */
  private static boolean extends_(Optional<Instant> current, Optional<Instant> proposed) {
    if (current.isEmpty()) {
      return false;
    }
    return proposed.isEmpty() || proposed.get().isAfter(current.get());
  }

  IssuedToken regenerate(Actor actor, String tokenId, Duration gracePeriod) {
    requireNonNull(gracePeriod, "gracePeriod must not be null");
    if (gracePeriod.isNegative()) {
      throw new InvalidTokenRequestException(
          "gracePeriod", "gracePeriod must not be negative, was " + gracePeriod);
    }
    if (gracePeriod.compareTo(settings.maxGracePeriod()) > 0) {
      throw new InvalidTokenRequestException(
          "gracePeriod",
          "gracePeriod must be at most " + settings.maxGracePeriod() + ", was " + gracePeriod);
    }
    StoredToken current = access.load(actor, tokenId);
    if (current.token().kind() == TokenKind.ORGANIZATION) {
      // A new secret is a new credential in the actor's hands: like issuing, it must not carry
      // permissions the actor does not hold. (Personal tokens are the actor's own and are cut to
      // the owner's current permissions on every verification anyway.)
      access.requireHeld(actor, current.token().permissions());
    }
    String secret = TokenFormat.newSecret(random);
    String hash = settings.hasher().hash(secret);
    // The replaced secret is kept with the end of its grace period (now, without one), so that a
    // later use of it is told apart from a random bad secret and reported.
    Instant validUntil = settings.now().plus(gracePeriod);
    StoredToken saved = updateWithRetry(current, stored -> stored.withNewSecret(hash, validUntil));
    settings.events().regenerated(saved.token(), actor);
    audit.record(actor, AuditAction.REGENERATED, saved.token());
    return new IssuedToken(saved.token(), settings.format().format(saved.id(), secret));
  }

  void revoke(Actor actor, String tokenId) {
    StoredToken stored = access.load(actor, tokenId);
    if (!settings.store().delete(tokenId)) {
      throw new TokenNotFoundException(tokenId);
    }
    settings.events().revoked(stored.token(), actor);
    audit.record(actor, AuditAction.REVOKED, stored.token());
  }

  int revokeAll(Actor actor, Collection<String> tokenIds) {
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
      throw new InvalidTokenRequestException(
          "ids", "at most " + MAX_BULK + " token ids at once, was " + ids.size());
    }
    List<ApiToken> tokens = new ArrayList<>();
    Set<String> notFound = new TreeSet<>();
    Set<String> denied = new TreeSet<>();
    for (String id : ids) {
      try {
        tokens.add(access.load(actor, id).token());
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
      throw new TokenAccessDeniedException(
          "Only Owners and Admins can delete organization tokens;" + " nothing was deleted.",
          Map.of("ids", List.copyOf(denied)));
    }
    int deleted = settings.store().deleteAll(ids);
    for (ApiToken token : tokens) {
      settings.events().revoked(token, actor);
      audit.record(actor, AuditAction.BULK_REVOKED, token);
    }
    return deleted;
  }

  /**
   * Applies a conditional edit to the version already checked; a conflict here means another edit
   * got in between, which makes this one stale too, so it is not retried.
   */
  private StoredToken updateOnce(StoredToken current, UnaryOperator<StoredToken> change) {
    try {
      return settings.store().update(change.apply(current), current.version());
    } catch (StaleTokenEditException e) {
      throw e;
    } catch (TokenConflictException e) {
      long now =
          settings
              .store()
              .find(current.id())
              .orElseThrow(() -> new TokenNotFoundException(current.id()))
              .version();
      throw new StaleTokenEditException(current.id(), current.version(), now);
    }
  }

  private StoredToken updateWithRetry(StoredToken current, UnaryOperator<StoredToken> change) {
    StoredToken base = current;
    for (int attempt = 1; ; attempt++) {
      try {
        return settings.store().update(change.apply(base), base.version());
      } catch (TokenConflictException e) {
        if (attempt == CONFLICT_RETRIES) {
          throw e;
        }
        base =
            settings
                .store()
                .find(current.id())
                .orElseThrow(() -> new TokenNotFoundException(current.id()));
      }
    }
  }
}
