package dev.tokenry;

import static java.util.Objects.requireNonNull;

import dev.tokenry.spi.Project;
import dev.tokenry.spi.ProjectDirectory;
import dev.tokenry.spi.TokenEventListener;
import dev.tokenry.spi.TokenHasher;
import dev.tokenry.spi.TokenStore;
import dev.tokenry.spi.UserPermissionResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The entry point: issues, verifies, lists, edits, regenerates and revokes API tokens. Build one
 * per application with {@link #builder()}; it is immutable and thread-safe. Close it on shutdown to
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

  private final Settings settings;
  private final LastUsedRecorder lastUsed;
  private final Verifier verifier;
  private final AccessRules access;
  private final TokenManagement management;

  private Tokenry(Builder builder) {
    List<TokenHasher> verifiers = new ArrayList<>();
    verifiers.add(builder.hasher);
    verifiers.addAll(builder.acceptedHashers);
    if (!verifiers.contains(Sha256Hasher.INSTANCE)) {
      verifiers.add(Sha256Hasher.INSTANCE);
    }
    this.settings =
        new Settings(
            new TokenFormat(builder.prefix),
            builder.store,
            builder.hasher,
            List.copyOf(verifiers),
            builder.clock,
            new SafeEventListener(builder.events),
            Optional.ofNullable(builder.userPermissions),
            Optional.ofNullable(builder.knownPermissions),
            Optional.ofNullable(builder.projects));
    this.lastUsed = new LastUsedRecorder(builder.store, builder.lastUsedFlushInterval);
    this.verifier = new Verifier(settings, lastUsed);
    this.access = new AccessRules(settings);
    this.management = new TokenManagement(settings, access);
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
    return settings.format().prefix();
  }

  /**
   * Returns the projects of the actor's organization, from the host's {@link ProjectDirectory}, for
   * showing names beside project-scoped tokens and offering scopes on a token page.
   *
   * @param actor who asks
   * @return the projects, empty when no directory is configured
   */
  public List<Project> projects(Actor actor) {
    requireNonNull(actor, "actor must not be null");
    return settings
        .projects()
        .map(directory -> List.copyOf(directory.projectsOf(actor.organizationId())))
        .orElse(List.of());
  }

  /**
   * Returns what the actor may put into an organization token: with {@code knownPermissions}, the
   * known permissions the actor holds now (as the host's {@code UserPermissionResolver} says);
   * without a catalogue, the patterns the actor holds. A token page offers these. Personal tokens
   * are not limited by it: they are cut to their owner's permissions at every request.
   *
   * @param actor who asks
   * @return the permissions, sorted; every known one (or {@code *}) for {@link Actor#system}, none
   *     when no resolver is configured or the host does not know the user
   */
  public SortedSet<String> grantablePermissions(Actor actor) {
    return access.grantable(actor);
  }

  /**
   * Returns the known permissions, if configured.
   *
   * @return the catalogue, empty when any well-formed permission is accepted
   */
  public Optional<Set<String>> knownPermissions() {
    return settings.knownPermissions();
  }

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
    return verifier.verify(presented);
  }

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
    return management.issue(actor, request);
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
    return access.load(actor, tokenId).token();
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
    return management.list(actor, filter);
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
    return management.update(actor, tokenId, update, null);
  }

  /**
   * Edits a token only if it is still at the version the caller read ({@link ApiToken#version()}),
   * so an edit made from a stale form cannot undo someone else's newer one. It is never retried
   * past a version mismatch.
   *
   * <pre>{@code
   * ApiToken loaded = tokenry.get(actor, id);
   * // ... the user edits a form showing `loaded` ...
   * tokenry.update(actor, id, TokenUpdate.builder().name("deploy").build(), loaded.version());
   * }</pre>
   *
   * @param actor who edits
   * @param tokenId the token id
   * @param update what to change
   * @param expectedVersion the version the caller read; the edit applies only if it is current
   * @return the token as it is now
   * @throws StaleTokenEditException if the token is no longer at {@code expectedVersion}; nothing
   *     was changed
   * @throws InvalidTokenRequestException listing every invalid field
   * @throws TokenAccessDeniedException if the actor may not manage it or would grant permissions
   *     they do not hold
   * @throws TokenNotFoundException if there is no such token or the actor may not see it
   * @throws DuplicateTokenNameException if the new name is taken
   */
  public ApiToken update(Actor actor, String tokenId, TokenUpdate update, long expectedVersion) {
    return management.update(actor, tokenId, update, expectedVersion);
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
    return management.regenerate(actor, tokenId);
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
    management.revoke(actor, tokenId);
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
    return management.revokeAll(actor, tokenIds);
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
    return preset.expiresAt(settings.now());
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

  @Override
  public String toString() {
    return "Tokenry[prefix="
        + prefix()
        + ", hasher="
        + settings.hasher().algorithm()
        + ", store="
        + settings.store().getClass().getSimpleName()
        + "]";
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
    private ProjectDirectory projects;
    private Set<String> knownPermissions;
    private Duration lastUsedFlushInterval = Duration.ofSeconds(30);

    private Builder() {}

    /**
     * Sets the token prefix: {@code [a-z][a-z0-9]{1,15}}, optionally with one {@code _}-joined part
     * such as {@code acme_live}. Default {@code tkr}. Tokens with another prefix are rejected.
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
     * Accepts hashes made by another hasher too (for example Argon2 hashes while moving to HMAC).
     * {@code sha256} hashes are always accepted.
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
     * Sets how Tokenry learns what a user may do now. Required for personal tokens (without it they
     * never verify) and for users issuing or editing tokens.
     *
     * @param resolver the host's answer
     * @return this builder
     */
    public Builder userPermissions(UserPermissionResolver resolver) {
      this.userPermissions = requireNonNull(resolver, "resolver must not be null");
      return this;
    }

    /**
     * Sets where Tokenry learns an organization's projects. With it, a project scope must name a
     * project of the token's own organization (else {@code scope.projectId} is refused), and {@link
     * Tokenry#projects(Actor)} lists them; without it any well-formed project id is taken.
     *
     * @param directory the host's projects
     * @return this builder
     */
    public Builder projects(ProjectDirectory directory) {
      this.projects = requireNonNull(directory, "directory must not be null");
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
          throw new IllegalArgumentException(
              "known permissions must be concrete, was '" + permission + "'");
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
